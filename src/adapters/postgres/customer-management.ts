import type { CustomerManagementPort } from '../../ports/customer-management';
import {
  type ContactRow,
  contactSeconds,
  type CreditProfileRow,
  type CustomerRow,
  type RequestRow,
  toContact,
  toCreditProfile,
  toCustomer,
  toRequest,
} from '../sqlite/customer-management';
import { nextId, once, type Pool } from './database';
import { rowById, sqliteShaped } from './rows';

/**
 * Who the customers are and every contact and request they make, on PostgreSQL: the same
 * contract as the SQLite adapter (test/ports/customer-management.contract.ts runs on both). A
 * contact is locked while it closes, so two workers closing it at once record one duration.
 */

const MONEY = ['credit_limit_minor', 'outstanding_minor'];

export function createPostgresCustomerManagement(pool: Pool): CustomerManagementPort {
  const contacts = rowById<ContactRow>('contacts', 'contact');
  const requests = rowById<RequestRow>('customer_requests', 'customer request');
  const contact = async (id: string) => toContact((await contacts.row(pool, id))!);
  const request = async (id: string) => toRequest((await requests.row(pool, id))!);

  return {
    async getCustomer(customerId) {
      const r = (await pool.query('SELECT * FROM customers WHERE id = $1', [customerId])).rows[0];
      return r && toCustomer(sqliteShaped<CustomerRow>(r));
    },

    async getCreditProfile(customerId) {
      const r = (await pool.query('SELECT * FROM credit_profiles WHERE customer_id = $1', [customerId])).rows[0];
      return r && toCreditProfile(sqliteShaped<CreditProfileRow>(r, MONEY));
    },

    async openContact(key, c) {
      const id = await once(pool, key, 'openContact', async (tx) => {
        const contactId = await nextId(tx, 'CT');
        await tx.query(
          `INSERT INTO contacts (id, customer_id, channel, reason, summary, opened_at, queued)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [contactId, c.customerId, c.channel, c.reason, c.summary, c.openedAt, c.queued ?? false],
        );
        return contactId;
      });
      return contact(id);
    },

    async isQueued(contactId) {
      const { rows } = await pool.query<{ queued: boolean }>('SELECT queued FROM contacts WHERE id = $1', [contactId]);
      return rows[0]?.queued === true;
    },

    async contactCapacity(channel) {
      const { rows } = await pool.query<{ agents: number | null; open: string }>(
        `SELECT (SELECT agents FROM contact_capacity WHERE channel = $1) AS agents,
                (SELECT count(*) FROM contacts WHERE channel = $1 AND closed_at IS NULL) AS open`,
        [channel],
      );
      return { agents: rows[0]!.agents, open: Number(rows[0]!.open) };
    },

    async setContactCapacity(key, c) {
      return once(pool, key, 'setContactCapacity', async (tx) => {
        await tx.query(
          `INSERT INTO contact_capacity (channel, agents, set_by, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (channel) DO UPDATE SET agents = excluded.agents, set_by = excluded.set_by, updated_at = excluded.updated_at`,
          [c.channel, c.agents, c.setBy, c.at],
        );
        return c.agents;
      });
    },

    async closeContact(key, contactId, closedAt) {
      await once(pool, key, 'closeContact', async (tx) => {
        const row = await contacts.row(tx, contactId, true);
        // A plain error, as the SQLite store's: the contact is the caller's own, opened before.
        if (!row) throw new Error(`no contact ${contactId}`);
        if (row.closed_at) return contactId;
        await tx.query('UPDATE contacts SET closed_at = $1, duration_seconds = $2 WHERE id = $3', [
          closedAt,
          contactSeconds(row.opened_at, closedAt),
          contactId,
        ]);
        return contactId;
      });
      return contact(contactId);
    },

    async getContact(contactId) {
      const r = await contacts.row(pool, contactId);
      return r && toContact(r);
    },

    async recordRequest(key, r) {
      const id = await once(pool, key, 'recordRequest', async (tx) => {
        const requestId = await nextId(tx, 'RQ');
        await tx.query(
          `INSERT INTO customer_requests (id, contact_id, customer_id, request_type, payload, status, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, 'received', $6, $6)`,
          [requestId, r.contactId, r.customerId, r.requestType, JSON.stringify(r.payload), r.at],
        );
        return requestId;
      });
      return request(id);
    },

    async updateRequest(key, requestId, change) {
      await once(pool, key, 'updateRequest', async (tx) => {
        const res = await tx.query(
          `UPDATE customer_requests
           SET status = $1, routed_to = COALESCE($2, routed_to), reference = COALESCE($3, reference), updated_at = $4
           WHERE id = $5`,
          [change.status, change.routedTo ?? null, change.reference ?? null, change.at, requestId],
        );
        if (res.rowCount === 0) throw new Error(`no customer request ${requestId}`);
        return requestId;
      });
      return request(requestId);
    },

    async getRequest(requestId) {
      const r = await requests.row(pool, requestId);
      return r && toRequest(r);
    },
  };
}
