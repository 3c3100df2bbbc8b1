import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresAuditReads } from '../../src/adapters/postgres/audit-reads';
import { createPostgresStore } from '../../src/adapters/postgres';
import { sqliteAuditReads } from '../../src/adapters/sqlite/audit-reads';
import { createSqliteStore } from '../../src/adapters/sqlite';
import type { AuditReads, Violation } from '../../src/audit';
import {
  checkEffectsOnce,
  checkMoney,
  checkOrdersHaveFlows,
  checkReservations,
  livenessOf,
} from '../../src/audit/store-checks';
import { usePostgresDatabases } from '../support/postgres';

/** A store the checks read, and a way to plant rows in it (`?` placeholders, for both). */
interface AuditedStore {
  reads: AuditReads;
  write(sql: string, ...params: unknown[]): Promise<void>;
  close(): Promise<void>;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-audit-checks-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const databases = usePostgresDatabases('audit_checks');

const STORES: Record<string, () => Promise<AuditedStore>> = {
  sqlite: async () => {
    const store = createSqliteStore({ filename: path.join(dir, `etom-${Date.now()}.db`), installedBase: true });
    return {
      reads: sqliteAuditReads(store.db),
      write: async (sql, ...params) => {
        store.db.prepare(sql).run(...params);
      },
      close: async () => store.close(),
    };
  },
  postgres: async () => {
    const store = await createPostgresStore({ url: databases.database(), dataDir: dir, installedBase: true });
    return {
      reads: postgresAuditReads(store.pool),
      write: async (sql, ...params) => {
        let n = 0;
        await store.pool.query(
          sql.replace(/\?/g, () => `$${++n}`),
          params,
        );
      },
      close: () => store.close(),
    };
  },
};

/** Every store check, with no flow running: what the audit would report of the store alone. */
async function storeViolations(reads: AuditReads): Promise<Violation[]> {
  const live = livenessOf(new Set());
  return [
    ...(await checkOrdersHaveFlows(reads, live)),
    ...(await checkReservations(reads, live)),
    ...(await checkEffectsOnce(reads)),
    ...(await checkMoney(reads)),
  ];
}

/**
 * The audit's store checks (#14) mean the same on both stores: the same SQL, read through each
 * store's adapter. A store as seeded (the sample operator and its installed base) is clean; each
 * inconsistency planted in it is found and named, on SQLite and on PostgreSQL alike.
 */
describe.each(Object.keys(STORES))('the audit store checks on %s', (kind) => {
  it('report 0 on a clean store, then each planted inconsistency by name', async () => {
    const store = await STORES[kind]!();
    try {
      const { reads, write } = store;
      expect(await storeViolations(reads)).toEqual([]);

      const [free] = await reads.rows("SELECT id FROM resources WHERE state = 'available' ORDER BY id LIMIT 1");
      const [account] = await reads.rows('SELECT id, customer_id FROM billing_accounts ORDER BY id LIMIT 1');
      expect(free).toBeDefined();
      expect(account).toBeDefined();
      const now = new Date().toISOString();
      // A resource reserved for an order that never existed…
      await write(
        "UPDATE resources SET state = 'reserved', reservation_id = 'SO-GHOST/RO', service_id = 'SVC-GHOST' WHERE id = ?",
        free!['id'],
      );
      // …a notification sent twice, and an event published twice (a retry that wrote without its key)…
      for (const id of ['N-AUDIT-1', 'N-AUDIT-2'])
        await write(
          'INSERT INTO notifications (id, recipient, channel, subject, body, reference, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          id,
          'someone@example.com',
          'email',
          'Your order is complete',
          'Done.',
          'PO-AUDIT',
          now,
        );
      for (const seq of [900001, 900002])
        await write(
          `INSERT INTO event_outbox (seq, event_id, api, entity_type, entity_id, entity_seq, event_type, event_time, envelope)
           VALUES (?, ?, 'productOrdering', 'ProductOrder', 'PO-AUDIT', ?, 'ProductOrderStateChangeEvent', ?, ?)`,
          seq,
          `EV-AUDIT-${seq}`,
          seq,
          now,
          JSON.stringify({ event: { productOrder: { id: 'PO-AUDIT', state: 'completed' } } }),
        );
      // …and two bills: one that adds up (not reported, though PostgreSQL gives its sums as
      // text), one whose payments do not make what it says was paid.
      for (const [bill, paid] of [
        ['B-AUDIT-OK', 120],
        ['B-AUDIT-SHORT', 120],
      ] as const) {
        await write(
          "INSERT INTO bill_runs (id, period_start, period_end, state, created_at) VALUES (?, '2026-11-01', '2026-12-01', 'completed', ?)",
          `BR-${bill}`,
          now,
        );
        await write(
          `INSERT INTO bills (id, bill_run_id, billing_account_id, customer_id, period_start, period_end, currency, state,
                              net_minor, tax_minor, total_minor, paid_minor, created_at)
           VALUES (?, ?, ?, ?, '2026-11-01', '2026-12-01', 'EUR', 'paid', 100, 20, 120, ?, ?)`,
          bill,
          `BR-${bill}`,
          account!['id'],
          account!['customer_id'],
          paid,
          now,
        );
        await write(
          "INSERT INTO bill_lines (bill_id, line_no, kind, description, reference, quantity, amount_minor) VALUES (?, 1, 'recurring', 'Fibre', 'P-AUDIT', 1, 100)",
          bill,
        );
        await write(
          "INSERT INTO bill_lines (bill_id, line_no, kind, description, reference, quantity, amount_minor) VALUES (?, 2, 'tax', 'VAT', NULL, 1, 20)",
          bill,
        );
      }
      await write(
        "INSERT INTO payments (id, billing_account_id, bill_id, amount_minor, reference, received_at) VALUES ('PAY-AUDIT-1', ?, 'B-AUDIT-OK', 120, 'T-1', ?)",
        account!['id'],
        now,
      );
      await write(
        "INSERT INTO payments (id, billing_account_id, bill_id, amount_minor, reference, received_at) VALUES ('PAY-AUDIT-2', ?, 'B-AUDIT-SHORT', 50, 'T-2', ?)",
        account!['id'],
        now,
      );

      const found = await storeViolations(reads);
      expect(found.map((v) => `${v.check} ${v.subject}`).sort()).toEqual(
        [
          `reservation-leaked ${String(free!['id'])}`,
          'duplicate-notification PO-AUDIT: Your order is complete',
          'duplicate-event ProductOrder PO-AUDIT ProductOrderStateChangeEvent',
          'payment-mismatch B-AUDIT-SHORT',
        ].sort(),
      );
      expect(found.find((v) => v.check === 'duplicate-notification')!.detail).toBe(
        '2 notification rows for one recipient, subject, body and reference',
      );
      expect(found.find((v) => v.check === 'payment-mismatch')!.detail).toBe('paid 120 but its payments make 50');
      // The recipient is a customer's address: never in what the audit prints.
      expect(JSON.stringify(found)).not.toContain('someone@example.com');
    } finally {
      await store.close();
    }
  });
});
