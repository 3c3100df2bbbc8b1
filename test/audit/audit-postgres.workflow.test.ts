import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPostgresStore, type PostgresStore } from '../../src/adapters/postgres';
import { type RunningPostgres, startPostgres } from '../../src/cluster/postgres';

const bin = path.resolve(__dirname, '../../bin/etom.cjs');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-audit-pg-'));
let pg: RunningPostgres;
let store: PostgresStore;
let url: string;

beforeAll(async () => {
  fs.chmodSync(root, 0o755); // as root, PostgreSQL runs as the postgres user
  pg = await startPostgres({ dataDir: path.join(root, 'pg'), throwaway: true });
  pg.ensureDatabase('etom_audit');
  url = pg.url('etom_audit');
  // Migrated and seeded with the sample operator, as `etom cluster up` leaves its store.
  store = await createPostgresStore({ url, dataDir: root });
}, 180_000);
afterAll(async () => {
  await store?.close();
  pg?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

/** `etom audit …` as an operator runs it on the cluster's store: exit code and what it printed. */
function etomAudit(...args: string[]) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ETOM_STORE_URL: url,
    ETOM_DATA_DIR: root,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_NAMESPACE: inject('temporalNamespace'),
  };
  // A prefix no flow runs under: the shared server's other flows are none of this audit's business.
  const r = spawnSync(process.execPath, [bin, 'audit', '--no-replay', '--task-queue-prefix', 'audit-pg', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/**
 * `etom audit` with ETOM_STORE_URL (#14) audits the PostgreSQL store: clean as seeded, then the
 * inconsistencies planted in it, named, with neither the password nor a customer's address in
 * what it prints.
 */
describe('etom audit on the PostgreSQL store', () => {
  it('reports 0 on the seeded store, then a leaked reservation and a duplicated notification', async () => {
    const clean = etomAudit('--json');
    expect(clean.err).toBe('');
    expect(JSON.parse(clean.out)).toMatchObject({ violations: [], total: 0 });
    expect(clean.code).toBe(0);

    const { rows } = await store.pool.query<{ id: string }>(
      "SELECT id FROM resources WHERE state = 'available' ORDER BY id LIMIT 1",
    );
    const free = rows[0]!.id;
    await store.pool.query(
      "UPDATE resources SET state = 'reserved', reservation_id = 'SO-GHOST/RO', service_id = 'SVC-GHOST' WHERE id = $1",
      [free],
    );
    for (const id of ['NT-PG-1', 'NT-PG-2'])
      await store.pool.query(
        `INSERT INTO notifications (id, recipient, channel, subject, body, reference, created_at)
         VALUES ($1, 'someone@example.com', 'email', 'Order completed', 'Done.', 'PO-PG', now())`,
        [id],
      );

    const dirty = etomAudit();
    expect(dirty.code).toBe(1);
    const lines = dirty.out.trim().split('\n');
    expect(lines.slice(0, -1).sort()).toEqual([
      'duplicate-notification: PO-PG: Order completed — 2 notification rows for one recipient, subject, body and reference',
      `reservation-leaked: ${free} — reserved for SO-GHOST/RO, an order that does not exist`,
    ]);
    expect(lines.at(-1)).toMatch(/^2 violations \(0 flows running/);
    for (const out of [clean.out, clean.err, dirty.out, dirty.err]) {
      expect(out).not.toContain(pg.password);
      expect(out).not.toMatch(/@/);
    }
  }, 240_000);
});
