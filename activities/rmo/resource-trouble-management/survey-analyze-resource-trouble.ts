import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { ALARM_API, alarmEvent } from '../../../src/events/alarm-events';
import { wakeEventDelivery } from '../../../src/events/wake-delivery';
import { ROOT_CAUSE_ALARM_SAMPLE, RootCauseFound } from '../../../src/domain/assurance/resource-trouble-report';
import { AssuranceTimings } from '../../../src/domain/assurance/timings';
import type { Ports } from '../../../src/ports';
import type { AlarmDecision, AlarmRecord, NewRootCause, RootCauseRecord } from '../../../src/ports/alarms';
import { Id } from './trouble-records';

/** At most this many new root causes per survey: the rest wait for the next call. */
export const MAX_ROOT_CAUSES_PER_SURVEY = 500;

/**
 * Symptoms rather than causes: a port loses signal because its card failed more often than
 * not. Such an alarm waits (missingInfoTimeout) for its container's state before it is taken
 * as a root cause of its own.
 */
const CONSEQUENTIAL_TYPES = new Set(['communicationsAlarm', 'qualityOfServiceAlarm']);

export const SurveyAndAnalyzeResourceTroubleInput = z.object({
  /** The batch alarm ingest stored; null re-examines only the alarms waiting for information. */
  batchId: Id.nullable(),
  timings: AssuranceTimings,
  /** Root cause (and resource trouble) ids are `${troubleIdPrefix}-000001`… */
  troubleIdPrefix: Id.default('RT'),
  /**
   * The surveillance run asking. Activity ids start again at each continue-as-new, so the
   * idempotency key (workflow id + activity id) alone would mistake a new run's survey for a
   * retry of the previous run's.
   */
  runId: Id.optional(),
});
export type SurveyAndAnalyzeResourceTroubleInput = z.input<typeof SurveyAndAnalyzeResourceTroubleInput>;

export const SurveyAndAnalyzeResourceTroubleOutput = z.object({
  batchId: Id.nullable(),
  counts: z.object({
    /** Alarms of the batch analysed, and alarms examined in all (waiting ones included). */
    in: z.number().int().nonnegative(),
    examined: z.number().int().nonnegative(),
    merged: z.number().int().nonnegative(),
    suppressed: z.number().int().nonnegative(),
    folded: z.number().int().nonnegative(),
    waiting: z.number().int().nonnegative(),
    rootCauses: z.number().int().nonnegative(),
  }),
  rootCauses: z.array(RootCauseFound).max(MAX_ROOT_CAUSES_PER_SURVEY),
  /** When to look again at the alarms still waiting for information (ms from now), if any. */
  nextCheckInMs: z.number().int().nonnegative().nullable(),
});
export type SurveyAndAnalyzeResourceTroubleOutput = z.infer<typeof SurveyAndAnalyzeResourceTroubleOutput>;

/**
 * 1.A.3.3.1 — analyse the alarms of a batch: repeats of an alarm still raised are merged
 * into it, alarms raised and cleared within the transient window are suppressed, alarms a
 * failed container explains (a card's ports, a node's cards) are folded under that one root
 * cause; what expected information has not come (a clear, the container's state) waits,
 * and once the wait is over acts on what it knows.
 */
export function createSurveyAndAnalyzeResourceTrouble(
  ports: Pick<Ports, 'alarms' | 'resourceTroubles' | 'eventSubscriptions' | 'clock'>,
) {
  const { alarms, resourceTroubles: troubles, eventSubscriptions, clock } = ports;
  return defineProcess(
    {
      etomId: '1.A.3.3.1',
      input: SurveyAndAnalyzeResourceTroubleInput,
      output: SurveyAndAnalyzeResourceTroubleOutput,
    },
    async (input, call) => {
      const now = clock().getTime();
      const { transientWindow, missingInfoTimeout } = input.timings;
      const set = await alarms.toAnalyze(input.batchId, true);
      const inBatch = set.filter((a) => a.batchId === input.batchId).length;
      const objects = [...new Set(set.map((a) => a.alarmedObject))];
      const lineage = await troubles.ancestors(objects);
      const around = [...new Set([...objects, ...objects.flatMap((o) => lineage[o] ?? [])])];
      const examined = new Set(set.map((a) => a.id));
      // Alarms decided before (still raised), and root causes still open, on these resources.
      const decided = (await alarms.raisedOn(around)).filter((a) => !examined.has(a.id) && a.analysis !== 'waiting');
      const openRoots = await alarms.openRootCausesOn(around);

      const decisions: AlarmDecision[] = [];
      const newRoots: NewRootCause[] = [];
      const deadlines: number[] = [];
      const counts = { merged: 0, suppressed: 0, folded: 0, waiting: 0 };
      const wait = (a: AlarmRecord, until: number) => {
        decisions.push({ alarmId: a.id, analysis: 'waiting' });
        deadlines.push(until);
        counts.waiting++;
      };

      // Transients, and alarms that cleared before anything was decided: nothing to work on.
      const raised: AlarmRecord[] = [];
      for (const a of set) {
        if (a.clearedTime) {
          decisions.push({ alarmId: a.id, analysis: 'transient' });
          counts.suppressed++;
        } else raised.push(a);
      }

      // Repeats of an alarm still raised (same resource, same cause) are merged into the first.
      const key = (a: AlarmRecord) => `${a.alarmedObject}\u0000${a.probableCause}`;
      const firstOf = new Map<string, AlarmRecord>();
      for (const a of decided) if (!firstOf.has(key(a))) firstOf.set(key(a), a);
      const primaries: AlarmRecord[] = [];
      const repeats: Array<{ alarm: AlarmRecord; first: AlarmRecord }> = [];
      for (const a of raised) {
        const first = firstOf.get(key(a));
        if (first) repeats.push({ alarm: a, first });
        else {
          firstOf.set(key(a), a);
          primaries.push(a);
        }
      }

      // Containers before what they contain, so a card is decided before its ports.
      const depth = (a: AlarmRecord) => (lineage[a.alarmedObject] ?? []).length;
      primaries.sort((x, y) => depth(x) - depth(y) || x.raisedTime.localeCompare(y.raisedTime));
      /** Per resource, what this pass decided: the root cause (id or new key) or a wait. */
      const verdict = new Map<string, { rootCause: string } | { waitUntil: number }>();
      for (const a of decided) if (a.rootCauseId) verdict.set(a.alarmedObject, { rootCause: a.rootCauseId });
      for (const rc of openRoots) if (!verdict.has(rc.resourceId)) verdict.set(rc.resourceId, { rootCause: rc.id });
      const decidedRoot = new Map<string, string | undefined>();

      for (const a of primaries) {
        const raisedAt = Date.parse(a.raisedTime);
        const own = verdict.get(a.alarmedObject);
        const container = (lineage[a.alarmedObject] ?? []).map((id) => verdict.get(id)).find((v) => v !== undefined);
        const explainedBy = own ?? container;
        if (now - raisedAt < transientWindow) {
          // It may still clear: a transient is only known once its window has passed.
          wait(a, raisedAt + transientWindow);
          verdict.set(a.alarmedObject, { waitUntil: raisedAt + transientWindow });
        } else if (explainedBy && 'waitUntil' in explainedBy) {
          wait(a, explainedBy.waitUntil);
          verdict.set(a.alarmedObject, explainedBy);
        } else if (explainedBy) {
          decisions.push({ alarmId: a.id, analysis: 'folded', rootCause: explainedBy.rootCause });
          decidedRoot.set(a.id, explainedBy.rootCause);
          verdict.set(a.alarmedObject, explainedBy);
          counts.folded++;
        } else if (
          CONSEQUENTIAL_TYPES.has(a.alarmType) &&
          (lineage[a.alarmedObject] ?? []).length > 0 &&
          now - raisedAt < missingInfoTimeout
        ) {
          // A symptom whose container has said nothing yet: wait for its state, for a while.
          wait(a, raisedAt + missingInfoTimeout);
          verdict.set(a.alarmedObject, { waitUntil: raisedAt + missingInfoTimeout });
        } else if (newRoots.length >= MAX_ROOT_CAUSES_PER_SURVEY) {
          wait(a, now);
        } else {
          const rootKey = `new:${newRoots.length}`;
          const waited = now - raisedAt >= missingInfoTimeout && CONSEQUENTIAL_TYPES.has(a.alarmType);
          newRoots.push({
            key: rootKey,
            resourceId: a.alarmedObject,
            probableCause: a.probableCause,
            rootAlarmId: a.id,
            reason: waited
              ? `${a.probableCause} on ${a.alarmedObject}: no alarm from its container within the wait, taken as its own root cause`
              : `${a.probableCause} on ${a.alarmedObject}`,
          });
          decisions.push({ alarmId: a.id, analysis: 'root', rootCause: rootKey });
          decidedRoot.set(a.id, rootKey);
          verdict.set(a.alarmedObject, { rootCause: rootKey });
        }
      }
      for (const { alarm, first } of repeats) {
        const rootCause = first.rootCauseId ?? decidedRoot.get(first.id);
        decisions.push({ alarmId: alarm.id, analysis: 'duplicate', duplicateOf: first.id, rootCause });
        counts.merged++;
      }

      const outcome = { in: inBatch, examined: set.length, ...counts, rootCauses: newRoots.length };
      const recordKey = input.runId ? `${call.idempotencyKey}/${input.runId}` : call.idempotencyKey;
      // Each alarm the analysis changed (isRootCause, parentAlarm, correlatedAlarm) tells its listeners.
      const created: RootCauseRecord[] = await alarms.recordAnalysis(
        recordKey,
        { batchId: input.batchId, idPrefix: input.troubleIdPrefix, decisions, newRootCauses: newRoots, outcome },
        alarmEvent,
      );
      await wakeEventDelivery(eventSubscriptions, ALARM_API);
      const next = deadlines.length ? Math.max(0, Math.min(...deadlines) - now) : null;
      return {
        batchId: input.batchId,
        counts: outcome,
        rootCauses: created.map((rc) => ({
          troubleId: rc.id,
          resourceId: rc.resourceId,
          probableCause: rc.probableCause,
          alarmCount: rc.alarmCount,
          alarmIds: rc.sampleAlarmIds.slice(0, ROOT_CAUSE_ALARM_SAMPLE),
          reason: rc.reason,
        })),
        nextCheckInMs: next === null ? null : Math.ceil(next),
      };
    },
  );
}
