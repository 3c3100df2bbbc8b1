import {
  ActivityCancellationType,
  CancellationScope,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { SprmActivities } from '../../activities/sprm';
import type { PartnerProblemView } from '../../src/domain/assurance/partner-problem-view';
import type {
  PartnerProblemRequestInput,
  PartnerProblemResult,
  PartnerProblemUpdate,
  SupplierProblemReport,
} from '../../src/domain/assurance/messages';
import type { PartnerProblemState } from '../../src/domain/assurance/states';
import type { AssuranceTimings } from '../../src/domain/assurance/timings';
import { SYSTEM_CALL } from '../shared/activity-options';
import { childStart, type ChildExtras } from '../shared/child';
import {
  getPartnerProblemQuery,
  partnerProblemUpdateSignal,
  supplierProblemReportSignal,
} from '../shared/assurance-messages';
import { businessRejection, reasonOf } from '../shared/failures';
import { markProgress } from '../shared/search-attributes';
import { PartnerProblemRequest as PartnerProblemRequestContract } from '../../src/domain/assurance/messages';
import { validInput } from '../shared/valid-input';

/**
 * S/P Problem Reporting & Management (1.A.4.3): one partner problem per service problem whose
 * root cause is a supplier's product, started by SM&O as a child (id `PP-${serviceProblemId}`).
 * S/PRM reports it to the supplier (1.A.4.3.1), passes on to SM&O what the supplier says
 * (1.A.4.3.2, signal `partnerProblemUpdate`), and follows the resolution (1.A.4.3.3): asks a
 * silent supplier every poll interval, escalates when the resolution target passes, tests
 * the product when the supplier says it is fixed — closed when the test passes, reopened with
 * the supplier when it does not. Cancelled by SM&O, it withdraws the problem with the supplier.
 */

const sprm = proxyActivities<SprmActivities>({
  ...SYSTEM_CALL,
  // A cancelled problem waits for the call in flight, so the withdrawal sees what it did.
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
});

/** What a partner problem carries into its next run when its history grows long. */
export interface PartnerProblemCarry {
  timings: AssuranceTimings;
  /** Workflow time (ms) the supplier's resolution target passes. */
  deadlineAt: number;
  escalated: boolean;
  supplierReference: string | null;
  state: PartnerProblemState;
}

const inWords = (ms: number) =>
  ms >= 3_600_000
    ? `${Math.round(ms / 3_600_000)} h`
    : ms >= 60_000
      ? `${Math.round(ms / 60_000)} min`
      : `${Math.round(ms / 1000)} s`;

/** A problem reported to a supplier runs on the S/PRM queue; its workflow id is the partner problem id. */
export function partnerProblemStart(
  workflowId: string,
  req: Parameters<typeof partnerProblem>[0],
  extras?: ChildExtras,
) {
  return childStart<typeof partnerProblem>('sprm', workflowId, [req], extras);
}

export async function partnerProblem(
  req: PartnerProblemRequestInput,
  carry?: PartnerProblemCarry,
): Promise<PartnerProblemResult> {
  validInput(PartnerProblemRequestContract, req);
  const view = {
    id: req.partnerProblemId,
    state: carry?.state ?? ('reported' as PartnerProblemState),
    currentProcess: null as string | null,
    detail: null as string | null,
    supplierReference: carry?.supplierReference ?? null,
  };
  let escalated = carry?.escalated ?? false;
  /** Updates SM&O could not be sent (its workflow gone): the partner problem goes on regardless. */
  let unreported = 0;
  setHandler(getPartnerProblemQuery, () => view);
  const inbox: SupplierProblemReport[] = [];
  setHandler(supplierProblemReportSignal, (report) => {
    if (report.partnerProblemId === req.partnerProblemId) inbox.push(report);
  });

  const at = (process: string) => {
    view.currentProcess = process;
    markProgress({ process, state: view.state, layer: 'S/PRM', customerId: req.customerId });
  };
  const tellSmo = async (update: PartnerProblemUpdate) => {
    try {
      await getExternalWorkflowHandle(req.replyTo.workflowId).signal(partnerProblemUpdateSignal, update);
    } catch (err) {
      if (isCancellation(err)) throw err;
      unreported += 1;
      view.detail = `${unreported} update(s) not delivered to ${req.replyTo.workflowId}: ${reasonOf(err)}`;
    }
  };
  const follow = async (v: PartnerProblemView) => {
    view.supplierReference = v.supplierReference;
    escalated = v.escalated;
    if (v.state !== view.state) {
      view.state = v.state;
      markProgress({ state: v.state });
    }
    if (v.update) {
      if (unreported === 0) view.detail = v.update.detail;
      await tellSmo(v.update);
    }
  };
  const end = (state: PartnerProblemResult['state'], resolution: string | null): PartnerProblemResult => {
    view.state = state;
    markProgress({ state });
    return {
      partnerProblemId: req.partnerProblemId,
      state,
      supplierReference: view.supplierReference,
      escalated,
      resolution,
    };
  };

  try {
    let timings: AssuranceTimings;
    let deadlineAt: number;
    if (carry) {
      ({ timings, deadlineAt } = carry);
    } else {
      at('1.A.4.3.1');
      const reported = await sprm.reportProblemToSP({
        ...req,
        supplierReplyToWorkflowId: workflowInfo().workflowId,
      });
      await follow(reported);
      timings = reported.timings;
      deadlineAt = Date.now() + timings.supplierResolutionTarget;
    }

    for (;;) {
      if (view.state === 'closed') return end('closed', null);
      if (view.state === 'cancelled') return end('cancelled', view.detail);
      // A supplier that takes long makes a long history: carry on in a fresh run, nothing unread.
      if (workflowInfo().continueAsNewSuggested && inbox.length === 0) {
        await continueAsNew<typeof partnerProblem>(req, {
          timings,
          deadlineAt,
          escalated,
          supplierReference: view.supplierReference,
          state: view.state,
        });
      }
      const untilDeadline = escalated ? Number.POSITIVE_INFINITY : deadlineAt - Date.now();
      // Never 0: condition() with a zero timeout would wait without one.
      const wait = Math.max(1, Math.min(timings.supplierPollInterval, untilDeadline));
      if (await condition(() => inbox.length > 0, wait)) {
        at('1.A.4.3.2');
        while (inbox.length > 0)
          await follow(
            await sprm.receiveAndReportSPProblem({ partnerProblemId: req.partnerProblemId, report: inbox.shift()! }),
          );
      } else if (view.state !== 'resolved') {
        at('1.A.4.3.3');
        await follow(await sprm.manageSPProblemResolution({ action: 'poll', partnerProblemId: req.partnerProblemId }));
      }

      if (view.state === 'resolved') {
        at('1.A.4.3.3');
        const confirmation = await sprm.manageSPProblemResolution({
          action: 'confirm',
          partnerProblemId: req.partnerProblemId,
        });
        await follow(confirmation);
        if (confirmation.state === 'closed') return end('closed', confirmation.resolution);
      } else if (!escalated && Date.now() >= deadlineAt) {
        at('1.A.4.3.3');
        await follow(
          await sprm.manageSPProblemResolution({
            action: 'escalate',
            partnerProblemId: req.partnerProblemId,
            reason: `not resolved within ${inWords(timings.supplierResolutionTarget)} of being reported`,
          }),
        );
      }
    }
  } catch (err) {
    if (isCancellation(err)) {
      // SM&O no longer needs it: withdraw it with the supplier, whatever cancellation is under way.
      await CancellationScope.nonCancellable(async () => {
        try {
          await follow(
            await sprm.manageSPProblemResolution({
              action: 'cancel',
              partnerProblemId: req.partnerProblemId,
              reason: 'no longer needed by the service problem',
            }),
          );
        } catch (undoErr) {
          // Cancelled before it was even recorded: there is nothing to withdraw.
          if (!businessRejection(undoErr)) throw undoErr;
        }
      });
      end('cancelled', 'no longer needed by the service problem');
      throw err;
    }
    const rejection = businessRejection(err);
    if (rejection) return end('cancelled', rejection.message);
    throw err;
  }
}
