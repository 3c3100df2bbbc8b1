import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createSqliteStore } from '../../src/adapters/sqlite';
import type { AuditReport } from '../../src/audit';
import { runAuditCommand } from '../../src/cli/audit';
import { OFFERS, orderFor, submit } from '../support/fulfilment';
import { withWorkers } from '../support/runtime';

/**
 * `etom audit …` as a user runs it, its command called in-process (main's lazy `require` of a
 * command's module does not resolve TypeScript under vitest): its exit code and what it printed.
 */
async function etomAudit(...args: string[]): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    const code = await runAuditCommand(args);
    return { code, out: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}

describe('etom audit (#16)', () => {
  const saved = { address: process.env['TEMPORAL_ADDRESS'], namespace: process.env['TEMPORAL_NAMESPACE'] };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-audit-'));
  beforeAll(() => {
    // The shared test server; the audit is scoped to this test's task queues and store, so the
    // other tests' flows running on the same server are none of its business.
    process.env['TEMPORAL_ADDRESS'] = inject('temporalAddress');
    process.env['TEMPORAL_NAMESPACE'] = inject('temporalNamespace');
  });
  afterAll(() => {
    for (const [key, value] of [
      ['TEMPORAL_ADDRESS', saved.address],
      ['TEMPORAL_NAMESPACE', saved.namespace],
    ] as const)
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports 0 violations after real orders, then finds and names each of three inconsistencies planted in the store', async () => {
    const file = path.join(dir, 'etom.db');
    const store = createSqliteStore({ filename: file, installedBase: true });
    try {
      await withWorkers(
        async (rt) => {
          const orders = await Promise.all([
            submit(rt, orderFor(rt, 'fibre', OFFERS.fibre)),
            submit(rt, orderFor(rt, 'vpn', OFFERS.vpn)),
          ]);
          for (const o of orders) expect((await o.result()).state).toBe('completed');
          const scope = ['--task-queue-prefix', rt.prefix, '--store', file];

          const clean = await etomAudit('--json', ...scope);
          const report = JSON.parse(clean.out) as AuditReport & { total: number };
          expect(report.violations).toEqual([]);
          expect(clean.code).toBe(0);
          // The two orders' trees (orders, feasibility, service and resource orders…) all replayed.
          expect(report.replayed).toBeGreaterThanOrEqual(8);

          // Plant three inconsistencies: a resource reserved for an order that never existed…
          const db = store.db;
          const free = db
            .prepare("SELECT id FROM resources WHERE state = 'available' ORDER BY id LIMIT 1")
            .pluck()
            .get() as string;
          db.prepare(
            "UPDATE resources SET state = 'reserved', reservation_id = 'SO-GHOST/RO', service_id = 'SVC-GHOST' WHERE id = ?",
          ).run(free);
          // …a notification sent twice (a retry that wrote without its key)…
          const sent = db
            .prepare('SELECT * FROM notifications WHERE reference = ? ORDER BY id LIMIT 1')
            .get(orders[0]!.workflowId) as Record<string, unknown>;
          expect(sent).toBeDefined();
          db.prepare(
            `INSERT INTO notifications (id, recipient, channel, subject, body, reference, created_at)
             VALUES ('NT-TWICE', ?, ?, ?, ?, ?, ?)`,
          ).run(
            sent['recipient'],
            sent['channel'],
            sent['subject'],
            sent['body'],
            sent['reference'],
            sent['created_at'],
          );
          // …and a bill whose total is not the sum of its lines.
          const account = db
            .prepare('SELECT billing_account_id FROM product_orders WHERE id = ?')
            .pluck()
            .get(orders[0]!.workflowId) as string;
          db.prepare(
            "INSERT INTO bill_runs (id, period_start, period_end, state, created_at) VALUES ('BR-AUDIT', '2026-11-01', '2026-12-01', 'completed', '2026-12-01')",
          ).run();
          db.prepare(
            `INSERT INTO bills (id, bill_run_id, billing_account_id, customer_id, period_start, period_end, currency, state,
               net_minor, tax_minor, total_minor, created_at)
             VALUES ('BILL-AUDIT', 'BR-AUDIT', ?, 'CUST-1001', '2026-11-01', '2026-12-01', 'EUR', 'issued', 10000, 2000, 12000, '2026-12-01')`,
          ).run(account);
          db.prepare(
            `INSERT INTO bill_lines (bill_id, line_no, kind, description, reference, quantity, amount_minor) VALUES
               ('BILL-AUDIT', 1, 'recurring', 'monthly charge', 'PRD-X', 1, 9000),
               ('BILL-AUDIT', 2, 'tax', 'VAT 20 %', NULL, 1, 2000)`,
          ).run();

          const dirty = await etomAudit('--no-replay', ...scope);
          expect(dirty.code).toBe(1);
          const lines = dirty.out.trim().split('\n');
          expect(lines.slice(0, -1).sort()).toEqual([
            expect.stringMatching(/^bill-unbalanced: BILL-AUDIT — total 12000 .* its lines make 11000/),
            expect.stringMatching(
              new RegExp(`^duplicate-notification: ${orders[0]!.workflowId}: .* — 2 notification rows`),
            ),
            expect.stringMatching(
              new RegExp(`^reservation-leaked: ${free} — reserved for SO-GHOST/RO, an order that does not exist`),
            ),
          ]);
          expect(lines.at(-1)).toMatch(/^3 violations \(/);
          // Named by business ids only: no customer's address in what an operator's terminal keeps.
          expect(dirty.out).not.toMatch(/@/);
        },
        { store },
      );
    } finally {
      store.close();
    }
  }, 240_000);
});
