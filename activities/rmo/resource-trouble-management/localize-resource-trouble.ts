import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import type { Ports } from '../../../src/ports';
import type { TestResult } from '../../../src/ports/network-activation';
import { Id, mustTrouble } from './trouble-records';

/** How many contained elements localization tests below the troubled resource. */
const MAX_TESTS = 64;

export const LocalizeResourceTroubleInput = z.object({ troubleId: Id });
const TestOut = z.object({ target: z.string(), passed: z.boolean(), detail: z.string() });
export const LocalizeResourceTroubleOutput = z.object({
  troubleId: Id,
  found: z.boolean(),
  faultResourceId: Id.nullable(),
  tests: z.array(TestOut),
  /** Alarms of the trouble's root cause still raised (0: it cleared; null: no alarm behind it). */
  openAlarms: z.number().int().nonnegative().nullable(),
  detail: z.string(),
});
export type LocalizeResourceTroubleOutput = z.infer<typeof LocalizeResourceTroubleOutput>;

/**
 * 1.A.3.3.2 — find the root cause: diagnose the troubled resource and what it contains,
 * and tell tracking (the report) what was found. Nothing failing means a false alarm.
 */
export function createLocalizeResourceTrouble(ports: Pick<Ports, 'alarms' | 'resourceTroubles' | 'networkActivation'>) {
  const { alarms, resourceTroubles: troubles, networkActivation: network } = ports;
  return defineProcess(
    { etomId: '1.A.3.3.2', input: LocalizeResourceTroubleInput, output: LocalizeResourceTroubleOutput },
    async (input, call) => {
      const trouble = await mustTrouble(troubles, input.troubleId);
      if (trouble.state !== 'acknowledged' && trouble.state !== 'localized' && trouble.state !== 'recovering') {
        return reject(BusinessErrorType.InvalidStateTransition, `resource trouble ${trouble.id} is ${trouble.state}`);
      }
      const resource =
        (await troubles.resource(trouble.resourceId)) ??
        reject(BusinessErrorType.NotFound, `no resource ${trouble.resourceId}`);
      const below = (await troubles.descendants(resource.id)).slice(0, MAX_TESTS);
      const tests: TestResult[] = [];
      for (const r of [resource, ...below]) {
        tests.push(await network.diagnose(r.id));
        call.heartbeat({ tested: r.id });
      }
      const rootCause = trouble.origin === 'alarm' ? await alarms.rootCause(trouble.id) : undefined;
      const openAlarms = rootCause ? rootCause.openAlarms : null;
      const failed = tests.filter((t) => !t.passed);
      const summary = (t: TestResult) => ({ target: t.target, passed: t.passed, detail: t.detail });
      if (failed.length === 0) {
        const detail = `all ${tests.length} test(s) passed${openAlarms === 0 ? '; the alarms have cleared' : ''}`;
        await troubles.amend(
          `${call.idempotencyKey}/diagnosis`,
          trouble.id,
          { diagnosis: detail },
          '1.A.3.3.2',
          detail,
        );
        return {
          troubleId: trouble.id,
          found: false,
          faultResourceId: null,
          tests: tests.map(summary),
          openAlarms,
          detail,
        };
      }
      // The troubled unit itself, or — when it passes — the one contained element that fails.
      const rootFailed = failed.some((t) => t.target === resource.id);
      const fault = rootFailed || failed.length > 1 ? resource.id : failed[0]!.target;
      const detail = `${fault} at fault: ${failed.map((t) => `${t.target} ${t.detail}`).join('; ')}`;
      await troubles.amend(
        `${call.idempotencyKey}/diagnosis`,
        trouble.id,
        { faultResourceId: fault, diagnosis: detail },
        '1.A.3.3.2',
        detail,
      );
      if (trouble.state === 'acknowledged') {
        await troubles.setState(`${call.idempotencyKey}/localized`, trouble.id, 'localized', '1.A.3.3.2', detail);
      }
      return {
        troubleId: trouble.id,
        found: true,
        faultResourceId: fault,
        tests: tests.map(summary),
        openAlarms,
        detail,
      };
    },
  );
}
