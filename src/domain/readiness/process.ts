import type { z } from 'zod';
import { defineProcess, type ProcessCall } from '../../contracts/activity';
import type { Ports } from '../../ports';
import { readinessRun } from './assess';
import { ReadinessOutcome, ReadinessRunInput } from './report';

/** The ports of a readiness process: where its reports and actions go, the clock, and its own `K`. */
export type ReadinessPorts<K extends keyof Ports = never> = Pick<Ports, 'readinessReports' | 'clock' | K>;

/** The run a readiness process fills: figures, findings, objectives held, and its report. */
export type ReadinessRun = ReturnType<typeof readinessRun>;

/**
 * Declares one Operations Support & Readiness process (1.O.*.1.*). Every one takes the same run
 * input and answers a readiness outcome (`output` extends it where the process gives more); what
 * is its own is `assess`, which studies its figures in the run `r`, holds them against their
 * objectives, and ends with `r.finish(details)`.
 */
export function defineReadinessProcess<
  K extends keyof Ports = never,
  O extends z.ZodType<z.output<typeof ReadinessOutcome>> = typeof ReadinessOutcome,
>(
  spec: { etomId: string; layer: string; output?: O },
  ports: ReadinessPorts<K>,
  assess: (r: ReadinessRun, input: z.output<typeof ReadinessRunInput>, call: ProcessCall) => Promise<z.input<O>>,
) {
  const output = (spec.output ?? ReadinessOutcome) as O;
  return defineProcess({ etomId: spec.etomId, input: ReadinessRunInput, output }, (input, call) =>
    assess(readinessRun(ports, call, spec.layer, input), input, call),
  );
}
