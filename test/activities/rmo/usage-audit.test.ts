import { ApplicationFailure } from '@temporalio/common';
import { beforeEach, describe, expect, it } from 'vitest';
import { createResourceDataCollectionProcessingActivities } from '../../../activities/rmo/resource-data-collection-processing';
import { BusinessErrorType } from '../../../src/contracts/errors';
import { useTestStore } from '../../support/store';

const START = '2026-06-01T00:00:00.000Z';
const END = '2026-07-01T00:00:00.000Z';
const NEXT = '2026-07-02T00:00:00.000Z';
const t = useTestStore(NEXT, { installedBase: true });
let rmo: ReturnType<typeof createResourceDataCollectionProcessingActivities>;

/** June collected and audited clean, then July collected and processed: what the audit of July sees. */
async function twoCollections() {
  rmo = createResourceDataCollectionProcessingActivities(t.store.ports);
  await rmo.collectResourceData(
    { collectionId: 'COL-1', periodStart: START, periodEnd: END },
    { idempotencyKey: 'c1' },
  );
  await rmo.processResourceData({ collectionId: 'COL-1' });
  const first = await rmo.auditResourceUsageData({ collectionId: 'COL-1' }, { idempotencyKey: 'a1' });
  expect(first).toMatchObject({ status: 'passed', missing: 0, duplicates: 0 });
  await rmo.collectResourceData({ collectionId: 'COL-2', periodEnd: NEXT }, { idempotencyKey: 'c2' });
  await rmo.processResourceData({ collectionId: 'COL-2' });
}
const firstOf = (elementId: string) =>
  t.store.db
    .prepare("SELECT MIN(element_seq) FROM usage_records WHERE collection_id = 'COL-2' AND element_id = ?")
    .pluck()
    .get(elementId) as number;
const distribute = (key: string) =>
  rmo.distributeResourceData({ collectionId: 'COL-2', consumer: '1.B.2.5 usageRating' }, { idempotencyKey: key });

beforeEach(twoCollections);

describe('1.AB.3.5.4 auditResourceUsageData', () => {
  it('finds a loss before the first record collected, holds distribution, and lets it go once settled', async () => {
    const seq = firstOf('PORT-PAR-1-1-1');
    t.store.db
      .prepare(
        "DELETE FROM usage_records WHERE collection_id = 'COL-2' AND element_id = 'PORT-PAR-1-1-1' AND element_seq = ?",
      )
      .run(seq);
    const audit = await rmo.auditResourceUsageData({ collectionId: 'COL-2' }, { idempotencyKey: 'a2' });
    expect(audit).toMatchObject({ status: 'failed', missing: 1, lostBeforeFirst: 1 });
    expect(audit.findings).toEqual([{ elementId: 'PORT-PAR-1-1-1', missingSeqs: [seq], duplicateCorrelationIds: [] }]);

    const held = await distribute('d1').catch((e: unknown) => e);
    expect(held).toBeInstanceOf(ApplicationFailure);
    expect(held).toMatchObject({ type: BusinessErrorType.InvalidStateTransition, nonRetryable: true });
    expect(t.count("SELECT COUNT(*) FROM usage_distributions WHERE collection_id = 'COL-2'")).toBe(0);

    // The element delivered the record late: settling takes it, the flow goes on.
    t.store.db
      .prepare("UPDATE network_usage SET collected = 0 WHERE element_id = 'PORT-PAR-1-1-1' AND seq = ?")
      .run(seq);
    const settled = await rmo.auditResourceUsageData(
      { collectionId: 'COL-2', settleAuditId: audit.auditId },
      { idempotencyKey: 's1' },
    );
    expect(settled.status).toBe('settled');
    expect(settled.settlement).toMatch(/^1 missing record\(s\) recovered from the elements, 0 written off/);
    expect(
      t.count(
        `SELECT COUNT(*) FROM usage_records WHERE collection_id = 'COL-2' AND element_id = 'PORT-PAR-1-1-1' AND element_seq = ${seq}`,
      ),
    ).toBe(1);
    expect(t.count("SELECT COUNT(*) FROM usage_audits WHERE status = 'settled' AND settled_at IS NOT NULL")).toBe(1);
    const out = await distribute('d2');
    expect(out.records).toBeGreaterThan(0);
  });

  it('finds an element that sent nothing, and writes its records off when it never sends them', async () => {
    const silent = t.store.db
      .prepare(
        "SELECT element_seq FROM usage_records WHERE collection_id = 'COL-2' AND element_id = 'VPORT-PAR-1-1' ORDER BY element_seq",
      )
      .pluck()
      .all() as number[];
    expect(silent.length).toBeGreaterThan(0);
    t.store.db
      .prepare("DELETE FROM usage_records WHERE collection_id = 'COL-2' AND element_id = 'VPORT-PAR-1-1'")
      .run();
    const audit = await rmo.auditResourceUsageData({ collectionId: 'COL-2' }, { idempotencyKey: 'a2' });
    expect(audit).toMatchObject({ status: 'failed', silentElements: 1, missing: silent.length });
    expect(audit.findings).toEqual([
      { elementId: 'VPORT-PAR-1-1', missingSeqs: silent, duplicateCorrelationIds: [], silent: true },
    ]);
    const settled = await rmo.auditResourceUsageData(
      { collectionId: 'COL-2', settleAuditId: audit.auditId },
      { idempotencyKey: 's1' },
    );
    expect(settled.settlement).toMatch(
      new RegExp(`^0 missing record\\(s\\) recovered from the elements, ${silent.length} written off`),
    );
  });

  it('finds a record already collected in another collection', async () => {
    const earlier = t.store.db
      .prepare(
        "SELECT correlation_id FROM usage_records WHERE collection_id = 'COL-1' AND element_id = 'PORT-LYO-1-1-1' LIMIT 1",
      )
      .pluck()
      .get() as string;
    t.store.db
      .prepare(
        "UPDATE usage_records SET correlation_id = ? WHERE id = (SELECT MIN(id) FROM usage_records WHERE collection_id = 'COL-2' AND element_id = 'PORT-LYO-1-1-1')",
      )
      .run(earlier);
    const audit = await rmo.auditResourceUsageData({ collectionId: 'COL-2' }, { idempotencyKey: 'a2' });
    expect(audit).toMatchObject({ status: 'failed', missing: 0, duplicates: 1, duplicatesAcrossCollections: 1 });
    expect(audit.findings).toEqual([
      { elementId: 'PORT-LYO-1-1-1', missingSeqs: [], duplicateCorrelationIds: [earlier] },
    ]);
  });
});
