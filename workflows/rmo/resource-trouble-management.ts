import {
  allHandlersFinished,
  condition,
  continueAsNew,
  executeChild,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { RmoActivities } from '../../activities/rmo';
import type {
  ResourceTroubleReport as ReportOutput,
  RootCauseFound as NewRootCauseOut,
} from '../../src/domain/assurance/resource-trouble-report';
import type { AlarmBatch, AlarmSurveillanceRequest } from '../../src/assurance/alarm-ingest';
import type {
  ResourceTroubleRequest,
  ResourceTroubleRequestInput,
  ResourceTroubleResult,
  ResourceTroubleUpdate,
  ServiceProblemRequestInput,
} from '../../src/domain/assurance/messages';
import type { ResourceTroubleState } from '../../src/domain/assurance/states';
import { SYSTEM_CALL } from '../shared/activity-options';
import { childStart, type ChildExtras } from '../shared/child';
import {
  alarmBatchSignal,
  getAlarmSurveillanceQuery,
  getResourceTroubleQuery,
  resourceTroubleUpdateSignal,
} from '../shared/assurance-messages';
import { markProgress } from '../shared/search-attributes';
import { serviceProblem, serviceProblemStart } from '../smo/service-problem-management';
import { workOrder, workOrderStart, workOrderWorkflowId } from './workforce-management';
import { ResourceTroubleRequest as ResourceTroubleRequestContract } from '../../src/domain/assurance/messages';
import { validInput } from '../shared/valid-input';
import { AlarmSurveillanceRequest as AlarmSurveillanceRequestContract } from '../../src/domain/assurance/alarm-surveillance-request';

/**
 * Resource Trouble Management (1.A.3.3), the RM&O side of assurance.
 *
 *   alarmSurveillance (1.A.3.3.1, long-lived): alarm ingest signals each stored batch; survey &
 *     analysis correlates it; one `resourceTrouble` child (abandoned) per new root cause; a
 *     timer looks again at alarms waiting for information; continues as new to stay small.
 *   resourceTrouble (1.A.3.3): 1.A.3.3.4 report created → 1.A.3.3.2 localize (false alarm:
 *     cancelled) → 1.A.3.3.5 report to SM&O (a serviceProblem child per affected service, or
 *     the requesting service problem) → 1.A.3.3.3 correct (switch to the redundant unit, or a
 *     workOrder child) → 1.A.3.3.5 report resolved → 1.A.3.3.6 close.
 */

const rmo = proxyActivities<RmoActivities>(SYSTEM_CALL);
const LAYER = 'RM&O';

export interface AlarmSurveillanceView {
  batchesProcessed: number;
  pending: number;
  totals: Record<string, number>;
  waitingRecheckInMs: number | null;
}

/**
 * From this patch on, 1.A.3.3.3 no longer switches a failed unit's traffic itself: it asks
 * Resource Provisioning (1.F.3.2.2 switches, 1.F.3.2.4 records and reports the configuration).
 * Runs made before it let 1.A.3.3.3 switch, as they did.
 */
export const TROUBLE_CORRECTION_VIA_PROVISIONING = 'trouble-correction-via-provisioning';

/** A child with this id was started before (a replayed start, a trouble already worked). */
const alreadyStarted = (err: unknown) => err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError';

const add = (totals: Record<string, number>, counts: Record<string, number>) => {
  for (const [k, v] of Object.entries(counts)) totals[k] = (totals[k] ?? 0) + v;
};

export async function alarmSurveillance(req: AlarmSurveillanceRequest): Promise<never> {
  validInput(AlarmSurveillanceRequestContract, req);
  const queue: AlarmBatch[] = [...(req.carried?.pending ?? [])];
  const totals: Record<string, number> = { batches: 0, troublesStarted: 0, ...req.carried?.totals };
  let recheckInMs = req.carried?.recheckInMs ?? null;
  let processedThisRun = 0;
  setHandler(alarmBatchSignal, (b) => void queue.push(b));
  setHandler(getAlarmSurveillanceQuery, () => ({
    batchesProcessed: totals['batches'] ?? 0,
    pending: queue.length,
    totals: { ...totals },
    waitingRecheckInMs: recheckInMs,
  }));
  markProgress({ layer: LAYER, process: '1.A.3.3.1', state: 'surveying' });

  for (;;) {
    // The expected information (a clear, a container's alarm) has a deadline: a durable timer.
    const arrived =
      recheckInMs === null
        ? (await condition(() => queue.length > 0), true)
        : await condition(() => queue.length > 0, Math.max(1, recheckInMs));
    const batch = arrived ? queue.shift()! : null;
    const out = await rmo.surveyAndAnalyzeResourceTrouble({
      batchId: batch?.batchId ?? null,
      timings: req.timings,
      troubleIdPrefix: req.troubleIdPrefix,
      runId: workflowInfo().runId,
    });
    recheckInMs = out.nextCheckInMs;
    if (batch) totals['batches'] = (totals['batches'] ?? 0) + 1;
    add(totals, out.counts);
    if (req.startTroubles && out.rootCauses.length) {
      totals['troublesStarted'] = (totals['troublesStarted'] ?? 0) + (await startTroubles(out.rootCauses, req));
    }
    processedThisRun++;
    if (processedThisRun >= req.batchesPerRun || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      // Batches signalled meanwhile travel with the new run, in order.
      return continueAsNew<typeof alarmSurveillance>({
        ...req,
        carried: { pending: [...queue], recheckInMs, totals },
      });
    }
  }
}

/** One resource trouble per root cause; it outlives this run (abandoned, not awaited). */
async function startTroubles(rootCauses: NewRootCauseOut[], req: AlarmSurveillanceRequest): Promise<number> {
  const started = await Promise.all(
    rootCauses.map(async (rc) => {
      const request: ResourceTroubleRequest = {
        troubleId: rc.troubleId,
        origin: 'alarm',
        resourceId: rc.resourceId,
        alarmIds: rc.alarmIds,
        alarmCount: rc.alarmCount,
        description: rc.reason,
        timings: req.timings,
      };
      try {
        await startChild(
          resourceTrouble,
          resourceTroubleStart(rc.troubleId, request, { parentClosePolicy: ParentClosePolicy.ABANDON }),
        );
        return 1;
      } catch (err) {
        // Already being worked (a replayed start): nothing more to do for it.
        if (alreadyStarted(err)) return 0;
        throw err;
      }
    }),
  );
  return started.reduce<number>((a, b) => a + b, 0);
}

/** A resource trouble runs on the RM&O queue; its workflow id is the trouble id. */
export function resourceTroubleStart(workflowId: string, req: ResourceTroubleRequestInput, extras?: ChildExtras) {
  return childStart<typeof resourceTrouble>('rmo', workflowId, [req], extras);
}

export async function resourceTrouble(req: ResourceTroubleRequestInput): Promise<ResourceTroubleResult> {
  validInput(ResourceTroubleRequestContract, req);
  const self = workflowInfo().workflowId;
  const view = {
    id: req.troubleId,
    state: 'acknowledged' as ResourceTroubleState,
    currentProcess: null as string | null,
    detail: null as string | null,
    resourceId: req.resourceId,
    serviceProblemIds: [] as string[],
  };
  setHandler(getResourceTroubleQuery, () => ({ ...view, serviceProblemIds: [...view.serviceProblemIds] }));
  const enter = (process: string, state?: ResourceTroubleState, detail?: string) => {
    view.currentProcess = process;
    if (state) view.state = state;
    if (detail) view.detail = detail;
    markProgress({ layer: LAYER, process, state: view.state });
  };
  /** Where 1.A.3.3.5 sends state changes: the requesting service problem and those started here. */
  const listeners: string[] = req.serviceProblem ? [req.serviceProblem.workflowId] : [];
  const tell = async (update: ResourceTroubleUpdate, workflowIds: string[]) => {
    for (const id of workflowIds) {
      // A service problem already closed cannot hear it any more: that is not this trouble's failure.
      await getExternalWorkflowHandle(id)
        .signal(resourceTroubleUpdateSignal, update)
        .catch(() => undefined);
    }
  };
  const result = (
    state: ResourceTroubleResult['state'],
    recovery: ResourceTroubleResult['recovery'],
    resolution: string | null,
  ): ResourceTroubleResult => ({
    troubleId: req.troubleId,
    state,
    resourceId: view.resourceId,
    recovery,
    serviceProblemIds: [...view.serviceProblemIds],
    resolution,
  });

  enter('1.A.3.3.4');
  const created = await rmo.trackAndManageResourceTrouble({ action: 'create', request: req, workflowId: self });
  enter('1.A.3.3.4', created.state, created.detail);

  enter('1.A.3.3.2');
  const found = await rmo.localizeResourceTrouble({ troubleId: req.troubleId });
  if (!found.found) {
    enter('1.A.3.3.4');
    const cancelled = await rmo.trackAndManageResourceTrouble({
      action: 'cancel',
      troubleId: req.troubleId,
      reason: found.detail,
    });
    enter('1.A.3.3.4', cancelled.state, cancelled.detail);
    if (listeners.length) {
      enter('1.A.3.3.5');
      const report = await rmo.reportResourceTrouble({ troubleId: req.troubleId, action: 'stateChange' });
      await tell(report.update, listeners);
    }
    return result('cancelled', 'none', found.detail);
  }
  view.resourceId = found.faultResourceId ?? req.resourceId;
  enter('1.A.3.3.2', 'localized', found.detail);

  enter('1.A.3.3.5');
  const report = await rmo.reportResourceTrouble({ troubleId: req.troubleId, action: 'new' });
  if (req.origin === 'serviceProblem') await tell(report.update, listeners);
  else listeners.push(...(await openServiceProblems(report, req)));
  view.serviceProblemIds = req.serviceProblem
    ? [req.serviceProblem.serviceProblemId]
    : report.services.map((s) => s.serviceProblemId);

  enter('1.A.3.3.3', 'recovering');
  const viaProvisioning = patched(TROUBLE_CORRECTION_VIA_PROVISIONING);
  /** 1.A.3.3.3 recovers; where a mate can take over, Resource Provisioning switches to it. */
  const recover = async () => {
    const out = await rmo.correctAndRecoverResourceTrouble({
      action: 'recover',
      troubleId: req.troubleId,
      ...(viaProvisioning ? { viaProvisioning } : {}),
    });
    if (!out.switchover) return out;
    enter('1.F.3.2.2');
    const { restored } = await rmo.configureAndActivateResource({
      action: 'switchover',
      troubleId: req.troubleId,
      ...out.switchover,
    });
    enter('1.F.3.2.4');
    await rmo.collectUpdateAndReportResourceConfigurationData({ troubleId: req.troubleId, resourceIds: restored });
    enter('1.A.3.3.3');
    return rmo.correctAndRecoverResourceTrouble({
      action: 'switched',
      troubleId: req.troubleId,
      ...out.switchover,
      restored,
    });
  };
  let recovered = await recover();
  // No redundant unit took over: the support processes repair it, or replace it if that fails.
  for (const attempt of [1, 2]) {
    if (recovered.recovered || !recovered.workOrder) break;
    const kind = attempt === 1 ? recovered.workOrder.kind : 'replace';
    const reference = attempt === 1 ? req.troubleId : `${req.troubleId}-replace`;
    const wo = await executeChild(
      workOrder,
      workOrderStart(workOrderWorkflowId(reference), {
        reference,
        kind,
        skill: recovered.workOrder.skill,
        region: recovered.workOrder.region,
        description: recovered.workOrder.description,
        resourceId: found.faultResourceId ?? req.resourceId,
        timings: req.timings,
      }),
    );
    enter('1.A.3.3.3', 'recovering', `work order ${wo.workOrderId}: ${wo.outcome}`);
    const verified = await rmo.correctAndRecoverResourceTrouble({
      action: 'verify',
      troubleId: req.troubleId,
      workOrderId: wo.workOrderId,
      kind,
      outcome: wo.outcome,
      notes: wo.notes,
    });
    recovered = verified.recovered ? verified : { ...verified, workOrder: recovered.workOrder };
    if (!verified.recovered && attempt === 2) {
      // Neither repair nor replacement worked: the report stays open (localized) for an operator.
      enter('1.A.3.3.3', 'localized', verified.detail);
      throw new Error(`resource trouble ${req.troubleId} not recovered: ${verified.detail}`);
    }
    if (!verified.recovered) {
      enter('1.A.3.3.3', 'recovering', verified.detail);
      const again = await recover();
      recovered = again.recovered ? again : { ...again, workOrder: again.workOrder ?? recovered.workOrder };
    }
  }
  enter('1.A.3.3.3', 'resolved', recovered.detail);

  enter('1.A.3.3.5');
  const resolved = await rmo.reportResourceTrouble({ troubleId: req.troubleId, action: 'stateChange' });
  await tell(resolved.update, listeners);

  enter('1.A.3.3.6');
  const closed = await rmo.closeResourceTrouble({ troubleId: req.troubleId });
  enter('1.A.3.3.6', 'closed', closed.prevention);
  return result('closed', closed.recovery, closed.resolution);
}

/** One SM&O service problem per service the trouble touches, each outliving this trouble. */
async function openServiceProblems(report: ReportOutput, req: ResourceTroubleRequestInput): Promise<string[]> {
  const self = workflowInfo().workflowId;
  const ids = await Promise.all(
    report.services.map(async (s) => {
      const request: ServiceProblemRequestInput = {
        serviceProblemId: s.serviceProblemId,
        origin: 'resourceTrouble',
        serviceId: s.serviceId,
        customerId: s.customerId,
        description: `${s.serviceId} affected by ${req.troubleId}: ${report.update.detail}`,
        urgency: 'high',
        resourceTrouble: { troubleId: req.troubleId, resourceId: report.update.resourceId, workflowId: self },
        timings: req.timings,
      };
      try {
        await startChild(
          serviceProblem,
          serviceProblemStart(s.workflowId, request, { parentClosePolicy: ParentClosePolicy.ABANDON }),
        );
      } catch (err) {
        if (!alreadyStarted(err)) throw err;
      }
      return s.workflowId;
    }),
  );
  return ids;
}
