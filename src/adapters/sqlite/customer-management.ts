import type { Contact, CreditProfile, Customer, CustomerRequest } from '../../domain/customer';
import type { CustomerManagementPort } from '../../ports/customer-management';
import { type Db, json, nextId, once } from './database';

/** The rows of this store's shape; the PostgreSQL adapter maps its rows with these mappers too. */
export interface ContactRow {
  id: string;
  customer_id: string | null;
  channel: Contact['channel'];
  reason: string;
  summary: string;
  opened_at: string;
  closed_at: string | null;
  duration_seconds: number | null;
}

export interface RequestRow {
  id: string;
  contact_id: string;
  customer_id: string | null;
  request_type: string;
  payload: string;
  status: CustomerRequest['status'];
  routed_to: string | null;
  reference: string | null;
  created_at: string;
  updated_at: string;
}

export const toContact = (r: ContactRow): Contact => ({
  id: r.id,
  customerId: r.customer_id,
  channel: r.channel,
  reason: r.reason,
  summary: r.summary,
  openedAt: r.opened_at,
  closedAt: r.closed_at,
  durationSeconds: r.duration_seconds,
});

export const toRequest = (r: RequestRow): CustomerRequest => ({
  id: r.id,
  contactId: r.contact_id,
  customerId: r.customer_id,
  requestType: r.request_type,
  payload: json.parse(r.payload),
  status: r.status,
  routedTo: r.routed_to,
  reference: r.reference,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** How long a contact lasted, in whole seconds (never negative). */
export const contactSeconds = (openedAt: string, closedAt: string) =>
  Math.max(0, Math.round((Date.parse(closedAt) - Date.parse(openedAt)) / 1000));

export type CustomerRow = Omit<Customer, 'id'> & { id: string };
export const toCustomer = (r: CustomerRow): Customer => ({ ...r, phone: r.phone ?? null });

export interface CreditProfileRow {
  customer_id: string;
  credit_score: number;
  credit_limit_minor: number;
  outstanding_minor: number;
  days_past_due: number;
  fraud_flag: number;
}
export const toCreditProfile = (r: CreditProfileRow): CreditProfile => ({
  customerId: r.customer_id,
  creditScore: r.credit_score,
  creditLimitMinor: r.credit_limit_minor,
  outstandingMinor: r.outstanding_minor,
  daysPastDue: r.days_past_due,
  fraudFlag: r.fraud_flag === 1,
});

export function createSqliteCustomerManagement(db: Db): CustomerManagementPort {
  const contactById = (id: string) =>
    db.prepare('SELECT * FROM contacts WHERE id = ?').get(id) as ContactRow | undefined;
  const requestById = (id: string) =>
    db.prepare('SELECT * FROM customer_requests WHERE id = ?').get(id) as RequestRow | undefined;

  return {
    async getCustomer(customerId) {
      const r = db.prepare('SELECT * FROM customers WHERE id = ?').get(customerId) as CustomerRow | undefined;
      return r && toCustomer(r);
    },

    async getCreditProfile(customerId) {
      const r = db.prepare('SELECT * FROM credit_profiles WHERE customer_id = ?').get(customerId) as
        CreditProfileRow | undefined;
      return r && toCreditProfile(r);
    },

    async openContact(key, c) {
      const id = once(db, key, 'openContact', () => {
        const contactId = nextId(db, 'CT');
        db.prepare(
          `INSERT INTO contacts (id, customer_id, channel, reason, summary, opened_at, queued)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(contactId, c.customerId, c.channel, c.reason, c.summary, c.openedAt, c.queued ? 1 : 0);
        return contactId;
      });
      return toContact(contactById(id)!);
    },

    async isQueued(contactId) {
      return db.prepare('SELECT queued FROM contacts WHERE id = ?').pluck().get(contactId) === 1;
    },

    async contactCapacity(channel) {
      const agents = db.prepare('SELECT agents FROM contact_capacity WHERE channel = ?').pluck().get(channel) as
        number | undefined;
      const open = db
        .prepare('SELECT COUNT(*) FROM contacts WHERE channel = ? AND closed_at IS NULL')
        .pluck()
        .get(channel) as number;
      return { agents: agents ?? null, open };
    },

    async setContactCapacity(key, c) {
      return once(db, key, 'setContactCapacity', () => {
        db.prepare(
          `INSERT INTO contact_capacity (channel, agents, set_by, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (channel) DO UPDATE SET agents = excluded.agents, set_by = excluded.set_by, updated_at = excluded.updated_at`,
        ).run(c.channel, c.agents, c.setBy, c.at);
        return c.agents;
      });
    },

    async closeContact(key, contactId, closedAt) {
      once(db, key, 'closeContact', () => {
        const row = contactById(contactId);
        if (!row) throw new Error(`no contact ${contactId}`);
        if (row.closed_at) return contactId;
        const seconds = contactSeconds(row.opened_at, closedAt);
        db.prepare('UPDATE contacts SET closed_at = ?, duration_seconds = ? WHERE id = ?').run(
          closedAt,
          seconds,
          contactId,
        );
        return contactId;
      });
      return toContact(contactById(contactId)!);
    },

    async getContact(contactId) {
      const r = contactById(contactId);
      return r && toContact(r);
    },

    async recordRequest(key, r) {
      const id = once(db, key, 'recordRequest', () => {
        const requestId = nextId(db, 'RQ');
        db.prepare(
          `INSERT INTO customer_requests
             (id, contact_id, customer_id, request_type, payload, status, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, 'received', ?, ?)`,
        ).run(requestId, r.contactId, r.customerId, r.requestType, json.stringify(r.payload), r.at, r.at);
        return requestId;
      });
      return toRequest(requestById(id)!);
    },

    async updateRequest(key, requestId, change) {
      once(db, key, 'updateRequest', () => {
        const res = db
          .prepare(
            `UPDATE customer_requests
             SET status = ?, routed_to = COALESCE(?, routed_to), reference = COALESCE(?, reference), updated_at = ?
             WHERE id = ?`,
          )
          .run(change.status, change.routedTo ?? null, change.reference ?? null, change.at, requestId);
        if (res.changes === 0) throw new Error(`no customer request ${requestId}`);
        return requestId;
      });
      return toRequest(requestById(requestId)!);
    },

    async getRequest(requestId) {
      const r = requestById(requestId);
      return r && toRequest(r);
    },
  };
}
