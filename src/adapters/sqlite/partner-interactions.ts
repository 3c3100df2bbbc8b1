import { BusinessErrorType, reject } from '../../contracts/errors';
import type { InteractionReport, SupplierRequest } from '../../domain/lifecycle/partner-interaction';
import type { Clock } from '../../ports/clock';
import type { PartnerInteractionPort } from '../../ports/partner-interactions';
import { type Db, json, nextId, once } from './database';

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
  answer: json.parse(r.answer as string | null),
  createdAt: r.created_at as string,
});

export function createSqlitePartnerInteractions(db: Db, _clock: Clock): PartnerInteractionPort {
  const all = (sql: string, ...args: unknown[]) => db.prepare(sql).all(...args) as Row[];

  return {
    async getSupplier(supplierId) {
      return db.prepare('SELECT id, name, email FROM suppliers WHERE id = ?').get(supplierId) as
        { id: string; name: string; email: string } | undefined;
    },
    async ordersOf(supplierId, reference) {
      // The supplier knows its own reference; we know the requisition and the partner order.
      const requisitions = all(
        `SELECT r.id AS requisitionId, r.supplier_reference AS supplierReference, r.resource_spec_id AS resourceSpecId,
                r.region, r.quantity, r.status, r.delivery_date AS deliveryDate,
                po.id AS partnerOrderId, po.state AS partnerOrderState, po.expected_delivery AS expectedDelivery
         FROM supplier_requisitions r LEFT JOIN partner_orders po ON po.requisition_id = r.id
         WHERE r.supplier_id = ? AND (? IS NULL OR r.id = ? OR r.supplier_reference = ? OR po.id = ?)
         ORDER BY r.created_at, r.id`,
        supplierId,
        reference,
        reference,
        reference,
        reference,
      );
      const known = new Set(requisitions.map((r) => r.partnerOrderId).filter(Boolean));
      // Partner orders not (yet) placed with the supplier as a requisition.
      const orders = all(
        `SELECT id AS partnerOrderId, state AS partnerOrderState, resource_spec_id AS resourceSpecId, region, quantity,
                supplier_reference AS supplierReference, expected_delivery AS expectedDelivery
         FROM partner_orders WHERE supplier_id = ? AND (? IS NULL OR id = ? OR supplier_reference = ?) ORDER BY id`,
        supplierId,
        reference,
        reference,
        reference,
      ).filter((o) => !known.has(o.partnerOrderId));
      return [...requisitions, ...orders];
    },
    async problemsOf(supplierId, reference) {
      return all(
        `SELECT id AS partnerProblemId, supplier_reference AS supplierReference, requisition_id AS requisitionId,
                resource_id AS resourceId, state, description, reported_at AS reportedAt, resolved_at AS resolvedAt
         FROM partner_problems WHERE supplier_id = ? AND (? IS NULL OR id = ? OR supplier_reference = ? OR requisition_id = ?)
         ORDER BY reported_at, id`,
        supplierId,
        reference,
        reference,
        reference,
        reference,
      );
    },
    async paymentsOf(supplierId, reference) {
      const lines = all(
        `SELECT r.id AS requisitionId, r.supplier_reference AS supplierReference, r.quantity, c.id AS contractId,
                c.price_minor AS priceMinor, r.quantity * c.price_minor AS amountMinor
         FROM supplier_requisitions r JOIN supplier_contracts c ON c.id = r.contract_id
         WHERE r.supplier_id = ? AND r.status = 'delivered' AND (? IS NULL OR r.id = ? OR r.supplier_reference = ?)
         ORDER BY r.id`,
        supplierId,
        reference,
        reference,
        reference,
      );
      // Settlements are Billing's (1.B.4.5): the supplier's invoices, as Settlements recorded them.
      const settlements = all('SELECT * FROM supplier_invoices WHERE supplier_id = ?', supplierId);
      return { dueMinor: lines.reduce((s, l) => s + Number(l.amountMinor), 0), lines, settlements };
    },
    async recordRequest(key, r, at) {
      const id = once(db, key, 'recordSupplierRequest', () => {
        const requestId = nextId(db, 'SPR');
        db.prepare(
          `INSERT INTO supplier_requests (id, supplier_id, topic, reference, question, channel, status, routed_to, answer, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          requestId,
          r.supplierId,
          r.topic,
          r.reference,
          r.question,
          r.channel,
          r.status,
          r.routedTo,
          r.answer === null ? null : json.stringify(r.answer),
          at,
        );
        return requestId;
      });
      return toRequest(db.prepare('SELECT * FROM supplier_requests WHERE id = ?').get(id) as Row);
    },
    async answerRequest(requestId, answer) {
      db.prepare("UPDATE supplier_requests SET status = 'answered', answer = ? WHERE id = ?").run(
        json.stringify(answer),
        requestId,
      );
      const row = db.prepare('SELECT * FROM supplier_requests WHERE id = ?').get(requestId) as Row | undefined;
      return row ? toRequest(row) : reject(BusinessErrorType.NotFound, `no supplier request ${requestId}`);
    },
    async requestsOf(supplierId) {
      const rows =
        supplierId === null
          ? all('SELECT * FROM supplier_requests ORDER BY created_at, id')
          : all('SELECT * FROM supplier_requests WHERE supplier_id = ? ORDER BY created_at, id', supplierId);
      return rows.map(toRequest);
    },
    async recordReport(key, report) {
      const id = once(db, key, 'recordInteractionReport', () => {
        const reportId = nextId(db, 'SPI');
        db.prepare(
          'INSERT INTO supplier_interaction_reports (id, supplier_id, report, created_at) VALUES (?, ?, ?, ?)',
        ).run(reportId, report.supplierId, json.stringify(report), report.createdAt);
        return reportId;
      });
      const r = db.prepare('SELECT report FROM supplier_interaction_reports WHERE id = ?').pluck().get(id) as string;
      return { ...json.parse<Omit<InteractionReport, 'id'>>(r), id };
    },
  };
}
