import type { Db } from '../adapters/sqlite/database';
import type { SupplierBillClaim } from '../domain/billing/settlement';
import type { PartnerGatewayPort } from '../ports/partner-gateway';

/**
 * The suppliers' billing systems: each invoices, for a period, the circuits it provides us.
 * Alpha bills its Marseille access circuits at last year's list price (1 500 above the
 * contract) — the kind of difference 1.B.4.5.2 exists to catch — and, asked, accepts a dispute
 * that quotes the contract price.
 */
export const LIST_PRICE_UPLIFT_MINOR: Record<string, number> = { 'SUP-ALPHA': 1_500 };

export interface IssuedInvoice {
  supplierReference: string;
  lines: Array<{ reference: string; description: string; amountMinor: number }>;
}

export function issueSupplierInvoice(db: Db, supplierId: string, period: string): IssuedInvoice {
  const circuits = db
    .prepare(
      `SELECT r.id, r.name, json_extract(r.attributes, '$.supplierReference') AS ref, c.price_minor
         FROM resources r JOIN supplier_requisitions q ON q.id = json_extract(r.attributes, '$.requisitionId')
         JOIN supplier_contracts c ON c.id = q.contract_id
        WHERE json_extract(r.attributes, '$.supplierId') = ? AND r.state = 'inService' ORDER BY r.id`,
    )
    .all(supplierId) as Array<{ id: string; name: string; ref: string; price_minor: number }>;
  const uplift = LIST_PRICE_UPLIFT_MINOR[supplierId] ?? 0;
  return {
    supplierReference: `${supplierId.replace('SUP-', '')}-INV-${period}`,
    lines: circuits.map((c) => ({
      reference: c.ref ?? c.id,
      description: `${c.name}, monthly rental`,
      amountMinor: c.price_minor + uplift,
    })),
  };
}

/** The supplier's answer to a dispute: a price above the contract is conceded. */
export function answerDispute(
  _supplierId: string,
  claim: Pick<SupplierBillClaim, 'aboveContract'>,
): 'accepted' | 'refused' {
  return claim.aboveContract ? 'accepted' : 'refused';
}

/** The simulated suppliers' billing, as the partner gateway reaches it: their bills and their answers to disputes. */
export function createSupplierInvoices(db: Db): Pick<PartnerGatewayPort, 'supplierBill' | 'answerDispute'> {
  return {
    supplierBill: async (supplierId, period) => issueSupplierInvoice(db, supplierId, period),
    answerDispute: async (supplierId, claim) => answerDispute(supplierId, claim),
  };
}
