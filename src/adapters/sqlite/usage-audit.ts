import { BusinessErrorType, reject } from '../../contracts/errors';
import type { UsageAudit, UsagePort } from '../../ports/usage';
import { type Db, nextId, once } from './database';

export type AuditRow = {
  id: string;
  collection_id: string;
  produced: number;
  collected: number;
  missing: number;
  duplicates: number;
  findings: string;
  lost_before_first: number;
  silent_elements: number;
  duplicates_across: number;
  status: UsageAudit['status'] | null;
  settlement: string | null;
};
type Finding = UsageAudit['findings'][number];

export const toAudit = (r: AuditRow): UsageAudit => ({
  auditId: r.id,
  collectionId: r.collection_id,
  produced: r.produced,
  collected: r.collected,
  missing: r.missing,
  duplicates: r.duplicates,
  lostBeforeFirst: r.lost_before_first,
  silentElements: r.silent_elements,
  duplicatesAcrossCollections: r.duplicates_across,
  status: r.status ?? 'passed',
  settlement: r.settlement,
  findings: JSON.parse(r.findings) as Finding[],
});

/** How a settlement reads (both stores). */
export const settlementOf = (recovered: number, lost: number, duplicates: number) =>
  `${recovered} missing record(s) recovered from the elements, ${lost} written off as lost, ` +
  `${duplicates} duplicate(s) left for mediation to reject`;

/**
 * 1.AB.3.5.4 — the audit of a collection's usage flow, and the hold it puts on distribution.
 * Every number an element gave a record, from the one after its last collected before this
 * collection up to the last it produced, must have been collected once: a gap is a loss (the
 * first records of a period included), an element that numbered records and sent none is
 * silent, a record whose correlation id another collection already has is a duplicate across
 * collections. A failed audit holds distribution until it is settled.
 */
export function createSqliteUsageAudit(db: Db, now: () => string): Pick<UsagePort, 'audit' | 'settleAudit'> {
  const find = (id: string) => db.prepare('SELECT * FROM usage_audits WHERE id = ?').get(id) as AuditRow | undefined;
  const read = (id: string): UsageAudit =>
    toAudit(find(id) ?? reject(BusinessErrorType.NotFound, `no usage audit ${id}`));

  function examine(collectionId: string): Omit<UsageAudit, 'auditId' | 'status' | 'settlement'> {
    const inCollection = new Map(
      (
        db
          .prepare(
            `SELECT element_id, MIN(element_seq) AS lo, COUNT(*) AS n FROM usage_records WHERE collection_id = ? GROUP BY element_id`,
          )
          .all(collectionId) as Array<{ element_id: string; lo: number; n: number }>
      ).map((e) => [e.element_id, e]),
    );
    const counters = db.prepare('SELECT element_id, produced FROM network_usage_counters').all() as Array<{
      element_id: string;
      produced: number;
    }>;
    const lastBefore = db.prepare(
      'SELECT MAX(element_seq) FROM usage_records WHERE element_id = ? AND element_seq < ? AND collection_id <> ?',
    );
    const seqsOf = db.prepare(
      'SELECT element_seq FROM usage_records WHERE element_id = ? AND element_seq BETWEEN ? AND ?',
    );
    const dupsWithin = db.prepare(
      `SELECT correlation_id FROM usage_records WHERE collection_id = ? AND element_id = ? AND correlation_id IS NOT NULL
       GROUP BY correlation_id HAVING COUNT(*) > 1`,
    );
    const dupsAcross = db.prepare(
      `SELECT DISTINCT r.correlation_id FROM usage_records r WHERE r.collection_id = ? AND r.element_id = ?
         AND r.correlation_id IS NOT NULL AND EXISTS (SELECT 1 FROM usage_records o
           WHERE o.correlation_id = r.correlation_id AND o.collection_id <> r.collection_id)`,
    );
    const elements = new Set([...inCollection.keys(), ...counters.map((c) => c.element_id)]);
    const produced = new Map(counters.map((c) => [c.element_id, c.produced]));
    const out = { produced: 0, collected: 0, missing: 0, duplicates: 0, lostBeforeFirst: 0, silentElements: 0 };
    let duplicatesAcrossCollections = 0;
    const findings: Finding[] = [];
    for (const elementId of [...elements].sort()) {
      const seen = inCollection.get(elementId);
      const hi = produced.get(elementId) ?? 0;
      // Where this collection's numbers start: after the element's last record collected before.
      const before = lastBefore.pluck().get(elementId, seen?.lo ?? hi + 1, collectionId) as number | null;
      const from = (before ?? 0) + 1;
      const to = Math.max(hi, seen ? seen.lo + seen.n - 1 : 0);
      if (!seen && from > to) continue; // nothing produced since its last collection
      const seqs = new Set(seqsOf.pluck().all(elementId, from, to) as number[]);
      const missingSeqs: number[] = [];
      for (let s = from; s <= to; s++) if (!seqs.has(s)) missingSeqs.push(s);
      const within = seen ? (dupsWithin.pluck().all(collectionId, elementId) as string[]) : [];
      const across = seen ? (dupsAcross.pluck().all(collectionId, elementId) as string[]) : [];
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

  return {
    async audit(key, collectionId) {
      const auditId = once(db, key, 'auditUsage', () => {
        const a = examine(collectionId);
        const id = nextId(db, 'UA');
        db.prepare(
          `INSERT INTO usage_audits (id, collection_id, produced, collected, missing, duplicates, findings,
             lost_before_first, silent_elements, duplicates_across, status, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
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
        );
        return id;
      });
      return read(auditId);
    },

    async settleAudit(key, auditId) {
      once(db, key, 'settleUsageAudit', () => {
        const r = find(auditId) ?? reject(BusinessErrorType.NotFound, `no usage audit ${auditId}`);
        if (r.status !== 'failed') return auditId;
        const findings = JSON.parse(r.findings) as Finding[];
        // What an element delivered late of the missing numbers joins this collection, to be processed.
        const late = db.prepare(
          `INSERT INTO usage_records (collection_id, element_id, element_seq, raw, state, updated_at, usage_id)
           SELECT ?, element_id, seq, line, 'received', ?, usage_id FROM network_usage
            WHERE element_id = ? AND seq = ? AND collected = 0`,
        );
        const taken = db.prepare('UPDATE network_usage SET collected = 1 WHERE element_id = ? AND seq = ?');
        let recovered = 0;
        let lost = 0;
        const at = now();
        for (const f of findings) {
          for (const seq of f.missingSeqs) {
            const got = late.run(r.collection_id, at, f.elementId, seq).changes;
            if (got) taken.run(f.elementId, seq);
            recovered += got;
            lost += 1 - got;
          }
        }
        const duplicates = findings.reduce((n, f) => n + f.duplicateCorrelationIds.length, 0);
        const settlement = settlementOf(recovered, lost, duplicates);
        db.prepare(`UPDATE usage_audits SET status = 'settled', settlement = ?, settled_at = ? WHERE id = ?`).run(
          settlement,
          at,
          auditId,
        );
        return auditId;
      });
      return read(auditId);
    },
  };
}

/** The collection's last audit failed and is not settled yet: distribution waits. */
export function auditHolds(db: Db, collectionId: string): boolean {
  const status = db
    .prepare('SELECT status FROM usage_audits WHERE collection_id = ? ORDER BY created_at DESC, id DESC LIMIT 1')
    .pluck()
    .get(collectionId) as string | null | undefined;
  return status === 'failed';
}
