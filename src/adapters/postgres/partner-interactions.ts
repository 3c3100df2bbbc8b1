import { BusinessErrorType, reject } from '../../contracts/errors';
import type { InteractionReport, SupplierRequest } from '../../domain/lifecycle/partner-interaction';
import type { Clock } from '../../ports/clock';
import type { PartnerInteractionPort } from '../../ports/partner-interactions';
import { nextId, once, type Pool } from './database';
import { shapedRows } from './rows';

type Row = Record<string, unknown>;

const toRequest = (r: Row): SupplierRequest => ({
  id: r.id as string,
  supplierId: r.supplier_id as string,
  topic: r.topic as SupplierRequest['topic'],
  reference: (r.reference ?? null) as string | null,
  question: r.question as string,
  channel: r.channel as string,
  status: r.status as SupplierRequest['status'],
  routedTo: (r.routed_to ?? null) as string | null,
  answer: (r.answer ?? null) as SupplierRequest['answer'],
  createdAt: (r.created_at as Date).toISOString(),
});

/**
 * The requisitions the inventory knows delivered (its supplied resources name them) that no partner
 * order of ours placed — the installed base's circuit: one row each, with how many resources came
 * under it and the contract they are held under (their `contractId`, else the supplier's contract
 * for that kind of resource in that region). $1: the supplier.
 */
const DELIVERED = `SELECT r.attributes->>'requisitionId' AS requisition_id, min(r.attributes->>'supplierReference') AS reference,
       min(r.spec_id) AS spec_id, min(r.region) AS region, count(*)::int AS quantity,
       min(COALESCE(r.attributes->>'contractId', (SELECT k.id FROM supplier_contracts k
         WHERE k.supplier_id = r.attributes->>'supplierId' AND k.resource_spec_id = r.spec_id AND k.region = r.region
         ORDER BY k.valid_until DESC, k.id COLLATE "C" LIMIT 1))) AS contract_id
  FROM resources r
 WHERE r.attributes->>'supplierId' = $1 AND r.attributes->>'requisitionId' IS NOT NULL AND r.state <> 'retired'
   AND NOT EXISTS (SELECT 1 FROM partner_orders po WHERE po.requisition_id = r.attributes->>'requisitionId')
 GROUP BY r.attributes->>'requisitionId'`;

/**
 * S/P Interface Management on PostgreSQL: the same contract as the SQLite adapter
 * (test/ports/partner-interactions.contract.ts runs on both). What a supplier asks about is read
 * from the enterprise's own records: our partner orders, the supplied resources in the inventory,
 * the problems we reported, the contracts and the invoices Settlements assessed. The simulated
 * suppliers' requisition table is the simulator's, not the enterprise's, and is not in this store:
 * a requisition is known here by the partner order that placed it, or by the resources delivered
 * under it (then without the supplier's delivery date, which only the supplier's record holds).
 */
export function createPostgresPartnerInteractions(pool: Pool, _clock: Clock): PartnerInteractionPort {
  const all = async (sql: string, args: unknown[]) => shapedRows<Row>((await pool.query(sql, args)).rows);
  const request = async (id: string) => {
    const { rows } = await pool.query<Row>('SELECT * FROM supplier_requests WHERE id = $1', [id]);
    return rows[0] && toRequest(rows[0]);
  };

  return {
    async getSupplier(supplierId) {
      const { rows } = await pool.query<{ id: string; name: string; email: string }>(
        'SELECT id, name, email FROM suppliers WHERE id = $1',
        [supplierId],
      );
      return rows[0];
    },

    async ordersOf(supplierId, reference) {
      // The supplier knows its own reference; we know the requisition and the partner order.
      const requisitions = await all(
        `SELECT d.requisition_id AS "requisitionId", d.reference AS "supplierReference", d.spec_id AS "resourceSpecId",
                d.region, d.quantity, 'delivered' AS status, NULL AS "deliveryDate", NULL AS "partnerOrderId",
                NULL AS "partnerOrderState", NULL AS "expectedDelivery"
           FROM (${DELIVERED}) d WHERE $2::text IS NULL OR d.requisition_id = $2 OR d.reference = $2
          ORDER BY d.requisition_id COLLATE "C"`,
        [supplierId, reference],
      );
      const orders = await all(
        `SELECT id AS "partnerOrderId", state AS "partnerOrderState", resource_spec_id AS "resourceSpecId", region, quantity,
                supplier_reference AS "supplierReference", expected_delivery AS "expectedDelivery"
           FROM partner_orders WHERE supplier_id = $1 AND ($2::text IS NULL OR id = $2 OR supplier_reference = $2)
          ORDER BY id COLLATE "C"`,
        [supplierId, reference],
      );
      return [...requisitions, ...orders];
    },

    async problemsOf(supplierId, reference) {
      return all(
        `SELECT id AS "partnerProblemId", supplier_reference AS "supplierReference", requisition_id AS "requisitionId",
                resource_id AS "resourceId", state, description, reported_at AS "reportedAt", resolved_at AS "resolvedAt"
           FROM partner_problems
          WHERE supplier_id = $1 AND ($2::text IS NULL OR id = $2 OR supplier_reference = $2 OR requisition_id = $2)
          ORDER BY reported_at, id COLLATE "C"`,
        [supplierId, reference],
      );
    },

    async paymentsOf(supplierId, reference) {
      // Delivered requisitions at contract price: the partner orders the supplier delivered (and we
      // accepted), under the contract they were placed on, and those only the inventory knows of.
      const { rows } = await pool.query<Row>(
        `SELECT * FROM (
           SELECT po.requisition_id AS "requisitionId", po.supplier_reference AS "supplierReference", po.quantity,
                  po.contract_id AS contract
             FROM partner_orders po
            WHERE po.supplier_id = $1 AND po.requisition_id IS NOT NULL AND po.state IN ('delivered', 'accepted')
           UNION ALL
           SELECT d.requisition_id, d.reference, d.quantity, d.contract_id FROM (${DELIVERED}) d) l
         JOIN LATERAL (SELECT c.id AS "contractId", c.price_minor AS "priceMinor", l.quantity * c.price_minor AS "amountMinor"
                         FROM supplier_contracts c WHERE c.id = l.contract) c ON true
         WHERE $2::text IS NULL OR l."requisitionId" = $2 OR l."supplierReference" = $2
         ORDER BY l."requisitionId" COLLATE "C"`,
        [supplierId, reference],
      );
      // Minor units: BIGINT arrives as text from pg.
      const lines = rows.map(({ contract: _, ...l }) => ({
        ...l,
        priceMinor: Number(l.priceMinor),
        amountMinor: Number(l.amountMinor),
      }));
      // Settlements are Billing's (1.B.4.5): the supplier's invoices, as Settlements recorded them.
      const settlements = (
        await all('SELECT * FROM supplier_invoices WHERE supplier_id = $1 ORDER BY id COLLATE "C"', [supplierId])
      ).map((s) => ({
        ...s,
        total_minor: Number(s.total_minor),
        expected_minor: s.expected_minor === null ? null : Number(s.expected_minor),
        approved_minor: s.approved_minor === null ? null : Number(s.approved_minor),
      }));
      return { dueMinor: lines.reduce((s, l) => s + l.amountMinor, 0), lines, settlements };
    },

    async recordRequest(key, r, at) {
      const id = await once(pool, key, 'recordSupplierRequest', async (tx) => {
        const requestId = await nextId(tx, 'SPR');
        await tx.query(
          `INSERT INTO supplier_requests (id, supplier_id, topic, reference, question, channel, status, routed_to, answer, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            requestId,
            r.supplierId,
            r.topic,
            r.reference,
            r.question,
            r.channel,
            r.status,
            r.routedTo,
            r.answer === null ? null : JSON.stringify(r.answer),
            at,
          ],
        );
        return requestId;
      });
      return (await request(id))!;
    },

    async answerRequest(requestId, answer) {
      // One statement: the same answer again rewrites the same values.
      await pool.query("UPDATE supplier_requests SET status = 'answered', answer = $1 WHERE id = $2", [
        JSON.stringify(answer),
        requestId,
      ]);
      return (await request(requestId)) ?? reject(BusinessErrorType.NotFound, `no supplier request ${requestId}`);
    },

    async requestsOf(supplierId) {
      const { rows } =
        supplierId === null
          ? await pool.query<Row>('SELECT * FROM supplier_requests ORDER BY created_at, id COLLATE "C"')
          : await pool.query<Row>(
              'SELECT * FROM supplier_requests WHERE supplier_id = $1 ORDER BY created_at, id COLLATE "C"',
              [supplierId],
            );
      return rows.map(toRequest);
    },

    async recordReport(key, report) {
      const id = await once(pool, key, 'recordInteractionReport', async (tx) => {
        const reportId = await nextId(tx, 'SPI');
        await tx.query(
          'INSERT INTO supplier_interaction_reports (id, supplier_id, report, created_at) VALUES ($1, $2, $3, $4)',
          [reportId, report.supplierId, JSON.stringify(report), report.createdAt],
        );
        return reportId;
      });
      const { rows } = await pool.query<{ report: Omit<InteractionReport, 'id'> }>(
        'SELECT report FROM supplier_interaction_reports WHERE id = $1',
        [id],
      );
      return { ...rows[0]!.report, id };
    },
  };
}
