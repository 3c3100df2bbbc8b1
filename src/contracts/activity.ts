import { randomUUID } from 'node:crypto';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { type z } from 'zod';
import { BusinessErrorType, BusinessRejection, TransientFault } from './errors';

/**
 * The one mechanism by which a Level-3 eTOM process becomes a Temporal activity.
 *
 * The contract owns the boundary: input is parsed before the process runs (so nothing is
 * half-written on bad input), output is parsed before it leaves (so a workflow never sees a
 * shape its types do not promise), and failures leave as ApplicationFailures whose `type` is
 * stable and whose retryability says whether the business refused or a system stumbled.
 */

/** What a process implementation knows about the call it is serving. */
export interface ProcessCall {
  /** The eTOM id of the process being run, e.g. "1.F.1.5.2". */
  etomId: string;
  /**
   * Stable across retries of one activity execution (workflow id + run id + activity id), so
   * adapters can make a retried call change nothing twice. The run id matters: activity ids
   * start again at 1 when a workflow continues as new, and a new run's work is not a retry.
   */
  idempotencyKey: string;
  /** Reports progress on long work; a no-op outside a Temporal activity. */
  heartbeat(details?: unknown): void;
}

export interface EtomProcessSpec<I extends z.ZodType, O extends z.ZodType> {
  etomId: string;
  input: I;
  output: O;
}

/** An activity function that also says which eTOM process it implements. */
export type EtomActivity<I extends z.ZodType, O extends z.ZodType> = ((
  input: z.input<I>,
  call?: Partial<ProcessCall>,
) => Promise<z.output<O>>) & { readonly etomId: string; readonly input: I; readonly output: O };

function currentTemporalCall(): Pick<ProcessCall, 'idempotencyKey' | 'heartbeat'> | undefined {
  let ctx: Context;
  try {
    ctx = Context.current();
  } catch {
    return undefined; // called directly (unit test, script), not by a worker
  }
  const { workflowExecution, activityId } = ctx.info;
  // Activities run outside a workflow (standalone) have no execution: their id alone is stable.
  const execution = workflowExecution ? `${workflowExecution.workflowId}/${workflowExecution.runId}` : 'standalone';
  return {
    idempotencyKey: `${execution}/${activityId}`,
    heartbeat: (details) => ctx.heartbeat(details),
  };
}

function describeZodError(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}

/** Declares the activity that implements one Level-3 process. */
export function defineProcess<I extends z.ZodType, O extends z.ZodType>(
  spec: EtomProcessSpec<I, O>,
  run: (input: z.output<I>, call: ProcessCall) => Promise<z.input<O>>,
): EtomActivity<I, O> {
  const activity = async (rawInput: z.input<I>, callOverrides?: Partial<ProcessCall>) => {
    const parsed = spec.input.safeParse(rawInput);
    if (!parsed.success) {
      throw ApplicationFailure.create({
        type: BusinessErrorType.InvalidInput,
        message: `${spec.etomId}: invalid input: ${describeZodError(parsed.error)}`,
        nonRetryable: true,
        details: [{ etomId: spec.etomId, issues: parsed.error.issues }],
      });
    }
    const temporal = currentTemporalCall();
    const call: ProcessCall = {
      etomId: spec.etomId,
      idempotencyKey: temporal?.idempotencyKey ?? `local/${randomUUID()}`,
      heartbeat: temporal?.heartbeat ?? (() => undefined),
      ...callOverrides,
    };
    let result: z.input<O>;
    try {
      result = await run(parsed.data, call);
    } catch (err) {
      throw toFailure(spec.etomId, err);
    }
    const out = spec.output.safeParse(result);
    if (!out.success) {
      throw ApplicationFailure.create({
        type: BusinessErrorType.ContractViolation,
        message: `${spec.etomId}: output breaks its contract: ${describeZodError(out.error)}`,
        nonRetryable: true,
      });
    }
    return out.data;
  };
  return Object.assign(activity, { etomId: spec.etomId, input: spec.input, output: spec.output });
}

function toFailure(etomId: string, err: unknown): unknown {
  if (err instanceof BusinessRejection) {
    return ApplicationFailure.create({
      type: err.type,
      message: `${etomId}: ${err.message}`,
      nonRetryable: true,
      details: [{ etomId, ...err.details }],
    });
  }
  if (err instanceof TransientFault) {
    return ApplicationFailure.create({
      type: err.type,
      message: `${etomId}: ${err.message}`,
      nonRetryable: false,
      details: [{ etomId, ...err.details }],
    });
  }
  // Anything unforeseen is treated as transient: Temporal's retry policy decides.
  return err;
}

/** The eTOM ids declared by a set of activities, keyed by activity name. */
export function etomIdsOf(activities: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, fn] of Object.entries(activities)) {
    const etomId = (fn as { etomId?: unknown }).etomId;
    if (typeof etomId === 'string') out[name] = etomId;
  }
  return out;
}
