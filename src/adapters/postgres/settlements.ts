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
import { nextId, once, type Pool, type Tx } from './database';

/**
 * What each supplier provides us: a resource in service it delivered, under its contract — the one
 * S/P Requisition Management recorded on the resource (`contractId`), else the contract of the
 * partner order that placed the requisition the resource names, else (a resource recorded with its
 * requisition only, as the installed base's) the supplier's contract for that kind of resource in
 * that region. The simulated suppliers' own requisition table, where the SQLite store looks, is the
 * simulator's and not the enterprise's: on PostgreSQL it is not in this store.
 */
const SUPPLIED = `FROM resources r
  LEFT JOIN LATERAL (SELECT q.contract_id FROM partner_orders q
     WHERE q.requisition_id = r.attributes->>'requisitionId' AND q.contract_id IS NOT NULL
     ORDER BY q.id COLLATE "C" LIMIT 1) q ON true
  JOIN supplier_contracts c ON c.id = COALESCE(r.attributes->>'contractId', q.contract_id,
    (SELECT k.id FROM supplier_contracts k
      WHERE k.supplier_id = r.attributes->>'supplierId' AND k.resource_spec_id = r.spec_id AND k.region = r.region
      ORDER BY k.valid_until DESC, k.id COLLATE "C" LIMIT 1))
 WHERE r.state = 'inService' AND r.attributes->>'supplierId' IS NOT NULL`;

type Db = Pool | Tx;
type Row = Record<string, unknown>;

const num = (v: unknown) => Number(v);
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

const toUsage = (r: Row, period = r.period as string): SupplierUsage => ({
  supplierId: r.supplier_id as string,
  contractId: r.contract_id as string,
  resourceId: r.resource_id as string,
  period,
  expectedMinor: num(r.expected_minor),
  revenueSharePct: num(r.revenue_share_pct),
});

const toDispute = (r: Row): SupplierDispute => ({
  disputeId: r.id as string,
  invoiceId: r.invoice_id as string,
  amountMinor: num(r.amount_minor),
  reason: r.reason as string,
  state: r.state as SupplierDispute['state'],
  resolution: (r.resolution ?? null) as string | null,
});

async function invoiceOf(db: Db, id: string, lock = false): Promise<SupplierInvoice | undefined> {
  const { rows } = await db.query<Row>(`SELECT * FROM supplier_invoices WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [
    id,
  ]);
  const r = rows[0];
  if (!r) return undefined;
  const lines = await db.query<Row>('SELECT * FROM supplier_invoice_lines WHERE invoice_id = $1 ORDER BY line_no', [
    id,
  ]);
  return {
    id: r.id as string,
    supplierId: r.supplier_id as string,
    supplierReference: r.supplier_reference as string,
    period: r.period as string,
    state: r.state as SupplierInvoice['state'],
    totalMinor: num(r.total_minor),
    expectedMinor: numOrNull(r.expected_minor),
    approvedMinor: numOrNull(r.approved_minor),
    lines: lines.rows.map((l) => ({
      lineNo: l.line_no as number,
      reference: l.reference as string,
      description: l.description as string,
      amountMinor: num(l.amount_minor),
      expectedMinor: numOrNull(l.expected_minor),
    })),
  };
}

const mustInvoice = async (db: Db, id: string, lock = false) =>
  (await invoiceOf(db, id, lock)) ?? reject(BusinessErrorType.NotFound, `supplier invoice ${id} does not exist`);

async function disputeOf(db: Db, id: string, lock = false): Promise<SupplierDispute> {
  const { rows } = await db.query<Row>(`SELECT * FROM supplier_disputes WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [
    id,
  ]);
  return rows[0] ? toDispute(rows[0]) : reject(BusinessErrorType.NotFound, `supplier dispute ${id} does not exist`);
}

/** The supplier's invoice for a period, if received. */
async function heldFor(db: Db, supplierId: string, period: string): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM supplier_invoices WHERE supplier_id = $1 AND period = $2',
    [supplierId, period],
  );
  return rows[0]?.id;
}

/**
 * The supplier's row, locked against other writes of its invoices and settlements until the
 * transaction ends (NO KEY: other adapters' rows may still reference it meanwhile).
 */
const lockSupplier = (tx: Tx, supplierId: string) =>
  tx.query('SELECT 1 FROM suppliers WHERE id = $1 FOR NO KEY UPDATE', [supplierId]);

/**
 * S/PRM's settlement records on PostgreSQL: the same contract as the SQLite adapter
 * (test/ports/settlements.contract.ts runs on both). The suppliers' side — their bills and their
 * answers to our disputes — is reached through the partner gateway (`suppliers`), outside any
 * transaction; the writes then take one key each, and the rows two workers could both change (the
 * supplier's invoices for a period, an invoice being approved or paid, a dispute answered) are
 * locked while they are read and changed.
 */
export function createPostgresSettlements(
  pool: Pool,
  clock: Clock,
  suppliers: Pick<PartnerGatewayPort, 'supplierBill' | 'answerDispute'>,
): SettlementPort {
  const now = () => clock().toISOString();
  const asked = async (key: string) =>
    (await pool.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [key])).rowCount !== 0;
  const usage = async (period: string, supplierId?: string): Promise<SupplierUsage[]> => {
    const { rows } = await pool.query<Row>(
      `SELECT * FROM supplier_usage WHERE period = $1 ${supplierId ? 'AND supplier_id = $2' : ''} ORDER BY resource_id COLLATE "C"`,
      supplierId ? [period, supplierId] : [period],
    );
    return rows.map((r) => toUsage(r));
  };

  return {
    async recordSupplierUsage(key, period) {
      // One row per resource and period: a second worker's same record is a no-op.
      await once(pool, key, 'recordSupplierUsage', async (tx) => {
        const { rowCount } = await tx.query(
          `INSERT INTO supplier_usage (supplier_id, contract_id, resource_id, period, expected_minor, revenue_share_pct)
           SELECT c.supplier_id, c.id, r.id, $1, c.price_minor, c.revenue_share_pct ${SUPPLIED}
           ON CONFLICT (resource_id, period) DO NOTHING`,
          [period],
        );
        return rowCount;
      });
      return usage(period);
    },

    async supplierUsage(period, supplierId) {
      return usage(period, supplierId);
    },

    async openAccount(supplierId) {
      const { rows } = await pool.query<Row>(
        `SELECT c.supplier_id, c.id AS contract_id, r.id AS resource_id, c.price_minor AS expected_minor, c.revenue_share_pct
           ${SUPPLIED} AND c.supplier_id = $1 ORDER BY r.id COLLATE "C"`,
        [supplierId],
      );
      return rows.map((r) => toUsage(r, 'open'));
    },

    async receiveInvoice(key, supplierId, period) {
      // The bill is asked for outside the write (the supplier may be across the network); once
      // received, a retry asks for nothing.
      const bill =
        (await asked(key)) || (await heldFor(pool, supplierId, period))
          ? null
          : await suppliers.supplierBill(supplierId, period);
      const id = await once(pool, key, 'receiveSupplierInvoice', async (tx) => {
        await lockSupplier(tx, supplierId);
        const existing = await heldFor(tx, supplierId, period);
        if (existing || !bill) return existing ?? null;
        // A bill already received for an earlier period (the supplier has issued none since) is not
        // paid twice: this period's invoice is that bill with nothing on it.
        const again = await tx.query(
          'SELECT 1 FROM supplier_invoices WHERE supplier_id = $1 AND supplier_reference = $2',
          [supplierId, bill.supplierReference],
        );
        const issued = again.rowCount ? { ...bill, lines: [] } : bill;
        // Each line is matched with our record of the resource it names: by the supplier's own
        // reference for it, or the product it delivered (a TMF678 line names that).
        const { rows } = await tx.query<{ ref: string | null; product: string | null; expected_minor: string }>(
          `SELECT r.attributes->>'supplierReference' AS ref, r.attributes->>'productId' AS product, u.expected_minor
             FROM supplier_usage u JOIN resources r ON r.id = u.resource_id WHERE u.supplier_id = $1 AND u.period = $2`,
          [supplierId, period],
        );
        const ours = new Map(
          rows.flatMap((r) =>
            [r.ref, r.product].flatMap((k) => (k === null ? [] : [[k, Number(r.expected_minor)] as const])),
          ),
        );
        const invoiceId = await nextId(tx, 'SINV');
        const total = issued.lines.reduce((s, l) => s + l.amountMinor, 0);
        const expected = issued.lines.reduce((s, l) => s + (ours.get(l.reference) ?? 0), 0);
        await tx.query(
          `INSERT INTO supplier_invoices (id, supplier_id, supplier_reference, period, state, total_minor, expected_minor, received_at)
           VALUES ($1, $2, $3, $4, 'assessed', $5, $6, $7)`,
          [invoiceId, supplierId, issued.supplierReference, period, total, expected, now()],
        );
        if (issued.lines.length > 0)
          await tx.query(
            `INSERT INTO supplier_invoice_lines (invoice_id, line_no, reference, description, amount_minor, expected_minor)
             SELECT $1, n, reference, description, amount_minor, expected_minor
               FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[]) WITH ORDINALITY
                    AS l(reference, description, amount_minor, expected_minor, n)`,
            [
              invoiceId,
              issued.lines.map((l) => l.reference),
              issued.lines.map((l) => l.description),
              issued.lines.map((l) => l.amountMinor),
              issued.lines.map((l) => ours.get(l.reference) ?? null),
            ],
          );
        return invoiceId;
      });
      if (!id) return reject(BusinessErrorType.NotFound, `no invoice of ${supplierId} for ${period}`);
      return mustInvoice(pool, id);
    },

    async invoice(id) {
      return invoiceOf(pool, id);
    },

    async dispute(key, invoiceId) {
      const inv = await mustInvoice(pool, invoiceId);
      const claim = claimOf(inv);
      // The supplier is asked outside the write; a retry that finds the dispute recorded asks nothing.
      const answer = claim && !(await asked(key)) ? await suppliers.answerDispute(inv.supplierId, claim) : null;
      const disputeId = await once(pool, key, 'disputeSupplierInvoice', async (tx) => {
        if (!claim || !answer) return null;
        await mustInvoice(tx, invoiceId, true);
        const id = await nextId(tx, 'SDSP');
        await tx.query(
          'INSERT INTO supplier_disputes (id, invoice_id, amount_minor, reason, state, resolution, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          [
            id,
            invoiceId,
            claim.amountMinor,
            claim.reason,
            answer,
            answer === 'open' ? null : RESOLUTION[answer],
            now(),
          ],
        );
        await tx.query("UPDATE supplier_invoices SET state = 'disputed' WHERE id = $1", [invoiceId]);
        return id;
      });
      return disputeId ? disputeOf(pool, disputeId) : null;
    },

    async openDisputes(supplierId) {
      const { rows } = await pool.query<Row>(
        `SELECT d.* FROM supplier_disputes d JOIN supplier_invoices i ON i.id = d.invoice_id
          WHERE i.supplier_id = $1 AND d.state = 'open' ORDER BY d.id COLLATE "C"`,
        [supplierId],
      );
      return rows.map(toDispute);
    },

    async negotiateAgain(key, disputeId) {
      const d = await disputeOf(pool, disputeId);
      const inv = await mustInvoice(pool, d.invoiceId);
      const answer =
        d.state === 'open' && !(await asked(key))
          ? await suppliers.answerDispute(inv.supplierId, {
              supplierReference: inv.supplierReference,
              amountMinor: d.amountMinor,
              reason: d.reason,
              aboveContract: billsAboveContract(inv),
            })
          : 'open';
      await once(pool, key, 'negotiateSupplierDisputeAgain', async (tx) => {
        // Answered meanwhile (by another worker too: the dispute is locked), or still unanswered: left as it is.
        if ((await disputeOf(tx, disputeId, true)).state !== 'open' || answer === 'open') return disputeId;
        await tx.query('UPDATE supplier_disputes SET state = $1, resolution = $2 WHERE id = $3', [
          answer,
          answer === 'accepted'
            ? 'supplier concedes the contract price when asked again; credit note to follow'
            : 'supplier maintains its invoice when asked again',
          disputeId,
        ]);
        return disputeId;
      });
      return disputeOf(pool, disputeId);
    },

    async approve(key, invoiceId) {
      await once(pool, key, 'approveSupplierInvoice', async (tx) => {
        // Locked: of two workers approving at once, the second sees it approved and is refused.
        const inv = await mustInvoice(tx, invoiceId, true);
        if (!['assessed', 'disputed'].includes(inv.state))
          reject(BusinessErrorType.InvalidStateTransition, `invoice ${invoiceId} is ${inv.state}`);
        // What the supplier conceded is not owed; what it has not answered yet is withheld, not paid.
        const { rows } = await tx.query<{ withheld: string }>(
          "SELECT COALESCE(SUM(amount_minor), 0) AS withheld FROM supplier_disputes WHERE invoice_id = $1 AND state IN ('accepted', 'open')",
          [invoiceId],
        );
        await tx.query("UPDATE supplier_invoices SET state = 'approved', approved_minor = $1 WHERE id = $2", [
          inv.totalMinor - Number(rows[0]!.withheld),
          invoiceId,
        ]);
        return invoiceId;
      });
      return mustInvoice(pool, invoiceId);
    },

    async settle(key, supplierId, period) {
      const id = await once(pool, key, 'settleSupplier', async (tx) => {
        // Locked: of two workers settling the period at once, the second finds the invoice paid.
        await lockSupplier(tx, supplierId);
        const inv = await heldFor(tx, supplierId, period);
        const approved = inv ? await mustInvoice(tx, inv, true) : undefined;
        if (approved && approved.state !== 'approved')
          reject(BusinessErrorType.InvalidStateTransition, `invoice ${approved.id} is ${approved.state}, not approved`);
        // Revenue share: the contract's percentage of what we billed the customers whose services run on the partner's resources.
        const { rows } = await tx.query<{ pct: string; revenue: string }>(
          `SELECT u.revenue_share_pct AS pct, COALESCE(SUM(p.recurring_minor), 0) AS revenue
             FROM supplier_usage u JOIN resources r ON r.id = u.resource_id
             JOIN products p ON p.service_ids @> jsonb_build_array(r.service_id)
            WHERE u.supplier_id = $1 AND u.period = $2 AND u.revenue_share_pct > 0
            GROUP BY u.resource_id, u.revenue_share_pct`,
          [supplierId, period],
        );
        const share = rows.reduce((s, x) => s + Math.round((Number(x.revenue) * Number(x.pct)) / 100), 0);
        const paid = approved?.approvedMinor ?? 0;
        const settlementId = await nextId(tx, 'SET');
        const notice = `Settlement ${settlementId} for ${period}: invoice ${approved?.supplierReference ?? '-'} paid ${paid}, revenue share ${share} (minor units)`;
        await tx.query(
          `INSERT INTO supplier_settlements (id, supplier_id, invoice_id, period, paid_minor, revenue_share_minor, notice, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [settlementId, supplierId, approved?.id ?? null, period, paid, share, notice, now()],
        );
        if (approved) await tx.query("UPDATE supplier_invoices SET state = 'paid' WHERE id = $1", [approved.id]);
        return settlementId;
      });
      const { rows } = await pool.query<Row>('SELECT * FROM supplier_settlements WHERE id = $1', [id]);
      const r = rows[0]!;
      return {
        settlementId: r.id as string,
        supplierId: r.supplier_id as string,
        invoiceId: (r.invoice_id ?? null) as string | null,
        period: r.period as string,
        paidMinor: num(r.paid_minor),
        revenueShareMinor: num(r.revenue_share_minor),
        notice: r.notice as string,
      } satisfies Settlement;
    },
  };
}
