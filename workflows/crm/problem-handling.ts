import {
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import type { CrmActivities } from '../../activities/crm';
import type { TicketView } from '../../src/domain/assurance/trouble-ticket-view';
import type {
  CustomerFeedback,
  ServiceProblemUpdate,
  TroubleTicketRequestInput,
  TroubleTicketResult,
} from '../../src/domain/assurance/messages';
import type { TroubleTicketState } from '../../src/domain/assurance/states';
import { SYSTEM_CALL } from '../shared/activity-options';
import { childStart, type ChildExtras } from '../shared/child';
import {
  customerFeedbackSignal,
  getTroubleTicketQuery,
  linkTroubleTicketSignal,
  serviceProblemUpdateSignal,
  troubleTicketWithdrawnSignal,
} from '../shared/assurance-messages';
import { customerRelationship, customerRelationshipStart, customerRelationshipWorkflowId } from './retention-loyalty';
import { serviceProblem, serviceProblemStart } from '../smo/service-problem-management';
import { createRelay } from '../shared/relay';
import { logDecision } from '../shared/decision-log';
import { acceptCancelRequests, DONE_STATES } from './problem-handling/cancel-requests';
import { markProgress } from '../shared/search-attributes';
import { TroubleTicketRequest as TroubleTicketRequestContract } from '../../src/domain/assurance/messages';
import { validInput } from '../shared/valid-input';

/**
 * Problem Handling (1.A.1.6): one trouble ticket, from the customer's report (or SM&O's
 * proactive notice) to its closure with the customer.
 *
 *   1.A.1.6.1 record, find the service; a problem already known → linked to its ticket, which
 *             relays SM&O's updates here; else SM&O's serviceProblem child (SM&O queue)
 *   1.A.1.6.2 the customer is told: acknowledgement, estimate, progress, escalation, resolution
 *   1.A.1.6.3 SM&O's updates (signal serviceProblemUpdate) keep the ticket in step; a durable
 *             timer at (estimated restoration − escalation margin) escalates a late ticket
 *   1.A.1.6.4 resolved → is the customer satisfied (signal customerFeedback; silence = yes)?
 *             yes → closed with the SLA outcome, and Retention & Loyalty (1.FAB.1.9) takes a
 *             customer's closed report on (customerRelationship child, abandoned); no →
 *             reopened, a new service problem, again
 *
 *   Until it is resolved, the customer may cancel their ticket (update cancelTroubleTicket):
 *   cancelled (1.A.1.6.4), the customer told, SM&O told to withdraw (troubleTicketWithdrawn);
 *   the ticket still waits for its service problem to end, relaying to the reports linked to it.
 */

const crm = proxyActivities<CrmActivities>(SYSTEM_CALL);
const LAYER = 'CRM';

type SpChild = ChildWorkflowHandle<typeof serviceProblem>;

/** SM&O's proactive notice of a problem the network reported: ticket and workflow `TT-<service problem>`. */
export const proactiveTroubleTicketId = (serviceProblemId: string) => `TT-${serviceProblemId}`;

/** A trouble ticket runs on the CRM queue; its workflow id is the ticket id. */
export function troubleTicketStart(workflowId: string, req: TroubleTicketRequestInput, extras?: ChildExtras) {
  return childStart<typeof troubleTicket>('crm', workflowId, [req], extras);
}

export async function troubleTicket(req: TroubleTicketRequestInput): Promise<TroubleTicketResult> {
  validInput(TroubleTicketRequestContract, req);
  const self = workflowInfo().workflowId;
  const view = {
    id: req.ticketId,
    state: 'acknowledged' as TroubleTicketState,
    currentProcess: null as string | null,
    detail: null as string | null,
    serviceProblemId: null as string | null,
    estimatedRestoration: null as string | null,
    escalated: false,
    linkedTo: null as string | null,
  };
  setHandler(getTroubleTicketQuery, () => ({ ...view }));

  const inbox: ServiceProblemUpdate[] = [];
  /** Every update received, relayed in order to the reports linked to this ticket. */
  const linked = createRelay<ServiceProblemUpdate>((workflowId, u) =>
    getExternalWorkflowHandle(workflowId)
      .signal(serviceProblemUpdateSignal, u)
      // A linked report that has closed meanwhile no longer needs the news.
      .catch(() => undefined),
  );
  let feedback: CustomerFeedback | undefined;
  setHandler(serviceProblemUpdateSignal, (u) => {
    inbox.push(u);
    linked.record(u);
  });
  setHandler(customerFeedbackSignal, (f) => {
    feedback = f;
  });
  setHandler(linkTroubleTicketSignal, (l) => linked.follow(l.workflowId));

  const cancels = acceptCancelRequests(req, view);

  const enter = (process: string) => {
    view.currentProcess = process;
    markProgress({ process, layer: LAYER, customerId: req.customerId });
  };
  const sync = (t: TicketView) => {
    view.state = t.state;
    view.serviceProblemId = t.serviceProblemId;
    view.estimatedRestoration = t.estimatedRestoration;
    view.escalated = t.escalated;
    view.linkedTo = t.linkedTo;
    markProgress({ state: t.state });
  };
  const tell = (event: Parameters<CrmActivities['reportProblem']>[0]['event'], detail: string) => {
    view.detail = detail;
    return crm.reportProblem({
      ticketId: req.ticketId,
      event,
      detail,
      estimatedRestoration: view.estimatedRestoration,
    });
  };

  // 1.A.1.6.1 Isolate problem & initiate resolution.
  enter('1.A.1.6.1');
  const isolated = await crm.isolateProblemAndInitiateResolution({ action: 'isolate', request: req, workflowId: self });
  sync(isolated.ticket);
  const result = (state: TroubleTicketResult['state'], t: TicketView): TroubleTicketResult => ({
    ticketId: req.ticketId,
    state,
    linkedTo: t.linkedTo,
    serviceProblemId: t.serviceProblemId,
    escalated: t.escalated,
    reopened: t.reopened,
    resolution: t.resolution,
  });
  if (isolated.ticket.state === 'rejected' || !isolated.timings) {
    enter('1.A.1.6.2');
    logDecision('ticket rejected: no active service matches', '1.A.1.6.2');
    await tell('rejected', 'We could not find an active service of yours matching this report.');
    cancels.settle();
    await condition(allHandlersFinished);
    return result('rejected', isolated.ticket);
  }
  const timings = isolated.timings;
  const serviceId = isolated.ticket.serviceId!;

  const startServiceProblem = (serviceProblemId: string): Promise<SpChild> =>
    startChild(
      serviceProblem,
      serviceProblemStart(serviceProblemId, {
        serviceProblemId,
        origin: 'customer',
        serviceId,
        customerId: req.customerId,
        description: req.description,
        urgency: req.urgency,
        troubleTicket: { ticketId: req.ticketId, workflowId: self },
        timings,
      }),
    );

  let child: SpChild | undefined;
  let childDone = false;
  /** This report follows a ticket already open on the same problem (no service problem of its own). */
  let followsKnown = false;
  const watch = (c: SpChild) => {
    child = c;
    childDone = false;
    followsKnown = false;
    void c.result().then(
      () => void (childDone = true),
      () => void (childDone = true),
    );
  };

  // 1.A.1.6.2 Report: the customer hears first what happens to the report.
  enter('1.A.1.6.2');
  if (req.origin === 'network') {
    await tell(
      'proactive',
      `We have detected a problem affecting your service ${serviceId}: ${req.description}. We are restoring it.`,
    );
  } else if (isolated.known) {
    const known = isolated.known;
    let following = true;
    try {
      await getExternalWorkflowHandle(known.workflowId).signal(linkTroubleTicketSignal, {
        ticketId: req.ticketId,
        workflowId: self,
      });
    } catch {
      following = false;
    }
    if (following) {
      followsKnown = true;
      await tell('linked', `We already know about this problem (ticket ${known.ticketId}) and are working on it.`);
    } else {
      // The ticket it was linked to closed meanwhile: this report gets its own diagnosis.
      const again = await crm.isolateProblemAndInitiateResolution({
        action: 'reinitiate',
        ticketId: req.ticketId,
        serviceProblemId: `SP-${req.ticketId}`,
      });
      sync(again.ticket);
      watch(await startServiceProblem(again.startServiceProblem!));
      await tell('acknowledged', `We are looking into it (service problem ${again.startServiceProblem}).`);
    }
  } else {
    watch(await startServiceProblem(isolated.startServiceProblem!));
    await tell('acknowledged', `We are looking into it (service problem ${isolated.startServiceProblem}).`);
  }

  let ticket = isolated.ticket;

  /**
   * A problem the customer reported is part of their relationship once closed: Retention &
   * Loyalty asks how satisfied they are (1.FAB.1.9.5) and weighs their risk (1.FAB.1.9.3).
   * Our own notices are not: the customer did not call. Tickets closed by code from before
   * this hand-off replay without it (patch marker).
   */
  async function handOverToRetention(): Promise<void> {
    if (req.origin !== 'customer' || !patched('retention-on-problem-closure')) return;
    await startChild(
      customerRelationship,
      customerRelationshipStart(
        customerRelationshipWorkflowId(self),
        { customerId: req.customerId, trigger: { kind: 'problemClosed', ticketId: req.ticketId } },
        { parentClosePolicy: ParentClosePolicy.ABANDON },
      ),
    );
  }

  /** 1.A.1.6.4 for a withdrawn report: cancelled, the customer and SM&O told, the problem seen to its end. */
  async function cancel(reason: string): Promise<TroubleTicketResult> {
    enter('1.A.1.6.4');
    logDecision('ticket cancelled by the customer', '1.A.1.6.4');
    const out = await crm.closeProblem({ action: 'cancel', ticketId: req.ticketId, reason });
    sync(out.ticket);
    cancels.settle();
    await tell('cancelled', `Your ticket ${req.ticketId} is cancelled, as you asked: ${reason}.`);
    if (child && !childDone) {
      await child.signal(troubleTicketWithdrawnSignal, { ticketId: req.ticketId, reason }).catch(() => undefined);
      // The problem may go on (a network fault is repaired for everyone); reports linked here still hear of it.
      while (!childDone) {
        await condition(() => inbox.length > 0 || childDone);
        inbox.splice(0);
        await linked.flush();
      }
    }
    await condition(allHandlersFinished);
    await linked.flush();
    return result('cancelled', out.ticket);
  }

  for (;;) {
    // 1.A.1.6.3 Track & manage, until SM&O says resolved.
    enter('1.A.1.6.3');
    const openedAt = Date.now();
    feedback = undefined;
    let resolvedBy: ServiceProblemUpdate | undefined;
    let spFailed = false;
    let escalationTried = view.escalated;
    while (!resolvedBy && !spFailed) {
      const eta = view.estimatedRestoration
        ? Date.parse(view.estimatedRestoration)
        : openedAt + timings.restorationTarget;
      const escalateIn = eta - timings.escalationMargin - Date.now();
      // A report that follows a known ticket also looks, every escalation margin, at how that
      // ticket stands: SM&O's word reaches it only through the other ticket.
      const poll = followsKnown ? timings.escalationMargin : Infinity;
      const timeout = escalationTried ? poll : Math.min(Math.max(escalateIn, 1), poll);
      const woke =
        timeout === Infinity
          ? (await condition(() => inbox.length > 0 || childDone || cancels.wanted()), true)
          : await condition(() => inbox.length > 0 || childDone || cancels.wanted(), timeout);
      if (cancels.wanted()) break;
      if (!woke && followsKnown) {
        const out = await crm.trackAndManageProblem({ action: 'followLinked', ticketId: req.ticketId });
        if (out.update) {
          inbox.push(out.update);
          continue;
        }
        if (escalationTried || Date.now() < eta - timings.escalationMargin) continue;
      }
      if (!woke) {
        escalationTried = true;
        const out = await crm.trackAndManageProblem({
          action: 'escalate',
          ticketId: req.ticketId,
          reason: `restoration expected by ${new Date(eta).toISOString()} is in jeopardy`,
        });
        sync(out.ticket);
        ticket = out.ticket;
        if (out.escalatedNow) {
          logDecision('ticket escalated: restoration in jeopardy', '1.A.1.6.3', { eta: new Date(eta).toISOString() });
          await tell(
            'escalated',
            'Restoration is late: your problem has been escalated and is being handled with priority.',
          );
        }
        continue;
      }
      for (const u of inbox.splice(0)) {
        const before = view.estimatedRestoration;
        const out = await crm.trackAndManageProblem({ action: 'update', ticketId: req.ticketId, update: u });
        sync(out.ticket);
        ticket = out.ticket;
        if (DONE_STATES.includes(u.state)) resolvedBy = u;
        else if (u.state === 'rejected' || u.state === 'cancelled') spFailed = true;
        else if (out.ticket.estimatedRestoration !== before || u.process === '1.A.2.3.3') {
          await tell('progress', u.detail);
        }
      }
      await linked.flush();
      // The service problem ended without a word (it was closed elsewhere): take its result.
      if (childDone && !resolvedBy && inbox.length === 0 && child) {
        const outcome = await child.result().catch(() => undefined);
        if (outcome?.state === 'closed') {
          resolvedBy = {
            serviceProblemId: outcome.serviceProblemId,
            state: 'resolved',
            estimatedRestoration: null,
            process: '1.A.2.3.5',
            detail: outcome.resolution ?? 'resolved',
          };
        } else spFailed = true;
      }
    }

    if (cancels.wanted() && !resolvedBy) return cancel(cancels.reason());
    cancels.settle();

    // 1.A.1.6.4 Close: resolved, then the customer's word.
    enter('1.A.1.6.4');
    const resolution = resolvedBy?.detail ?? 'SM&O could not restore the service: handed to operations';
    const resolved = await crm.closeProblem({ action: 'resolve', ticketId: req.ticketId, resolution });
    sync(resolved.ticket);
    await tell('resolved', `${resolution}. Tell us whether this solves your problem.`);
    if (child && !childDone) await child.result().catch(() => undefined);
    const answered = await condition(() => feedback !== undefined, timings.satisfactionWait);
    const said = feedback as CustomerFeedback | undefined;
    const concluded = await crm.closeProblem({
      action: 'conclude',
      ticketId: req.ticketId,
      satisfied: said?.satisfied ?? true,
      comment: said?.comment ?? '',
      answered,
    });
    sync(concluded.ticket);
    ticket = concluded.ticket;
    if (concluded.ticket.state === 'closed') {
      await tell(
        'closed',
        concluded.slaMet === null
          ? `Ticket closed: ${resolution}.`
          : `Ticket closed: restored in ${concluded.restorationMinutes} min, ${concluded.slaMet ? 'within' : 'beyond'} your service level agreement.`,
      );
      await handOverToRetention();
      // A report linked while this one was closing is still told: no handler left unfinished.
      cancels.settle();
      await condition(allHandlersFinished);
      await linked.flush();
      return result('closed', ticket);
    }

    // Not satisfied: reopened (1.A.1.6.4), a new diagnosis (1.A.1.6.1).
    logDecision('ticket reopened: the customer is not satisfied', '1.A.1.6.4');
    enter('1.A.1.6.1');
    const again = await crm.isolateProblemAndInitiateResolution({
      action: 'reinitiate',
      ticketId: req.ticketId,
      serviceProblemId: `SP-${req.ticketId}-R${concluded.ticket.reopened}`,
    });
    sync(again.ticket);
    watch(await startServiceProblem(again.startServiceProblem!));
    enter('1.A.1.6.2');
    await tell(
      'reopened',
      `We have reopened your ticket and are looking into it again (${again.startServiceProblem}).`,
    );
  }
}
