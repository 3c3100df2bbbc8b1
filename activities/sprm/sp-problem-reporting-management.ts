import { z } from 'zod';
import { defineProcess } from '../../src/contracts/activity';
import { BusinessErrorType, BusinessRejection, reject } from '../../src/contracts/errors';
import {
  PartnerProblemRequest,
  PartnerProblemUpdate,
  SupplierProblemReport,
} from '../../src/domain/assurance/messages';
import { canMove, PartnerProblemState } from '../../src/domain/assurance/states';
import { AssuranceTimings } from '../../src/domain/assurance/timings';
import type { Ports } from '../../src/ports';
import type { SupplierProblemStatus } from '../../src/ports/partner-gateway';
import { PARTNER_PROBLEM_TRANSITIONS, type PartnerProblemRecord } from '../../src/ports/partner-problems';

/**
 * S/P Problem Reporting & Management (1.A.4.3): a product bought from a supplier fails, and
 * S/PRM takes the problem to the supplier — reports it, receives what the supplier says and
 * passes it on to SM&O, follows the resolution (asks a silent supplier, escalates one that
 * misses the agreed time), and confirms the fix by testing the product before closing.
 * Every activity returns the update SM&O should hear, if any; the workflow sends it.
 */

const Id = z.string().min(1);

const PartnerProblemView = z.object({
  partnerProblemId: Id,
  state: PartnerProblemState,
  supplierReference: z.string().nullable(),
  escalated: z.boolean(),
  reopened: z.number().int().nonnegative(),
  resolution: z.string().nullable(),
  /** Nothing changed (a report already recorded, a step already taken). */
  duplicate: z.boolean(),
  /** What SM&O is to be told (1.A.4.3.2 and 1.A.4.3.3 report to other processes), or null. */
  update: PartnerProblemUpdate.nullable(),
});
export type PartnerProblemView = z.infer<typeof PartnerProblemView>;

export const ReportInput = PartnerProblemRequest.extend({
  /** Where the supplier's reports go: the partner problem workflow itself. */
  supplierReplyToWorkflowId: Id,
});
export type ReportInput = z.input<typeof ReportInput>;
/** The request's timings come back parsed (milliseconds), so the workflow reads numbers whatever it was sent. */
export const ReportOutput = PartnerProblemView.extend({ timings: AssuranceTimings });

export const ReceiveInput = z.object({ partnerProblemId: Id, report: SupplierProblemReport });

export const ResolutionInput = z.discriminatedUnion('action', [
  /** Ask a supplier that has been silent where the problem stands. */
  z.object({ action: z.literal('poll'), partnerProblemId: Id }),
  /** The resolution target passed without a fix: take it higher with the supplier. */
  z.object({ action: z.literal('escalate'), partnerProblemId: Id, reason: z.string().min(1) }),
  /** The supplier says it is resolved: test the product; close, or reopen with the supplier. */
  z.object({ action: z.literal('confirm'), partnerProblemId: Id }),
  /** SM&O no longer needs it (its service problem was cancelled): withdraw it with the supplier. */
  z.object({ action: z.literal('cancel'), partnerProblemId: Id, reason: z.string().min(1) }),
]);
export type ResolutionInput = z.input<typeof ResolutionInput>;
export const ResolutionOutput = PartnerProblemView.extend({
  /** With `confirm`: whether the test of the supplied product passed. */
  confirmed: z.boolean().nullable(),
});

const ENDED: readonly PartnerProblemState[] = ['closed', 'cancelled'];

/** Where a supplier's word takes a problem; 'rejected' (not our fault, says the supplier) moves nothing by itself. */
const SUPPLIER_SAYS: Record<SupplierProblemStatus['status'], PartnerProblemState | null> = {
  reported: null,
  acknowledged: 'acknowledged',
  inProgress: 'inProgress',
  resolved: 'resolved',
  rejected: null,
  closed: null,
};

/**
 * The state a supplier's word moves the problem to, if the problem may go there from where it
 * is: a late acknowledgement never takes an escalated or resolved problem back.
 */
function afterSupplier(p: PartnerProblemRecord, status: SupplierProblemStatus['status']): PartnerProblemState | null {
  const to = SUPPLIER_SAYS[status];
  return to && to !== p.state && canMove(PARTNER_PROBLEM_TRANSITIONS, p.state, to) ? to : null;
}

export function createSpProblemReportingManagementActivities(
  ports: Pick<Ports, 'partnerGateway' | 'partnerProblems' | 'networkActivation' | 'notifications' | 'clock'>,
) {
  const { partnerGateway: partners, partnerProblems, networkActivation: network, notifications, clock } = ports;
  const now = () => clock().toISOString();
  const mustGet = async (id: string) =>
    (await partnerProblems.get(id)) ?? reject(BusinessErrorType.NotFound, `no partner problem ${id}`);
  const updateOf = (p: PartnerProblemRecord, process: string, detail: string): PartnerProblemUpdate => ({
    partnerProblemId: p.id,
    state: p.state,
    process,
    detail,
  });
  const view = (p: PartnerProblemRecord, update: PartnerProblemUpdate | null, duplicate = false) => ({
    partnerProblemId: p.id,
    state: p.state,
    supplierReference: p.supplierReference,
    escalated: p.escalated,
    reopened: p.reopened,
    resolution: p.resolution,
    duplicate,
    update,
  });

  /** 1.A.4.3.1 — report the problem to the supplier, on the requisition the product was bought under. */
  const reportProblemToSP = defineProcess(
    { etomId: '1.A.4.3.1', input: ReportInput, output: ReportOutput },
    async (input, call) => {
      const recorded = await partnerProblems.record(`${call.idempotencyKey}/record`, {
        id: input.partnerProblemId,
        serviceProblemId: input.serviceProblemId,
        serviceId: input.serviceId,
        customerId: input.customerId,
        supplierId: input.supplierId,
        requisitionId: input.requisitionId,
        resourceId: input.resourceId,
        description: input.description,
      });
      const timings = input.timings;
      if (recorded.supplierReference || ENDED.includes(recorded.state))
        return { ...view(recorded, null, true), timings };
      let answer: SupplierProblemStatus;
      try {
        answer = await partners.reportProblem(`${call.idempotencyKey}/report`, {
          partnerProblemId: input.partnerProblemId,
          supplierId: input.supplierId,
          requisitionId: input.requisitionId,
          resourceId: input.resourceId,
          description: input.description,
          replyToWorkflowId: input.supplierReplyToWorkflowId,
        });
      } catch (err) {
        if (!(err instanceof BusinessRejection)) throw err;
        // The supplier will not take it (no such purchase): the problem cannot be worked with it.
        await partnerProblems.update(`${call.idempotencyKey}/refused`, recorded.id, {
          state: 'cancelled',
          resolution: `refused by ${input.supplierId}: ${err.message}`,
        });
        throw err;
      }
      await partnerProblems.addEvent(recorded.id, {
        kind: 'reported',
        detail: `${input.supplierId} ${answer.supplierReference} on ${input.requisitionId}`,
        key: 'reported',
        at: now(),
      });
      const p = await partnerProblems.update(`${call.idempotencyKey}/reference`, recorded.id, {
        supplierReference: answer.supplierReference,
      });
      return {
        ...view(
          p,
          updateOf(
            p,
            '1.A.4.3.1',
            `reported to ${input.supplierId} as ${answer.supplierReference}: ${input.description}`,
          ),
        ),
        timings,
      };
    },
  );

  /** 1.A.4.3.2 — receive what the supplier reports on the problem, and say what SM&O must hear. */
  const receiveAndReportSPProblem = defineProcess(
    { etomId: '1.A.4.3.2', input: ReceiveInput, output: PartnerProblemView },
    async ({ partnerProblemId, report }, call) => {
      const p = await mustGet(partnerProblemId);
      if (p.supplierReference && report.supplierReference !== p.supplierReference) {
        return reject(
          BusinessErrorType.ConflictingRequest,
          `report ${report.supplierReference} is not about ${p.id} (${p.supplierReference})`,
        );
      }
      const fresh = await partnerProblems.addEvent(p.id, {
        kind: `supplier:${report.status}`,
        detail: report.detail,
        key: `${report.status}@${report.at}`,
        at: report.at,
      });
      if (!fresh || ENDED.includes(p.state)) return view(p, null, true);
      const to = afterSupplier(p, report.status);
      const moved = to
        ? await partnerProblems.update(call.idempotencyKey, p.id, {
            state: to,
            supplierReference: report.supplierReference,
          })
        : p;
      return view(moved, updateOf(moved, '1.A.4.3.2', `${p.supplierId} ${report.status}: ${report.detail}`));
    },
  );

  /**
   * 1.A.4.3.3 — follow the supplier's resolution until the product performs to specification:
   * ask when it is silent, escalate when it misses the agreed time, confirm its fix by test
   * (closing the problem with it, or reopening it when the fix did not hold), withdraw it.
   */
  const manageSPProblemResolution = defineProcess(
    { etomId: '1.A.4.3.3', input: ResolutionInput, output: ResolutionOutput },
    async (input, call) => {
      const p = await mustGet(input.partnerProblemId);
      const unchanged = { ...view(p, null, true), confirmed: null };
      if (ENDED.includes(p.state)) return unchanged;
      switch (input.action) {
        case 'poll': {
          const s = await partners.problemStatus(p.id);
          await partnerProblems.addEvent(p.id, {
            kind: 'polled',
            detail: `${s.status}: ${s.detail}`,
            key: call.idempotencyKey,
            at: now(),
          });
          const to = afterSupplier(p, s.status);
          if (!to) return { ...view(p, null), confirmed: null };
          const moved = await partnerProblems.update(call.idempotencyKey, p.id, { state: to });
          return {
            ...view(moved, updateOf(moved, '1.A.4.3.3', `asked ${p.supplierId}: ${s.status}, ${s.detail}`)),
            confirmed: null,
          };
        }
        case 'escalate': {
          if (p.escalated) return unchanged;
          if (!canMove(PARTNER_PROBLEM_TRANSITIONS, p.state, 'escalated')) {
            return reject(
              BusinessErrorType.InvalidStateTransition,
              `partner problem ${p.id} is ${p.state}: nothing to escalate`,
            );
          }
          await partners.escalateProblem(`${call.idempotencyKey}/supplier`, p.id, input.reason);
          const supplier = await partnerProblems.supplier(p.supplierId);
          await notifications.send(`${call.idempotencyKey}/notice`, {
            recipient: supplier?.email ?? p.supplierId,
            channel: 'email',
            subject: `Escalation: problem ${p.supplierReference ?? p.id} on ${p.resourceId}`,
            body: `${input.reason}. Requisition ${p.requisitionId}. Please restore the service without delay.`,
            reference: p.id,
          });
          await partnerProblems.addEvent(p.id, {
            kind: 'escalated',
            detail: input.reason,
            key: 'escalated',
            at: now(),
          });
          const moved = await partnerProblems.update(`${call.idempotencyKey}/state`, p.id, {
            state: 'escalated',
            escalate: true,
          });
          return {
            ...view(moved, updateOf(moved, '1.A.4.3.3', `escalated with ${p.supplierId}: ${input.reason}`)),
            confirmed: null,
          };
        }
        case 'confirm': {
          if (p.state !== 'resolved') {
            return reject(
              BusinessErrorType.InvalidStateTransition,
              `partner problem ${p.id} is ${p.state}: the supplier has not said it is resolved`,
            );
          }
          const test = await network.testResource(p.resourceId);
          await partnerProblems.addEvent(p.id, {
            kind: test.passed ? 'fixConfirmed' : 'fixFailed',
            detail: test.detail,
            key: `${call.idempotencyKey}/test`,
            at: now(),
          });
          if (test.passed) {
            const resolution = `${p.supplierId} fixed ${p.resourceId}; test passed (${test.detail})`;
            await partners.closeProblem(`${call.idempotencyKey}/close`, p.id, resolution);
            const closed = await partnerProblems.update(`${call.idempotencyKey}/closed`, p.id, {
              state: 'closed',
              resolution,
            });
            return { ...view(closed, updateOf(closed, '1.A.4.3.3', resolution)), confirmed: true };
          }
          const detail = `the fix did not hold: ${test.detail}`;
          await partners.reopenProblem(`${call.idempotencyKey}/reopen`, p.id, detail);
          const reopened = await partnerProblems.update(`${call.idempotencyKey}/reopened`, p.id, {
            state: 'inProgress',
            reopen: true,
          });
          return {
            ...view(reopened, updateOf(reopened, '1.A.4.3.3', `reopened with ${p.supplierId}: ${detail}`)),
            confirmed: false,
          };
        }
        case 'cancel': {
          await partners.closeProblem(`${call.idempotencyKey}/withdraw`, p.id, `withdrawn: ${input.reason}`);
          await partnerProblems.addEvent(p.id, {
            kind: 'cancelled',
            detail: input.reason,
            key: 'cancelled',
            at: now(),
          });
          const cancelled = await partnerProblems.update(`${call.idempotencyKey}/state`, p.id, {
            state: 'cancelled',
            resolution: `withdrawn: ${input.reason}`,
          });
          return {
            ...view(cancelled, updateOf(cancelled, '1.A.4.3.3', `withdrawn: ${input.reason}`)),
            confirmed: null,
          };
        }
      }
    },
  );

  return { reportProblemToSP, receiveAndReportSPProblem, manageSPProblemResolution };
}
