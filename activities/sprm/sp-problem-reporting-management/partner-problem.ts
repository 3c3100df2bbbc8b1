import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import type { PartnerProblemUpdate } from '../../../src/domain/assurance/messages';
import type { PartnerProblemView } from '../../../src/domain/assurance/partner-problem-view';
import { canMove, type PartnerProblemState } from '../../../src/domain/assurance/states';
import type { Ports } from '../../../src/ports';
import type { SupplierProblemStatus } from '../../../src/ports/partner-gateway';
import { PARTNER_PROBLEM_TRANSITIONS, type PartnerProblemRecord } from '../../../src/ports/partner-problems';

/** Nothing more is done with the supplier on a problem in these states. */
export const ENDED: readonly PartnerProblemState[] = ['closed', 'cancelled'];

export async function partnerProblemOf(partnerProblems: Ports['partnerProblems'], id: string) {
  return (await partnerProblems.get(id)) ?? reject(BusinessErrorType.NotFound, `no partner problem ${id}`);
}

/** What SM&O is to hear from `process` about the problem. */
export const updateOf = (p: PartnerProblemRecord, process: string, detail: string): PartnerProblemUpdate => ({
  partnerProblemId: p.id,
  state: p.state,
  process,
  detail,
});

export const viewOf = (
  p: PartnerProblemRecord,
  update: PartnerProblemUpdate | null,
  duplicate = false,
): PartnerProblemView => ({
  partnerProblemId: p.id,
  state: p.state,
  supplierReference: p.supplierReference,
  escalated: p.escalated,
  reopened: p.reopened,
  resolution: p.resolution,
  duplicate,
  update,
});

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
export function afterSupplier(
  p: PartnerProblemRecord,
  status: SupplierProblemStatus['status'],
): PartnerProblemState | null {
  const to = SUPPLIER_SAYS[status];
  return to && to !== p.state && canMove(PARTNER_PROBLEM_TRANSITIONS, p.state, to) ? to : null;
}
