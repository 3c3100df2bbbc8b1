import { BusinessErrorType, reject } from '../../contracts/errors';
import {
  billsAboveContract,
  claimOf,
  RESOLUTION,
  type SupplierInvoice,
  type SupplierUsage,
} from '../../domain/billing/settlement';
import type { Clock } from '../../ports/clock';
import type { PartnerGatewayPort } from '../../ports/partner-gateway';
import type { Settlement, SettlementPort, SupplierDispute } from '../../ports/settlements';
import { type Db, nextId, once } from './database';

/**
 * What each supplier provides us: a resource in service it delivered, under its contract — the
 * contract of the requisition the simulated suppliers keep, or the one S/P Requisition Management
 * recorded on the resource when it accepted it (1.F.4.2.4; a supplier over HTTP keeps no table here).
 */
const SUPPLIED = `FROM resources r
  LEFT JOIN supplier_requisitions q ON q.id = json_extract(r.attributes, '$.requisitionId')
  JOIN supplier_contracts c ON c.id = COALESCE(q.contract_id, json_extract(r.attributes, '$.contractId'))
 WHERE r.state = 'inService' AND json_extract(r.attributes, '$.supplierId') IS NOT NULL`;

/**
 * S/PRM's settlement records on SQLite. The suppliers' side — their bills and their answers to
 * our disputes — is reached through the partner gateway (`suppliers`): configuration decides
 * which supplier is simulated and which is reached over TMF678.
 */
export function createSqliteSettlements(
  db: Db,
  clock: Clock,
  suppliers: Pick<PartnerGatewayPort, 'supplierBill' | 'answerDispute'>,
): SettlementPort {
  const now = () => clock().toISOString();
  const asked = (key: string) => db.prepare('SELECT 1 FROM idempotency_keys WHERE key = ?').get(key) !== undefined;
  const heldFor = (supplierId: string, period: string) =>
    db
      .prepare('SELECT id FROM supplier_invoices WHERE supplier_id = ? AND period = ?')
      .pluck()
      .get(supplierId, period) as string | undefined;
  const usage = (period: string, supplierId?: string): SupplierUsage[] =>
    (
      db
        .prepare(
          `SELECT * FROM supplier_usage WHERE period = ? ${supplierId ? 'AND supplier_id = ?' : ''} ORDER BY resource_id`,
        )
        .all(...(supplierId ? [period, supplierId] : [period])) as Array<{
        supplier_id: string;
        contract_id: string;
        resource_id: string;
        period: string;
        expected_minor: number;
        revenue_share_pct: number;
      }>
    ).map((r) => ({
      supplierId: r.supplier_id,
      contractId: r.contract_id,
      resourceId: r.resource_id,
      period: r.period,
      expectedMinor: r.expected_minor,
      revenueSharePct: r.revenue_share_pct,
    }));
  const invoice = (id: string): SupplierInvoice | undefined => {
    const r = db.prepare('SELECT * FROM supplier_invoices WHERE id = ?').get(id) as
      | {
          id: string;
          supplier_id: string;
          supplier_reference: string;
          period: string;
          state: SupplierInvoice['state'];
          total_minor: number;
          expected_minor: number | null;
          approved_minor: number | null;
        }
      | undefined;
    if (!r) return undefined;
    const lines = (
      db.prepare('SELECT * FROM supplier_invoice_lines WHERE invoice_id = ? ORDER BY line_no').all(id) as Array<{
        line_no: number;
        reference: string;
        description: string;
        amount_minor: number;
        expected_minor: number | null;
      }>
    ).map((l) => ({
      lineNo: l.line_no,
      reference: l.reference,
      description: l.description,
      amountMinor: l.amount_minor,
      expectedMinor: l.expected_minor,
    }));
    return {
      id: r.id,
      supplierId: r.supplier_id,
      supplierReference: r.supplier_reference,
      period: r.period,
      state: r.state,
      totalMinor: r.total_minor,
      expectedMinor: r.expected_minor,
      approvedMinor: r.approved_minor,
      lines,
    };
  };
  const disputeOf = (id: string): SupplierDispute => {
    const r = db.prepare('SELECT * FROM supplier_disputes WHERE id = ?').get(id) as
      | {
          id: string;
          invoice_id: string;
          amount_minor: number;
          reason: string;
          state: SupplierDispute['state'];
          resolution: string | null;
        }
      | undefined;
    if (!r) return reject(BusinessErrorType.NotFound, `supplier dispute ${id} does not exist`);
    return {
      disputeId: r.id,
      invoiceId: r.invoice_id,
      amountMinor: r.amount_minor,
      reason: r.reason,
      state: r.state,
      resolution: r.resolution,
    };
  };
  const mustInvoice = (id: string) =>
    invoice(id) ?? reject(BusinessErrorType.NotFound, `supplier invoice ${id} does not exist`);

  return {
    async recordSupplierUsage(key, period) {
      once(
        db,
        key,
        'recordSupplierUsage',
        () =>
          db
            .prepare(
              `INSERT OR IGNORE INTO supplier_usage (supplier_id, contract_id, resource_id, period, expected_minor, revenue_share_pct)
             SELECT c.supplier_id, c.id, r.id, ?, c.price_minor, c.revenue_share_pct ${SUPPLIED}`,
            )
            .run(period).changes,
      );
      return usage(period);
    },
    async supplierUsage(period, supplierId) {
      return usage(period, supplierId);
    },
    async openAccount(supplierId) {
      const rows = db
        .prepare(
          `SELECT c.supplier_id, c.id AS contract_id, r.id AS resource_id, c.price_minor, c.revenue_share_pct
             ${SUPPLIED} AND c.supplier_id = ? ORDER BY r.id`,
        )
        .all(supplierId) as Array<{
        supplier_id: string;
        contract_id: string;
        resource_id: string;
        price_minor: number;
        revenue_share_pct: number;
      }>;
      return rows.map((r) => ({
        supplierId: r.supplier_id,
        contractId: r.contract_id,
        resourceId: r.resource_id,
        period: 'open',
        expectedMinor: r.price_minor,
        revenueSharePct: r.revenue_share_pct,
      }));
    },
    async receiveInvoice(key, supplierId, period) {
      // The bill is asked for outside the write (the supplier may be across the network); once
      // received, a retry asks for nothing.
      const bill = asked(key) || heldFor(supplierId, period) ? null : await suppliers.supplierBill(supplierId, period);
      const id = once(db, key, 'receiveSupplierInvoice', () => {
        const existing = heldFor(supplierId, period);
        if (existing || !bill) return existing ?? null;
        // A bill already received for an earlier period (the supplier has issued none since) is not
        // paid twice: this period's invoice is that bill with nothing on it.
        const again = db
          .prepare('SELECT 1 FROM supplier_invoices WHERE supplier_id = ? AND supplier_reference = ?')
          .get(supplierId, bill.supplierReference);
        const issued = again ? { ...bill, lines: [] } : bill;
        // Each line is matched with our record of the resource it names: by the supplier's own
        // reference for it, or the product it delivered (a TMF678 line names that).
        const ours = new Map(
          (
            db
              .prepare(
                `SELECT json_extract(r.attributes, '$.supplierReference') AS ref, json_extract(r.attributes, '$.productId') AS product,
                        u.expected_minor FROM supplier_usage u
                   JOIN resources r ON r.id = u.resource_id WHERE u.supplier_id = ? AND u.period = ?`,
              )
              .all(supplierId, period) as Array<{ ref: string | null; product: string | null; expected_minor: number }>
          ).flatMap((r) =>
            [r.ref, r.product].flatMap((k) => (k === null ? [] : [[String(k), r.expected_minor] as const])),
          ),
        );
        const invoiceId = nextId(db, 'SINV');
        const total = issued.lines.reduce((s, l) => s + l.amountMinor, 0);
        const expected = issued.lines.reduce((s, l) => s + (ours.get(l.reference) ?? 0), 0);
        db.prepare(
          `INSERT INTO supplier_invoices (id, supplier_id, supplier_reference, period, state, total_minor, expected_minor, received_at)
           VALUES (?, ?, ?, ?, 'assessed', ?, ?, ?)`,
        ).run(invoiceId, supplierId, issued.supplierReference, period, total, expected, now());
        issued.lines.forEach((l, i) =>
          db
            .prepare(
              'INSERT INTO supplier_invoice_lines (invoice_id, line_no, reference, description, amount_minor, expected_minor) VALUES (?, ?, ?, ?, ?, ?)',
            )
            .run(invoiceId, i + 1, l.reference, l.description, l.amountMinor, ours.get(l.reference) ?? null),
        );
        return invoiceId;
      });
      if (!id) return reject(BusinessErrorType.NotFound, `no invoice of ${supplierId} for ${period}`);
      return mustInvoice(id);
    },
    async invoice(id) {
      return invoice(id);
    },
    async dispute(key, invoiceId) {
      const claim = claimOf(mustInvoice(invoiceId));
      // The supplier is asked outside the write; a retry that finds the dispute recorded asks nothing.
      const answer =
        claim && !asked(key) ? await suppliers.answerDispute(mustInvoice(invoiceId).supplierId, claim) : null;
      const disputeId = once(db, key, 'disputeSupplierInvoice', () => {
        if (!claim || !answer) return null;
        const id = nextId(db, 'SDSP');
        db.prepare(
          'INSERT INTO supplier_disputes (id, invoice_id, amount_minor, reason, state, resolution, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        ).run(
          id,
          invoiceId,
          claim.amountMinor,
          claim.reason,
          answer,
          answer === 'open' ? null : RESOLUTION[answer],
          now(),
        );
        db.prepare("UPDATE supplier_invoices SET state = 'disputed' WHERE id = ?").run(invoiceId);
        return id;
      });
      return disputeId ? disputeOf(disputeId) : null;
    },
    async openDisputes(supplierId) {
      return (
        db
          .prepare(
            `SELECT d.id FROM supplier_disputes d JOIN supplier_invoices i ON i.id = d.invoice_id
              WHERE i.supplier_id = ? AND d.state = 'open' ORDER BY d.id`,
          )
          .pluck()
          .all(supplierId) as string[]
      ).map(disputeOf);
    },
    async negotiateAgain(key, disputeId) {
      const d = disputeOf(disputeId);
      const inv = mustInvoice(d.invoiceId);
      const answer =
        d.state === 'open' && !asked(key)
          ? await suppliers.answerDispute(inv.supplierId, {
              supplierReference: inv.supplierReference,
              amountMinor: d.amountMinor,
              reason: d.reason,
              aboveContract: billsAboveContract(inv),
            })
          : 'open';
      once(db, key, 'negotiateSupplierDisputeAgain', () => {
        // Answered meanwhile, or still unanswered: left as it is.
        if (disputeOf(disputeId).state !== 'open' || answer === 'open') return disputeId;
        db.prepare('UPDATE supplier_disputes SET state = ?, resolution = ? WHERE id = ?').run(
          answer,
          answer === 'accepted'
            ? 'supplier concedes the contract price when asked again; credit note to follow'
            : 'supplier maintains its invoice when asked again',
          disputeId,
        );
        return disputeId;
      });
      return disputeOf(disputeId);
    },
    async approve(key, invoiceId) {
      once(db, key, 'approveSupplierInvoice', () => {
        const inv = mustInvoice(invoiceId);
        if (!['assessed', 'disputed'].includes(inv.state))
          reject(BusinessErrorType.InvalidStateTransition, `invoice ${invoiceId} is ${inv.state}`);
        // What the supplier conceded is not owed; what it has not answered yet is withheld, not paid.
        const conceded = db
          .prepare(
            "SELECT COALESCE(SUM(amount_minor), 0) FROM supplier_disputes WHERE invoice_id = ? AND state IN ('accepted', 'open')",
          )
          .pluck()
          .get(invoiceId) as number;
        db.prepare("UPDATE supplier_invoices SET state = 'approved', approved_minor = ? WHERE id = ?").run(
          inv.totalMinor - conceded,
          invoiceId,
        );
        return invoiceId;
      });
      return mustInvoice(invoiceId);
    },
    async settle(key, supplierId, period) {
      const id = once(db, key, 'settleSupplier', () => {
        const inv = db
          .prepare('SELECT id FROM supplier_invoices WHERE supplier_id = ? AND period = ?')
          .pluck()
          .get(supplierId, period) as string | undefined;
        const approved = inv ? mustInvoice(inv) : undefined;
        if (approved && approved.state !== 'approved')
          reject(BusinessErrorType.InvalidStateTransition, `invoice ${approved.id} is ${approved.state}, not approved`);
        // Revenue share: the contract's percentage of what we billed the customers whose services run on the partner's resources.
        const shares = db
          .prepare(
            `SELECT u.revenue_share_pct AS pct, COALESCE(SUM(p.recurring_minor), 0) AS revenue
               FROM supplier_usage u JOIN resources r ON r.id = u.resource_id
               JOIN products p ON EXISTS (SELECT 1 FROM json_each(p.service_ids) j WHERE j.value = r.service_id)
              WHERE u.supplier_id = ? AND u.period = ? AND u.revenue_share_pct > 0 GROUP BY u.resource_id`,
          )
          .all(supplierId, period) as Array<{ pct: number; revenue: number }>;
        const share = shares.reduce((s, x) => s + Math.round((x.revenue * x.pct) / 100), 0);
        const paid = approved?.approvedMinor ?? 0;
        const settlementId = nextId(db, 'SET');
        const notice = `Settlement ${settlementId} for ${period}: invoice ${approved?.supplierReference ?? '-'} paid ${paid}, revenue share ${share} (minor units)`;
        db.prepare(
          `INSERT INTO supplier_settlements (id, supplier_id, invoice_id, period, paid_minor, revenue_share_minor, notice, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(settlementId, supplierId, approved?.id ?? null, period, paid, share, notice, now());
        if (approved) db.prepare("UPDATE supplier_invoices SET state = 'paid' WHERE id = ?").run(approved.id);
        return settlementId;
      });
      const r = db.prepare('SELECT * FROM supplier_settlements WHERE id = ?').get(id) as {
        id: string;
        supplier_id: string;
        invoice_id: string | null;
        period: string;
        paid_minor: number;
        revenue_share_minor: number;
        notice: string;
      };
      return {
        settlementId: r.id,
        supplierId: r.supplier_id,
        invoiceId: r.invoice_id,
        period: r.period,
        paidMinor: r.paid_minor,
        revenueShareMinor: r.revenue_share_minor,
        notice: r.notice,
      } satisfies Settlement;
    },
  };
}
