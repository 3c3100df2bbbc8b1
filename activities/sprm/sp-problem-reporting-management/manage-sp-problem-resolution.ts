import { z } from 'zod';
import { defineProcessHandlers, type ProcessCall } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { PartnerProblemView } from '../../../src/domain/assurance/partner-problem-view';
import { canMove } from '../../../src/domain/assurance/states';
import type { Ports } from '../../../src/ports';
import { PARTNER_PROBLEM_TRANSITIONS, type PartnerProblemRecord } from '../../../src/ports/partner-problems';
import { afterSupplier, ENDED, partnerProblemOf, updateOf, viewOf } from './partner-problem';

const ProblemRef = z.object({ partnerProblemId: z.string().min(1) });
const ProblemWithReason = ProblemRef.extend({ reason: z.string().min(1) });

/** Ask a supplier that has been silent where the problem stands. */
export const PollSPProblemInput = ProblemRef;
/** The resolution target passed without a fix: take it higher with the supplier. */
export const EscalateSPProblemInput = ProblemWithReason;
/** The supplier says it is resolved: test the product; close, or reopen with the supplier. */
export const ConfirmSPProblemFixInput = ProblemRef;
/** SM&O no longer needs it (its service problem was cancelled): withdraw it with the supplier. */
export const CancelSPProblemInput = ProblemWithReason;
export const ManageSPProblemResolutionOutput = PartnerProblemView.extend({
  /** With `confirm`: whether the test of the supplied product passed. */
  confirmed: z.boolean().nullable(),
});
type Output = z.input<typeof ManageSPProblemResolutionOutput>;

/**
 * 1.A.4.3.3 — follow the supplier's resolution until the product performs to specification:
 * ask when it is silent, escalate when it misses the agreed time, confirm its fix by test
 * (closing the problem with it, or reopening it when the fix did not hold), withdraw it.
 */
export function createManageSPProblemResolution(
  ports: Pick<Ports, 'partnerGateway' | 'partnerProblems' | 'networkActivation' | 'notifications' | 'clock'>,
) {
  const { partnerGateway: partners, partnerProblems, networkActivation: network, notifications, clock } = ports;
  const now = () => clock().toISOString();
  /** Every kind of work stops at a problem already closed or withdrawn: nothing changes. */
  const onOpenProblem =
    <I extends { partnerProblemId: string }>(
      work: (p: PartnerProblemRecord, input: I, call: ProcessCall) => Promise<Output>,
    ) =>
    async (input: I, call: ProcessCall): Promise<Output> => {
      const p = await partnerProblemOf(partnerProblems, input.partnerProblemId);
      return ENDED.includes(p.state) ? { ...viewOf(p, null, true), confirmed: null } : work(p, input, call);
    };
  const output = ManageSPProblemResolutionOutput;

  return defineProcessHandlers(
    {
      etomId: '1.A.4.3.3',
      handlers: {
        poll: { input: PollSPProblemInput, output },
        escalate: { input: EscalateSPProblemInput, output },
        confirm: { input: ConfirmSPProblemFixInput, output },
        cancel: { input: CancelSPProblemInput, output },
      },
    },
    {
      poll: onOpenProblem(async (p, _input, call) => {
        const s = await partners.problemStatus(p.id);
        await partnerProblems.addEvent(p.id, {
          kind: 'polled',
          detail: `${s.status}: ${s.detail}`,
          key: call.idempotencyKey,
          at: now(),
        });
        const to = afterSupplier(p, s.status);
        if (!to) return { ...viewOf(p, null), confirmed: null };
        const moved = await partnerProblems.update(call.idempotencyKey, p.id, { state: to });
        return {
          ...viewOf(moved, updateOf(moved, '1.A.4.3.3', `asked ${p.supplierId}: ${s.status}, ${s.detail}`)),
          confirmed: null,
        };
      }),
      escalate: onOpenProblem(async (p, input: z.output<typeof EscalateSPProblemInput>, call) => {
        if (p.escalated) return { ...viewOf(p, null, true), confirmed: null };
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
        await partnerProblems.addEvent(p.id, { kind: 'escalated', detail: input.reason, key: 'escalated', at: now() });
        const moved = await partnerProblems.update(`${call.idempotencyKey}/state`, p.id, {
          state: 'escalated',
          escalate: true,
        });
        return {
          ...viewOf(moved, updateOf(moved, '1.A.4.3.3', `escalated with ${p.supplierId}: ${input.reason}`)),
          confirmed: null,
        };
      }),
      confirm: onOpenProblem(async (p, _input, call) => {
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
          return { ...viewOf(closed, updateOf(closed, '1.A.4.3.3', resolution)), confirmed: true };
        }
        const detail = `the fix did not hold: ${test.detail}`;
        await partners.reopenProblem(`${call.idempotencyKey}/reopen`, p.id, detail);
        const reopened = await partnerProblems.update(`${call.idempotencyKey}/reopened`, p.id, {
          state: 'inProgress',
          reopen: true,
        });
        return {
          ...viewOf(reopened, updateOf(reopened, '1.A.4.3.3', `reopened with ${p.supplierId}: ${detail}`)),
          confirmed: false,
        };
      }),
      cancel: onOpenProblem(async (p, input: z.output<typeof CancelSPProblemInput>, call) => {
        await partners.closeProblem(`${call.idempotencyKey}/withdraw`, p.id, `withdrawn: ${input.reason}`);
        await partnerProblems.addEvent(p.id, { kind: 'cancelled', detail: input.reason, key: 'cancelled', at: now() });
        const cancelled = await partnerProblems.update(`${call.idempotencyKey}/state`, p.id, {
          state: 'cancelled',
          resolution: `withdrawn: ${input.reason}`,
        });
        return {
          ...viewOf(cancelled, updateOf(cancelled, '1.A.4.3.3', `withdrawn: ${input.reason}`)),
          confirmed: null,
        };
      }),
    },
  );
}
