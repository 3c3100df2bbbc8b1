import { BusinessErrorType, reject } from '../../contracts/errors';
import type { UsageAudit, UsagePort } from '../../ports/usage';
import { type AuditRow, settlementOf, toAudit } from '../sqlite/usage-audit';
import { nextId, once, type Pool, type Tx } from './database';
import { sqliteShaped } from './rows';

type Finding = UsageAudit['findings'][number];

/**
 * 1.AB.3.5.4 on PostgreSQL — the audit of a collection's usage flow and the hold it puts on
 * distribution, as the SQLite store's (see its comment for what counts as lost, silent or a
 * duplicate). A settlement takes the late records it recovers with the same guard as collection.
 */

const find = async (db: Pool | Tx, id: string) => {
  const { rows } = await db.query('SELECT * FROM usage_audits WHERE id = $1', [id]);
  return rows[0] && sqliteShaped<AuditRow>(rows[0]);
};

/** The collection's last audit failed and is not settled yet: distribution waits. */
export async function auditHolds(db: Pool | Tx, collectionId: string): Promise<boolean> {
  const { rows } = await db.query<{ status: string | null }>(
    'SELECT status FROM usage_audits WHERE collection_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1',
    [collectionId],
  );
  return rows[0]?.status === 'failed';
}

async function examine(tx: Tx, collectionId: string): Promise<Omit<UsageAudit, 'auditId' | 'status' | 'settlement'>> {
  const inCollection = new Map(
    (
      await tx.query<{ element_id: string; lo: string; n: string }>(
        'SELECT element_id, MIN(element_seq) AS lo, count(*) AS n FROM usage_records WHERE collection_id = $1 GROUP BY element_id',
        [collectionId],
      )
    ).rows.map((e) => [e.element_id, { lo: Number(e.lo), n: Number(e.n) }]),
  );
  const counters = (
    await tx.query<{ element_id: string; produced: string }>('SELECT element_id, produced FROM network_usage_counters')
  ).rows;
  const elements = new Set([...inCollection.keys(), ...counters.map((c) => c.element_id)]);
  const produced = new Map(counters.map((c) => [c.element_id, Number(c.produced)]));
  const out = { produced: 0, collected: 0, missing: 0, duplicates: 0, lostBeforeFirst: 0, silentElements: 0 };
  let duplicatesAcrossCollections = 0;
  const findings: Finding[] = [];
  for (const elementId of [...elements].sort()) {
    const seen = inCollection.get(elementId);
    const hi = produced.get(elementId) ?? 0;
    // Where this collection's numbers start: after the element's last record collected before.
    const before = (
      await tx.query<{ s: string | null }>(
        'SELECT MAX(element_seq) AS s FROM usage_records WHERE element_id = $1 AND element_seq < $2 AND collection_id <> $3',
        [elementId, seen?.lo ?? hi + 1, collectionId],
      )
    ).rows[0]!.s;
    const from = Number(before ?? 0) + 1;
    const to = Math.max(hi, seen ? seen.lo + seen.n - 1 : 0);
    if (!seen && from > to) continue; // nothing produced since its last collection
    const missingSeqs = (
      await tx.query<{ s: string }>(
        `SELECT s FROM generate_series($2::bigint, $3::bigint) s
          WHERE NOT EXISTS (SELECT 1 FROM usage_records WHERE element_id = $1 AND element_seq = s) ORDER BY s`,
        [elementId, from, to],
      )
    ).rows.map((r) => Number(r.s));
    const corr = async (sql: string) =>
      seen ? (await tx.query<{ c: string }>(sql, [collectionId, elementId])).rows.map((r) => r.c) : [];
    const within = await corr(
      `SELECT correlation_id AS c FROM usage_records WHERE collection_id = $1 AND element_id = $2 AND correlation_id IS NOT NULL
        GROUP BY correlation_id HAVING count(*) > 1 ORDER BY correlation_id COLLATE "C"`,
    );
    const across = await corr(
      `SELECT r.correlation_id AS c FROM usage_records r WHERE r.collection_id = $1 AND r.element_id = $2
         AND r.correlation_id IS NOT NULL AND EXISTS (SELECT 1 FROM usage_records o
           WHERE o.correlation_id = r.correlation_id AND o.collection_id <> r.collection_id)
        GROUP BY r.correlation_id ORDER BY min(r.id)`,
    );
    out.produced += to - from + 1;
    out.collected += seen?.n ?? 0;
    out.missing += missingSeqs.length;
    out.lostBeforeFirst += seen ? missingSeqs.filter((s) => s < seen.lo).length : 0;
    out.duplicates += within.length + across.length;
    duplicatesAcrossCollections += across.length;
    if (!seen) out.silentElements++;
    if (missingSeqs.length || within.length || across.length)
      findings.push({
        elementId,
        missingSeqs,
        duplicateCorrelationIds: [...within, ...across],
        ...(seen ? {} : { silent: true }),
      });
  }
  return { collectionId, ...out, duplicatesAcrossCollections, findings };
}

export function createPostgresUsageAudit(pool: Pool, now: () => string): Pick<UsagePort, 'audit' | 'settleAudit'> {
  const read = async (id: string): Promise<UsageAudit> =>
    toAudit((await find(pool, id)) ?? reject(BusinessErrorType.NotFound, `no usage audit ${id}`));
  return {
    async audit(key, collectionId) {
      const auditId = await once(pool, key, 'auditUsage', async (tx) => {
        const a = await examine(tx, collectionId);
        const id = await nextId(tx, 'UA');
        await tx.query(
          `INSERT INTO usage_audits (id, collection_id, produced, collected, missing, duplicates, findings,
             lost_before_first, silent_elements, duplicates_across, status, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [
            id,
            collectionId,
            a.produced,
            a.collected,
            a.missing,
            a.duplicates,
            JSON.stringify(a.findings),
            a.lostBeforeFirst,
            a.silentElements,
            a.duplicatesAcrossCollections,
            a.missing || a.duplicates ? 'failed' : 'passed',
            now(),
          ],
        );
        return id;
      });
      return read(auditId);
    },

    async settleAudit(key, auditId) {
      await once(pool, key, 'settleUsageAudit', async (tx) => {
        await tx.query('SELECT id FROM usage_audits WHERE id = $1 FOR UPDATE', [auditId]);
        const r = (await find(tx, auditId)) ?? reject(BusinessErrorType.NotFound, `no usage audit ${auditId}`);
        if (r.status !== 'failed') return auditId;
        const findings = JSON.parse(r.findings) as Finding[];
        const at = now();
        let recovered = 0;
        let lost = 0;
        // What an element delivered late of the missing numbers joins this collection, to be processed.
        for (const f of findings)
          for (const seq of f.missingSeqs) {
            const got = await tx.query(
              `WITH late AS (UPDATE network_usage SET collected = true WHERE element_id = $3 AND seq = $4 AND NOT collected
                              RETURNING element_id, seq, line, usage_id)
               INSERT INTO usage_records (collection_id, element_id, element_seq, raw, state, updated_at, usage_id)
               SELECT $1, element_id, seq, line, 'received', $2, usage_id FROM late`,
              [r.collection_id, at, f.elementId, seq],
            );
            recovered += got.rowCount ?? 0;
            lost += 1 - (got.rowCount ?? 0);
          }
        const duplicates = findings.reduce((n, f) => n + f.duplicateCorrelationIds.length, 0);
        await tx.query("UPDATE usage_audits SET status = 'settled', settlement = $1, settled_at = $2 WHERE id = $3", [
          settlementOf(recovered, lost, duplicates),
          at,
          auditId,
        ]);
        return auditId;
      });
      return read(auditId);
    },
  };
}
