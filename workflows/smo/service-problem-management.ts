import {
  CancellationScope,
  condition,
  executeChild,
  isCancellation,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import type { SmoActivities } from '../../activities/smo';
import type { PlanTask } from '../../src/domain/assurance/resolution-plan';
import type {
  PartnerProblemRequestInput,
  PartnerProblemResult,
  PartnerProblemUpdate,
  ResourceTroubleRequestInput,
  ResourceTroubleResult,
  ResourceTroubleUpdate,
  RootCause,
  ServiceProblemRequestInput,
  ServiceProblemResult,
  ServiceProblemUpdate,
  TroubleTicketWithdrawal,
  WorkOrderResult,
} from '../../src/domain/assurance/messages';
import type { ServiceProblemState } from '../../src/domain/assurance/states';
import { SYSTEM_CALL } from '../shared/activity-options';
import { childStart, type ChildExtras } from '../shared/child';
import {
  followServiceProblemSignal,
  getServiceProblemQuery,
  partnerProblemUpdateSignal,
  resourceTroubleUpdateSignal,
  serviceProblemUpdateSignal,
  troubleTicketWithdrawnSignal,
} from '../shared/assurance-messages';
import { logDecision } from '../shared/decision-log';
import { markProgress } from '../shared/search-attributes';
import { proactiveTroubleTicketId, troubleTicket, troubleTicketStart } from '../crm/problem-handling';
import { resourceTrouble, resourceTroubleStart } from '../rmo/resource-trouble-management';
import { workOrder, workOrderStart, workOrderWorkflowId, type WorkOrderInput } from '../rmo/workforce-management';
import { partnerProblem, partnerProblemStart } from '../sprm/sp-problem-reporting-management';
import { ServiceProblemRequest as ServiceProblemRequestContract } from '../../src/domain/assurance/messages';
import { validInput } from '../shared/valid-input';
import {
  followPrimary,
  forThisCustomerAlone,
  openRelatedProblems,
  orderCapacity,
  RELATED_PROBLEMS,
  relayResourceUpdate,
  signalQuietly,
  tellCustomerQos,
  TELLS_CUSTOMER_SLA,
} from './service-problem-management/hand-offs';

/**
 * Service Problem Management (1.A.2.3): one service problem, from its report (a customer's
 * ticket, a resource trouble, a quality alarm) to certified restoration.
 *
 *   1.A.2.3.1 evaluate & qualify → estimate reported to CRM (signal serviceProblemUpdate);
 *             origin resourceTrouble: a proactive CRM ticket (child, abandoned) tells the customer
 *   1.A.2.3.2 diagnose (service and element tests) → root cause; a problem of the same cause
 *             already worked is followed rather than worked twice
 *   1.A.2.3.3 plan & assign → 1.A.2.3.4 track: technician (child workOrder on RM&O), restoration
 *             request (child resourceTrouble on RM&O), report to a supplier (child partnerProblem
 *             on S/PRM), or reconfiguration
 *   1.A.2.3.5 certify by test (else diagnose again), record the outage, report resolved, close
 *
 *   The customer may withdraw the ticket (signal troubleTicketWithdrawn): the problem is
 *   cancelled, with a technician's visit called off, when its work is for this customer alone;
 *   a repair of the network (RM&O, a supplier) goes on, since the fault is there for everyone.
 */

const smo = proxyActivities<SmoActivities>(SYSTEM_CALL);

const LAYER = 'SM&O';
/** Diagnosis, plan and work again when restoration is not certified, this many times at most. */
const MAX_ROUNDS = 3;

type Update = ServiceProblemUpdate;

/** A service problem runs on the SM&O queue; its workflow id is given by whoever opens it. */
export function serviceProblemStart(workflowId: string, req: ServiceProblemRequestInput, extras?: ChildExtras) {
  return childStart<typeof serviceProblem>('smo', workflowId, [req], extras);
}

export async function serviceProblem(req: ServiceProblemRequestInput): Promise<ServiceProblemResult> {
  validInput(ServiceProblemRequestContract, req);
  const self = workflowInfo().workflowId;
  const view = {
    id: req.serviceProblemId,
    state: 'acknowledged' as ServiceProblemState,
    currentProcess: null as string | null,
    detail: null as string | null,
    rootCause: null as string | null,
    estimatedRestoration: null as string | null,
  };
  setHandler(getServiceProblemQuery, () => ({ ...view }));

  const resourceUpdates: ResourceTroubleUpdate[] = [];
  const partnerUpdates: PartnerProblemUpdate[] = [];
  const followers: Array<{ workflowId: string; sent: boolean }> = [];
  let primaryOutcome: Update | undefined;
  // Every resource trouble update seen, so a 'resolved' that came before the wait still counts.
  const resourceUpdatesSeen: ResourceTroubleUpdate[] = [];
  setHandler(resourceTroubleUpdateSignal, (u) => {
    resourceUpdates.push(u);
    resourceUpdatesSeen.push(u);
  });
  setHandler(partnerProblemUpdateSignal, (u) => void partnerUpdates.push(u));
  setHandler(followServiceProblemSignal, (f) => void followers.push({ workflowId: f.workflowId, sent: false }));
  let withdrawn: TroubleTicketWithdrawal | undefined;
  /** The work done for this customer alone (a technician's visit): called off if they withdraw. */
  let customerWork: CancellationScope | undefined;
  setHandler(troubleTicketWithdrawnSignal, (w) => {
    withdrawn ??= w;
    customerWork?.cancel();
  });
  // A problem this one follows reports its outcome the way SM&O reports to CRM.
  setHandler(serviceProblemUpdateSignal, (u) => {
    if (u.state === 'resolved' || u.state === 'closed') primaryOutcome = u;
  });

  const enter = (process: string, state?: ServiceProblemState) => {
    view.currentProcess = process;
    if (state) view.state = state;
    markProgress({ process, state, layer: LAYER, customerId: req.customerId });
  };

  let proactiveTicket: ChildWorkflowHandle<typeof troubleTicket> | undefined;
  /** Tells CRM (the ticket that asked, or the proactive one) where the problem stands. */
  const report = async (u: Update) => {
    view.detail = u.detail;
    if (u.estimatedRestoration) view.estimatedRestoration = u.estimatedRestoration;
    // A withdrawn ticket no longer hears from us.
    const targets = [withdrawn ? undefined : req.troubleTicket?.workflowId].filter((w): w is string => !!w);
    for (const workflowId of targets) await signalQuietly(workflowId, u);
    if (proactiveTicket) await proactiveTicket.signal(serviceProblemUpdateSignal, u).catch(() => undefined);
  };
  const progress = async (process: string, detail: string, state: 'inProgress' | 'pending' | 'held' = 'inProgress') => {
    const out = await smo.trackAndManageServiceProblemResolution({
      action: 'progress',
      serviceProblemId: req.serviceProblemId,
      process,
      detail,
      state,
    });
    view.state = out.update.state;
    await report(out.update);
  };
  const tellFollowers = async (u: Update) => {
    for (const f of followers.filter((x) => !x.sent)) {
      f.sent = true;
      await signalQuietly(f.workflowId, u);
    }
  };
  /** The customer withdrew the ticket: cancelled, and those following this problem told. */
  const endWithdrawn = async (rootCause: RootCause | null) => {
    logDecision('service problem cancelled: its ticket was withdrawn', '1.A.2.3.4');
    enter('1.A.2.3.4');
    const out = await smo.trackAndManageServiceProblemResolution({
      action: 'withdraw',
      serviceProblemId: req.serviceProblemId,
      ticketId: withdrawn!.ticketId,
      reason: withdrawn!.reason,
    });
    view.detail = out.update.detail;
    await tellFollowers(out.update);
    return finish('cancelled', rootCause, null, null);
  };
  const finish = (
    state: ServiceProblemResult['state'],
    rootCause: RootCause | null,
    resolution: string | null,
    outage: ServiceProblemResult['outage'],
  ): ServiceProblemResult => {
    view.state = state;
    markProgress({ state });
    return { serviceProblemId: req.serviceProblemId, state, rootCause, resolution, outage };
  };

  // 1.A.2.3.1 Evaluate & qualify.
  enter('1.A.2.3.1', 'acknowledged');
  const evaluated = await smo.evaluateAndQualifyServiceProblem({ request: req, workflowId: self });
  view.state = evaluated.state;
  await report(evaluated.update);
  if (evaluated.state === 'rejected') return finish('rejected', null, evaluated.update.detail, null);
  const timings = evaluated.timings;
  if (withdrawn) return endWithdrawn(null);
  if (evaluated.estimatedRestoration && patched(TELLS_CUSTOMER_SLA))
    await tellCustomerQos(req, evaluated.estimatedRestoration, evaluated.update.detail);
  let related: string[] = []; // the problems opened for the others on the element at fault

  if (req.origin === 'resourceTrouble') {
    // The network told us first: the customer hears it from us before they call.
    const ticketId = proactiveTroubleTicketId(req.serviceProblemId);
    logDecision('proactive trouble ticket opened for the customer', '1.A.2.3.1', { ticketId });
    proactiveTicket = await startChild(
      troubleTicket,
      troubleTicketStart(
        ticketId,
        {
          ticketId,
          origin: 'network',
          customerId: req.customerId,
          serviceId: req.serviceId,
          description: req.description,
          urgency: req.urgency,
          serviceProblem: { serviceProblemId: req.serviceProblemId, workflowId: self },
          timings,
        },
        { parentClosePolicy: ParentClosePolicy.ABANDON },
      ),
    );
    await proactiveTicket.signal(serviceProblemUpdateSignal, evaluated.update);
  }

  /** Relays the updates of the other layers' work as 1.A.2.3.4 progress, until `done`. */
  const followWork = async (done: () => boolean) => {
    for (;;) {
      await condition(() => done() || resourceUpdates.length > 0 || partnerUpdates.length > 0);
      for (const u of resourceUpdates.splice(0)) {
        await progress(u.process, `RM&O ${u.troubleId} ${u.state}: ${u.detail}`);
        await relayResourceUpdate(related, u);
      }
      for (const u of partnerUpdates.splice(0))
        await progress(u.process, `S/PRM ${u.partnerProblemId} ${u.state}: ${u.detail}`);
      if (done()) return;
    }
  };

  /**
   * 1.A.2.3.4 — one task of the plan, carried out by whoever owns it; what was done, in words,
   * or null when the customer withdrew and the technician was called off.
   */
  const carryOut = async (task: PlanTask): Promise<string | null> => {
    switch (task.kind) {
      case 'workOrder': {
        const input: WorkOrderInput = { ...task.workOrder, timings, resourceId: task.resourceId };
        const scope = new CancellationScope();
        customerWork = scope;
        let wo: WorkOrderResult;
        try {
          wo = await scope.run(() =>
            executeChild(workOrder, workOrderStart(workOrderWorkflowId(task.workOrder.reference), input)),
          );
        } catch (err) {
          if (withdrawn && isCancellation(err)) return null;
          throw err;
        } finally {
          customerWork = undefined;
        }
        const detail = `work order ${wo.workOrderId}: ${wo.outcome} by ${wo.technicianId ?? 'nobody'}${wo.escalated ? ' (escalated)' : ''}`;
        await progress('1.O.3.1.6', detail);
        return `technician repaired ${task.resourceId} (${wo.workOrderId})`;
      }
      case 'resourceTrouble': {
        const request: ResourceTroubleRequestInput = {
          troubleId: task.troubleId,
          origin: 'serviceProblem',
          resourceId: task.resourceId,
          serviceProblem: { serviceProblemId: req.serviceProblemId, workflowId: self },
          description: task.description,
          timings,
        };
        const child = await startChild(resourceTrouble, resourceTroubleStart(task.troubleId, request));
        let result: ResourceTroubleResult | undefined;
        const waiting = child.result().then((r) => void (result = r));
        await followWork(() => result !== undefined);
        await waiting;
        return `RM&O restored ${task.resourceId} (${result!.recovery}): ${result!.resolution ?? 'done'}`;
      }
      case 'awaitResourceTrouble': {
        let resolved: ResourceTroubleUpdate | undefined;
        await followWork(() => {
          resolved ??= resourceUpdatesSeen.find((u) => u.state === 'resolved' || u.state === 'closed');
          return resolved !== undefined;
        });
        return `RM&O restored ${task.resourceId} (${task.troubleId}): ${resolved!.detail}`;
      }
      case 'partnerProblem': {
        const request: PartnerProblemRequestInput = {
          partnerProblemId: task.partnerProblemId,
          serviceProblemId: req.serviceProblemId,
          serviceId: req.serviceId,
          customerId: req.customerId,
          supplierId: task.supplierId,
          requisitionId: task.requisitionId,
          resourceId: task.resourceId,
          description: task.description,
          replyTo: { workflowId: self },
          timings,
        };
        const child = await startChild(partnerProblem, partnerProblemStart(task.partnerProblemId, request));
        let result: PartnerProblemResult | undefined;
        const waiting = child.result().then((r) => void (result = r));
        await followWork(() => result !== undefined);
        await waiting;
        return `${task.supplierId} resolved the problem on ${task.resourceId}: ${result!.resolution ?? 'done'}`;
      }
      case 'resourceOrder':
        return orderCapacity(req, task, timings);
      case 'reconfigure':
        return (
          await smo.trackAndManageServiceProblemResolution({
            action: 'reconfigure',
            serviceProblemId: req.serviceProblemId,
          })
        ).update.detail;
      case 'advise':
        await progress('1.A.2.3.4', `advice: ${task.advice}`);
        return task.advice;
    }
  };
  let rootCause: RootCause | null = null;
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    // 1.A.2.3.2 Diagnose.
    enter('1.A.2.3.2', 'inProgress');
    const diagnosis = await smo.diagnoseServiceProblem({
      serviceProblemId: req.serviceProblemId,
      resourceTrouble:
        round === 1 && req.resourceTrouble
          ? { troubleId: req.resourceTrouble.troubleId, resourceId: req.resourceTrouble.resourceId }
          : null,
    });
    rootCause = diagnosis.rootCause;
    view.rootCause = `${rootCause.kind}: ${rootCause.detail}`;
    await report(diagnosis.update);

    let resolution: string | undefined;
    const primary = diagnosis.correlatedWith;
    if (
      round === 1 &&
      !req.resourceTrouble &&
      primary?.workflowId &&
      (await followPrimary(primary.workflowId, req.serviceProblemId, self))
    ) {
      // Same cause as a problem being worked: its outcome is ours, no second dispatch.
      enter('1.A.2.3.4');
      await progress('1.A.2.3.4', `same cause as ${primary.serviceProblemId}: following its resolution`);
      if (await condition(() => primaryOutcome !== undefined || withdrawn !== undefined, timings.restorationTarget)) {
        if (!primaryOutcome) return endWithdrawn(rootCause);
        resolution = `resolved with ${primary.serviceProblemId}: ${primaryOutcome.detail}`;
      }
    }

    if (resolution === undefined) {
      // 1.A.2.3.3 Plan & assign, 1.A.2.3.4 track & manage.
      enter('1.A.2.3.3');
      const plan = await smo.planAndAssignServiceProblemResolution({
        serviceProblemId: req.serviceProblemId,
        round,
        resourceTroubleId: req.resourceTrouble?.troubleId ?? null,
      });
      await report(plan.update);
      if (withdrawn && plan.tasks.every(forThisCustomerAlone)) return endWithdrawn(rootCause);
      const shared = plan.tasks.find((t) => t.kind === 'resourceTrouble');
      const others = evaluated.related ?? [];
      if (round === 1 && shared && others.length && patched(RELATED_PROBLEMS))
        related = await openRelatedProblems(req, others, shared, timings);
      enter('1.A.2.3.4');
      const done: string[] = [];
      for (const task of plan.tasks) {
        const did = await carryOut(task);
        if (did === null) return endWithdrawn(rootCause);
        done.push(did);
      }
      resolution = done.join('; ');
    }

    // 1.A.2.3.5 Close & report: certified by test, or worked again.
    enter('1.A.2.3.5');
    const closed = await smo.closeAndReportServiceProblem({ serviceProblemId: req.serviceProblemId, resolution });
    if (closed.certified) {
      await report(closed.update);
      await tellFollowers(closed.update);
      // A follower that asked while we were closing still hears the outcome.
      await tellFollowers(closed.update);
      return finish(
        'closed',
        rootCause,
        resolution,
        closed.outage && { from: closed.outage.from, to: closed.outage.to },
      );
    }
    await report(closed.update);
  }

  // Not restored after every round: held for operations to take over, the customer kept informed.
  logDecision('service problem held: restoration not certified', '1.A.2.3.4', { rounds: MAX_ROUNDS });
  await progress('1.A.2.3.4', `restoration not certified after ${MAX_ROUNDS} rounds: held for operations`, 'held');
  return finish('cancelled', rootCause, null, null);
}
