import type { SupplierHandOff, SupplierProgress } from '../../../src/domain/lifecycle/partner-interaction';

/** Partner orders and problems in these states have ended: no process follows them any more. */
const ORDER_ENDED = ['accepted', 'rejected', 'cancelled', 'failed'];
const PROBLEM_ENDED = ['closed', 'cancelled'];

/** The process that records each kind of report, as 1.FAB.4.6.1 names it on the request. */
export const REPORT_RECEIVERS = { requisition: '1.F.4.2.3', problem: '1.A.4.3.2' } as const;

/**
 * The running partner order or partner problem a supplier's report is about, and the signal
 * that process takes from the supplier (its workflow id is the partner order's / problem's id),
 * or null when the store knows nothing it follows any more: then the report is only recorded.
 * One match only: a report that names several (no reference) cannot be passed on.
 */
export function handOffFor(
  progress: SupplierProgress,
  found: { orders: Array<Record<string, unknown>>; problems: Array<Record<string, unknown>> },
  at: string,
): SupplierHandOff | null {
  if (progress.about === 'requisition') {
    const running = found.orders.filter((o) => o.partnerOrderId && !ORDER_ENDED.includes(String(o.partnerOrderState)));
    if (running.length !== 1) return null;
    const o = running[0]!;
    return {
      workflowId: String(o.partnerOrderId),
      signal: 'supplierReport',
      report: {
        requisitionId: String(o.requisitionId ?? o.partnerOrderId),
        supplierReference: String(o.supplierReference ?? o.requisitionId ?? o.partnerOrderId),
        kind: progress.kind,
        ...(progress.deliveryDate ? { deliveryDate: progress.deliveryDate } : {}),
        ...(progress.detail ? { detail: progress.detail } : {}),
        at,
      },
    };
  }
  const running = found.problems.filter((p) => !PROBLEM_ENDED.includes(String(p.state)));
  if (running.length !== 1) return null;
  const p = running[0]!;
  return {
    workflowId: String(p.partnerProblemId),
    signal: 'supplierProblemReport',
    report: {
      partnerProblemId: String(p.partnerProblemId),
      supplierReference: String(p.supplierReference ?? p.partnerProblemId),
      status: progress.status,
      detail: progress.detail,
      at,
    },
  };
}
