import { z } from 'zod';
import { defineProcess } from '../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../src/contracts/errors';
import { ResourceTroubleRequest, ResourceTroubleUpdate } from '../../src/domain/assurance/messages';
import { ResourceTroubleState } from '../../src/domain/assurance/states';
import { AssuranceTimings } from '../../src/domain/assurance/timings';
import type { Ports } from '../../src/ports';
import type { AlarmDecision, AlarmRecord, NewRootCause, RootCauseRecord } from '../../src/ports/alarms';
import type { TestResult } from '../../src/ports/network-activation';
import type { ResourceTroubleRecord } from '../../src/ports/resource-troubles';

/**
 * Resource Trouble Management (1.A.3.3): from the alarms the network raises to a resource put
 * right. Survey & analysis (1.A.3.3.1) correlates the alarm list into root causes; each root
 * cause is a resource trouble report that is tracked (1.A.3.3.4), localized by tests
 * (1.A.3.3.2), reported to Service Problem Management for the services it touches (1.A.3.3.5),
 * corrected — automatically onto a redundant unit, or by a technician (1.A.3.3.3) — and closed
 * with what prevents it from happening again (1.A.3.3.6).
 */

const Id = z.string().min(1);

/** At most this many new root causes per survey: the rest wait for the next call. */
export const MAX_ROOT_CAUSES_PER_SURVEY = 500;
/** Alarm ids a new root cause carries as a sample (the store has them all). */
const ROOT_SAMPLE = 10;
/** How many contained elements localization tests below the troubled resource. */
const MAX_TESTS = 64;

/**
 * Symptoms rather than causes: a port loses signal because its card failed more often than
 * not. Such an alarm waits (missingInfoTimeout) for its container's state before it is taken
 * as a root cause of its own.
 */
const CONSEQUENTIAL_TYPES = new Set(['communicationsAlarm', 'qualityOfServiceAlarm']);

export const SurveyInput = z.object({
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
export type SurveyInput = z.input<typeof SurveyInput>;

export const NewRootCauseOut = z.object({
  troubleId: Id,
  resourceId: Id,
  probableCause: z.string(),
  alarmCount: z.number().int().nonnegative(),
  alarmIds: z.array(Id).max(ROOT_SAMPLE),
  reason: z.string(),
});
export type NewRootCauseOut = z.infer<typeof NewRootCauseOut>;

export const SurveyOutput = z.object({
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
  rootCauses: z.array(NewRootCauseOut).max(MAX_ROOT_CAUSES_PER_SURVEY),
  /** When to look again at the alarms still waiting for information (ms from now), if any. */
  nextCheckInMs: z.number().int().nonnegative().nullable(),
});
export type SurveyOutput = z.infer<typeof SurveyOutput>;

const TroubleView = z.object({
  troubleId: Id,
  state: ResourceTroubleState,
  resourceId: Id,
  faultResourceId: Id.nullable(),
  recovery: z.enum(['switchedToRedundant', 'repaired', 'replaced', 'none']).nullable(),
  detail: z.string(),
});
export type TroubleView = z.infer<typeof TroubleView>;

export const TrackInput = z.discriminatedUnion('action', [
  /** Creates the trouble report, acknowledged, and acknowledges the alarms behind it. */
  z.object({ action: z.literal('create'), request: ResourceTroubleRequest, workflowId: Id }),
  /** Cancels the report: the problem was a false alarm. */
  z.object({ action: z.literal('cancel'), troubleId: Id, reason: z.string().min(1) }),
]);
export type TrackInput = z.input<typeof TrackInput>;

export const LocalizeInput = z.object({ troubleId: Id });
const TestOut = z.object({ target: z.string(), passed: z.boolean(), detail: z.string() });
export const LocalizeOutput = z.object({
  troubleId: Id,
  found: z.boolean(),
  faultResourceId: Id.nullable(),
  tests: z.array(TestOut),
  /** Alarms of the trouble's root cause still raised (0: it cleared; null: no alarm behind it). */
  openAlarms: z.number().int().nonnegative().nullable(),
  detail: z.string(),
});
export type LocalizeOutput = z.infer<typeof LocalizeOutput>;

export const CorrectInput = z.discriminatedUnion('action', [
  /** Automatic recovery where the inventory has a redundant unit; else what a technician must do. */
  z.object({ action: z.literal('recover'), troubleId: Id }),
  /** After the technician's work order: check the fix, and record it. */
  z.object({
    action: z.literal('verify'),
    troubleId: Id,
    workOrderId: Id,
    kind: z.enum(['repair', 'replace']),
    outcome: z.enum(['fixed', 'notFixed', 'cancelled']),
    notes: z.string().default(''),
  }),
]);
export type CorrectInput = z.input<typeof CorrectInput>;
export const CorrectOutput = z.object({
  troubleId: Id,
  recovered: z.boolean(),
  recovery: z.enum(['switchedToRedundant', 'repaired', 'replaced', 'none']),
  /** When not recovered: the work order the support processes must carry out. */
  workOrder: z
    .object({ kind: z.enum(['repair', 'replace']), skill: Id, region: Id, description: z.string().min(1) })
    .nullable(),
  restored: z.array(Id),
  detail: z.string(),
});
export type CorrectOutput = z.infer<typeof CorrectOutput>;

export const ReportInput = z.object({
  troubleId: Id,
  /** `new`: a new trouble (finds the services it touches); `stateChange`: its state moved. */
  action: z.enum(['new', 'stateChange']),
});
const ServiceToReport = z.object({
  serviceId: Id,
  customerId: Id,
  serviceProblemId: Id,
  /** The SM&O workflow to signal: started by this trouble for origin alarm, the requester otherwise. */
  workflowId: Id,
});
export const ReportOutput = z.object({
  update: ResourceTroubleUpdate,
  /** With `new`: the services to open a service problem for; with `stateChange`: those to tell. */
  services: z.array(ServiceToReport),
});
export type ReportOutput = z.infer<typeof ReportOutput>;

export const CloseInput = z.object({ troubleId: Id });
export const CloseOutput = z.object({
  troubleId: Id,
  state: z.literal('closed'),
  recovery: z.enum(['switchedToRedundant', 'repaired', 'replaced', 'none']),
  resolution: z.string().nullable(),
  prevention: z.string(),
});

const view = (t: ResourceTroubleRecord, detail: string): TroubleView => ({
  troubleId: t.id,
  state: t.state,
  resourceId: t.resourceId,
  faultResourceId: t.faultResourceId,
  recovery: t.recovery,
  detail,
});

/** The service problem SM&O opens for a service a trouble touches: one per trouble and service. */
export const serviceProblemIdFor = (troubleId: string, serviceId: string) => `SP-${troubleId}-${serviceId}`;

export function createResourceTroubleManagementActivities(
  ports: Pick<Ports, 'alarms' | 'resourceTroubles' | 'networkActivation' | 'clock'>,
) {
  const { alarms, resourceTroubles: troubles, networkActivation: network, clock } = ports;

  const mustTrouble = async (id: string) =>
    (await troubles.get(id)) ?? reject(BusinessErrorType.NotFound, `no resource trouble ${id}`);

  /**
   * 1.A.3.3.1 — analyse the alarms of a batch: repeats of an alarm still raised are merged
   * into it, alarms raised and cleared within the transient window are suppressed, alarms a
   * failed container explains (a card's ports, a node's cards) are folded under that one root
   * cause; what expected information has not come (a clear, the container's state) waits,
   * and once the wait is over acts on what it knows.
   */
  const surveyAndAnalyzeResourceTrouble = defineProcess(
    { etomId: '1.A.3.3.1', input: SurveyInput, output: SurveyOutput },
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
      const created: RootCauseRecord[] = await alarms.recordAnalysis(recordKey, {
        batchId: input.batchId,
        idPrefix: input.troubleIdPrefix,
        decisions,
        newRootCauses: newRoots,
        outcome,
      });
      const next = deadlines.length ? Math.max(0, Math.min(...deadlines) - now) : null;
      return {
        batchId: input.batchId,
        counts: outcome,
        rootCauses: created.map((rc) => ({
          troubleId: rc.id,
          resourceId: rc.resourceId,
          probableCause: rc.probableCause,
          alarmCount: rc.alarmCount,
          alarmIds: rc.sampleAlarmIds.slice(0, ROOT_SAMPLE),
          reason: rc.reason,
        })),
        nextCheckInMs: next === null ? null : Math.ceil(next),
      };
    },
  );

  /**
   * 1.A.3.3.4 — the trouble report: created with what is known, its state moved as the work
   * goes on (the other processes move it through the store), cancelled when it was a false alarm.
   */
  const trackAndManageResourceTrouble = defineProcess(
    { etomId: '1.A.3.3.4', input: TrackInput, output: TroubleView },
    async (input, call) => {
      if (input.action === 'create') {
        const r = input.request;
        const trouble = await troubles.create(`${call.idempotencyKey}/create`, {
          id: r.troubleId,
          origin: r.origin,
          resourceId: r.resourceId,
          description: r.description,
          alarmCount: r.alarmCount,
          alarmIds: r.alarmIds,
          serviceProblemId: r.serviceProblem?.serviceProblemId ?? null,
          workflowId: input.workflowId,
        });
        const rootCause = r.origin === 'alarm' ? await alarms.rootCause(r.troubleId) : undefined;
        const acked = rootCause ? await alarms.acknowledgeRootCause(`${call.idempotencyKey}/ack`, rootCause.id) : 0;
        return view(
          trouble,
          rootCause ? `trouble report created; ${acked} alarm(s) acknowledged` : 'trouble report created',
        );
      }
      const trouble = await mustTrouble(input.troubleId);
      const cancelled = await troubles.setState(
        `${call.idempotencyKey}/cancel`,
        trouble.id,
        'cancelled',
        '1.A.3.3.4',
        `false alarm: ${input.reason}`,
      );
      if (await alarms.rootCause(trouble.id)) {
        await alarms.closeRootCause(`${call.idempotencyKey}/alarms`, trouble.id, clock().toISOString());
      }
      return view(cancelled, `cancelled: ${input.reason}`);
    },
  );

  /**
   * 1.A.3.3.2 — find the root cause: diagnose the troubled resource and what it contains,
   * and tell tracking (the report) what was found. Nothing failing means a false alarm.
   */
  const localizeResourceTrouble = defineProcess(
    { etomId: '1.A.3.3.2', input: LocalizeInput, output: LocalizeOutput },
    async (input, call) => {
      const trouble = await mustTrouble(input.troubleId);
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

  const skillFor = (resourceType: string) =>
    resourceType === 'cpe' ? 'cpe' : resourceType === 'port' ? 'fibre' : 'fibre';

  /**
   * 1.A.3.3.3 — put the resource right: switch automatically to the redundant unit where
   * there is one (the services on it come back at once), otherwise say what repair or
   * replacement the support processes must carry out, and check their work when it is done.
   */
  const correctAndRecoverResourceTrouble = defineProcess(
    { etomId: '1.A.3.3.3', input: CorrectInput, output: CorrectOutput },
    async (input, call): Promise<CorrectOutput> => {
      const trouble = await mustTrouble(input.troubleId);
      const faultId = trouble.faultResourceId ?? trouble.resourceId;
      const fault = (await troubles.resource(faultId)) ?? reject(BusinessErrorType.NotFound, `no resource ${faultId}`);
      if (trouble.state === 'localized') {
        await troubles.setState(
          `${call.idempotencyKey}/recovering`,
          trouble.id,
          'recovering',
          '1.A.3.3.3',
          `recovering ${faultId}`,
        );
      } else if (trouble.state !== 'recovering') {
        return reject(BusinessErrorType.InvalidStateTransition, `resource trouble ${trouble.id} is ${trouble.state}`);
      }
      const resolve = async (
        recovery: 'switchedToRedundant' | 'repaired' | 'replaced',
        resolution: string,
        restored: string[],
      ) => {
        await troubles.amend(
          `${call.idempotencyKey}/resolution`,
          trouble.id,
          { recovery, resolution },
          '1.A.3.3.3',
          resolution,
        );
        await troubles.setState(`${call.idempotencyKey}/resolved`, trouble.id, 'resolved', '1.A.3.3.3', resolution);
        return { troubleId: trouble.id, recovered: true, recovery, workOrder: null, restored, detail: resolution };
      };

      if (input.action === 'verify') {
        if (input.outcome !== 'fixed') {
          const detail = `work order ${input.workOrderId} ${input.outcome}: ${faultId} still at fault`;
          await troubles.setState(`${call.idempotencyKey}/back`, trouble.id, 'localized', '1.A.3.3.3', detail);
          return { troubleId: trouble.id, recovered: false, recovery: 'none', workOrder: null, restored: [], detail };
        }
        let test = await network.diagnose(faultId);
        // The technician says fixed: what they did is recorded on the element, then tested again.
        if (!test.passed) {
          test = await network.repair(
            `${call.idempotencyKey}/repair`,
            faultId,
            `${input.workOrderId}: ${input.notes || input.kind}`,
          );
        }
        if (!test.passed) {
          const detail = `work order ${input.workOrderId} reported fixed but ${faultId} still fails: ${test.detail}`;
          await troubles.setState(`${call.idempotencyKey}/back`, trouble.id, 'localized', '1.A.3.3.3', detail);
          return { troubleId: trouble.id, recovered: false, recovery: 'none', workOrder: null, restored: [], detail };
        }
        const recovery = input.kind === 'replace' ? 'replaced' : 'repaired';
        return resolve(recovery, `${faultId} ${recovery} (work order ${input.workOrderId}); tests pass`, [faultId]);
      }

      const mate = fault.mateId ? await troubles.resource(fault.mateId) : undefined;
      if (
        mate &&
        mate.state !== 'outOfService' &&
        mate.state !== 'retired' &&
        (await network.diagnose(mate.id)).passed
      ) {
        const restored = await network.protectionSwitch(`${call.idempotencyKey}/switch`, fault.id, mate.id);
        const tests = [];
        for (const id of restored) tests.push(await network.testResource(id));
        const failing = tests.filter((t) => !t.passed);
        if (failing.length === 0) {
          await troubles.recordProtectionSwitch(
            `${call.idempotencyKey}/record`,
            trouble.id,
            fault.id,
            mate.id,
            restored,
          );
          return resolve(
            'switchedToRedundant',
            `traffic of ${fault.id} switched to its mate ${mate.id}; ${restored.length} element(s) restored`,
            restored,
          );
        }
      }
      const kind =
        fault.resourceType === 'card' || fault.resourceType === 'node' || fault.resourceType === 'cpe'
          ? 'replace'
          : 'repair';
      const detail = `${faultId} needs a technician (${kind})${mate ? `: its mate ${mate.id} cannot take over` : ': no redundant unit'}`;
      await troubles.amend(`${call.idempotencyKey}/support`, trouble.id, {}, '1.A.3.3.3', detail);
      return {
        troubleId: trouble.id,
        recovered: false,
        recovery: 'none',
        workOrder: {
          kind,
          skill: skillFor(fault.resourceType),
          region: fault.region,
          description: `${kind} ${faultId} (${trouble.diagnosis ?? trouble.description})`,
        },
        restored: [],
        detail,
      };
    },
  );

  /**
   * 1.A.3.3.5 — report new troubles and state changes to Service Problem Management: for a
   * trouble the network raised, one service problem per active service it touches; for one
   * SM&O asked about, the answer goes back to that service problem.
   */
  const reportResourceTrouble = defineProcess(
    { etomId: '1.A.3.3.5', input: ReportInput, output: ReportOutput },
    async (input, call) => {
      const trouble = await mustTrouble(input.troubleId);
      const detail =
        trouble.state === 'resolved' || trouble.state === 'closed'
          ? (trouble.resolution ?? `trouble ${trouble.state}`)
          : (trouble.diagnosis ?? trouble.description);
      const update = {
        troubleId: trouble.id,
        resourceId: trouble.faultResourceId ?? trouble.resourceId,
        state: trouble.state,
        process: '1.A.3.3.5',
        detail,
      };
      if (input.action === 'new' && trouble.origin !== 'serviceProblem') {
        const affected = await troubles.activeServicesOn(trouble.faultResourceId ?? trouble.resourceId);
        const services = affected.map((s) => {
          const serviceProblemId = serviceProblemIdFor(trouble.id, s.serviceId);
          return { serviceId: s.serviceId, customerId: s.customerId, serviceProblemId, workflowId: serviceProblemId };
        });
        await troubles.recordReportedServices(
          `${call.idempotencyKey}/services`,
          trouble.id,
          services.map((s) => ({
            serviceId: s.serviceId,
            customerId: s.customerId,
            serviceProblemId: s.serviceProblemId,
            serviceProblemWorkflowId: s.workflowId,
            lastReportedState: trouble.state,
          })),
        );
        return { update, services };
      }
      const reported = (await troubles.reportedServices(trouble.id)).filter((s) => s.serviceProblemWorkflowId);
      await troubles.recordReportedServices(
        `${call.idempotencyKey}/services`,
        trouble.id,
        reported.map((s) => ({ ...s, lastReportedState: trouble.state })),
      );
      return {
        update,
        services: reported.map((s) => ({
          serviceId: s.serviceId,
          customerId: s.customerId,
          serviceProblemId: s.serviceProblemId!,
          workflowId: s.serviceProblemWorkflowId!,
        })),
      };
    },
  );

  /**
   * 1.A.3.3.6 — close the resolved trouble, with what keeps it from coming back: a unit now
   * running on its mate is flagged for replacement; a repaired element is kept under test.
   */
  const closeResourceTrouble = defineProcess(
    { etomId: '1.A.3.3.6', input: CloseInput, output: CloseOutput },
    async (input, call) => {
      const trouble = await mustTrouble(input.troubleId);
      if (trouble.state === 'closed' && trouble.prevention) {
        return {
          troubleId: trouble.id,
          state: 'closed' as const,
          recovery: trouble.recovery ?? 'none',
          resolution: trouble.resolution,
          prevention: trouble.prevention,
        };
      }
      if (trouble.state !== 'resolved') {
        return reject(
          BusinessErrorType.InvalidStateTransition,
          `resource trouble ${trouble.id} is ${trouble.state}, not resolved`,
        );
      }
      const faultId = trouble.faultResourceId ?? trouble.resourceId;
      let prevention: string;
      if (trouble.recovery === 'switchedToRedundant') {
        prevention = `${faultId} flagged for replacement: its mate carries the traffic unprotected until then`;
        await troubles.flagForReplacement(
          `${call.idempotencyKey}/flag`,
          faultId,
          `${trouble.id}: ${trouble.diagnosis ?? 'failed'}`,
        );
      } else if (trouble.recovery === 'replaced') {
        prevention = `${faultId} replaced; the failed unit returned to the supplier for analysis`;
      } else {
        prevention = `${faultId} repaired; kept under periodic test`;
      }
      await troubles.amend(`${call.idempotencyKey}/prevention`, trouble.id, { prevention }, '1.A.3.3.6', prevention);
      if (await alarms.rootCause(trouble.id)) {
        await alarms.closeRootCause(`${call.idempotencyKey}/alarms`, trouble.id, clock().toISOString());
      }
      const closed = await troubles.setState(
        `${call.idempotencyKey}/closed`,
        trouble.id,
        'closed',
        '1.A.3.3.6',
        prevention,
      );
      return {
        troubleId: closed.id,
        state: 'closed' as const,
        recovery: closed.recovery ?? 'none',
        resolution: closed.resolution,
        prevention,
      };
    },
  );

  return {
    surveyAndAnalyzeResourceTrouble,
    localizeResourceTrouble,
    correctAndRecoverResourceTrouble,
    trackAndManageResourceTrouble,
    reportResourceTrouble,
    closeResourceTrouble,
  };
}
