import { BusinessErrorType, BusinessRejection } from '../contracts/errors';
import { type Db, nextId, once } from '../adapters/sqlite/database';
import type { PartnerGatewayPort } from '../ports/partner-gateway';
import { DAY_MS, type SupplierClock } from './supplier-behaviour';

/** How long a supplier promises to take to be back within its SLA (1.A.4.4.2). */
const IMPROVEMENT_MS = 30 * DAY_MS;

/** Restore S/P Service Quality, the supplier's side: a plan to be back within its SLA, committed by a date. */
export function createSupplierPerformance(
  db: Db,
  { now, from }: SupplierClock,
): Pick<PartnerGatewayPort, 'requestServiceImprovement'> {
  return {
    async requestServiceImprovement(key, request) {
      const reference = once(db, key, 'requestServiceImprovement', () => {
        const known = db.prepare('SELECT id FROM suppliers WHERE id = ?').pluck().get(request.supplierId);
        if (!known) throw new BusinessRejection(BusinessErrorType.NotFound, `no supplier ${request.supplierId}`);
        const ref = nextId(db, `${request.supplierId.replace(/^SUP-/, '')}-SIP`);
        db.prepare(
          `INSERT INTO supplier_improvement_plans (reference, supplier_id, period_start, period_end, detail, committed_by,
             created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          ref,
          request.supplierId,
          request.periodStart,
          request.periodEnd,
          request.detail,
          from().promise(IMPROVEMENT_MS),
          now(),
        );
        return ref;
      });
      const plan = db.prepare('SELECT * FROM supplier_improvement_plans WHERE reference = ?').get(reference) as {
        reference: string;
        supplier_id: string;
        committed_by: string;
        detail: string;
      };
      return {
        reference: plan.reference,
        supplierId: plan.supplier_id,
        committedBy: plan.committed_by,
        detail: plan.detail,
      };
    },
  };
}
