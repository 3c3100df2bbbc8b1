import { beforeEach, describe, expect, it } from 'vitest';
import { createResourceDataCollectionProcessingActivities } from '../../../activities/rmo/resource-data-collection-processing';
import { injectUsageAnomalies, meteredElements } from '../../../src/simulators/usage';
import { useTestStore } from '../../support/store';

const START = '2026-06-01T00:00:00.000Z';
const END = '2026-07-01T00:00:00.000Z';
const t = useTestStore(END, { installedBase: true });
const { count } = t;
let rmo: ReturnType<typeof createResourceDataCollectionProcessingActivities>;
beforeEach(() => {
  rmo = createResourceDataCollectionProcessingActivities(t.store.ports);
});

describe('1.AB.3.5.1 collectResourceData', () => {
  it('collects the records the elements of the active services produced, once', async () => {
    const els = meteredElements(t.store.db);
    expect(els.map((e) => e.elementId).sort()).toEqual([
      'AC-MRS-ALPHA-IB06',
      'PORT-LYO-1-1-1',
      'PORT-PAR-1-1-1',
      'PORT-PAR-1-1-2',
      'PORT-PAR-1-2-1',
      'VPORT-PAR-1-1',
    ]);
    const out = await rmo.collectResourceData(
      { collectionId: 'COL-1', periodStart: START, periodEnd: END },
      { idempotencyKey: 'k1' },
    );
    expect(out.collected).toBe(40 + 5 * 30); // 40 calls on the voice line, 30 sessions on each data service
    expect(count("SELECT COUNT(*) FROM usage_records WHERE state = 'received' AND collection_id = 'COL-1'")).toBe(190);
    const again = await rmo.collectResourceData(
      { collectionId: 'COL-1', periodStart: START, periodEnd: END },
      { idempotencyKey: 'k1' },
    );
    expect(again.collected).toBe(190);
    expect(count('SELECT COUNT(*) FROM usage_records')).toBe(190);
    // The next collection starts where the last ended, and takes only the new records.
    const next = await rmo.collectResourceData(
      { collectionId: 'COL-2', periodEnd: '2026-07-02T00:00:00.000Z' },
      { idempotencyKey: 'k2' },
    );
    expect(next.periodStart).toBe(END);
    expect(count("SELECT COUNT(*) FROM usage_records WHERE collection_id = 'COL-2'")).toBe(190);
  });
});

describe('1.AB.3.5.2 processResourceData', () => {
  it('formats the raw lines and enriches them with service, customer and offering; malformed lines are flagged', async () => {
    injectUsageAnomalies(t.store.db, { malformed: 1 });
    await rmo.collectResourceData(
      { collectionId: 'COL-1', periodStart: START, periodEnd: END },
      { idempotencyKey: 'k1' },
    );
    const out = await rmo.processResourceData({ collectionId: 'COL-1' });
    expect(out).toMatchObject({ processed: 190, formatErrors: 1, unmapped: 0 });
    const voice = t.one(
      "SELECT * FROM usage_records WHERE element_id = 'VPORT-PAR-1-1' AND format_error IS NULL LIMIT 1",
    );
    expect(voice).toMatchObject({
      usage_type: 'voice',
      service_id: 'SVC-IB05-1',
      customer_id: 'CUST-1006',
      product_offering_id: 'PO-VOICE-LINE',
    });
  });
});

describe('1.AB.3.5.3 distributeResourceData', () => {
  it('hands a reference and a count to the consumer, not the records', async () => {
    await rmo.collectResourceData(
      { collectionId: 'COL-1', periodStart: START, periodEnd: END },
      { idempotencyKey: 'k1' },
    );
    await rmo.processResourceData({ collectionId: 'COL-1' });
    const out = await rmo.distributeResourceData({ collectionId: 'COL-1' }, { idempotencyKey: 'd1' });
    expect(out).toMatchObject({ collectionId: 'COL-1', records: 190 });
    expect(t.rows('SELECT consumer, record_count FROM usage_distributions')).toEqual([
      { consumer: '1.B.2.5 usageRating', record_count: 190 },
    ]);
  });
});

describe('1.AB.3.5.4 auditResourceUsageData', () => {
  it('finds the records the network produced and never delivered, and those delivered twice', async () => {
    injectUsageAnomalies(t.store.db, { lost: 1, duplicates: 1 });
    await rmo.collectResourceData(
      { collectionId: 'COL-1', periodStart: START, periodEnd: END },
      { idempotencyKey: 'k1' },
    );
    await rmo.processResourceData({ collectionId: 'COL-1' });
    const audit = await rmo.auditResourceUsageData({ collectionId: 'COL-1' }, { idempotencyKey: 'a1' });
    expect(audit.missing).toBe(1);
    expect(audit.duplicates).toBe(1);
    expect(audit.produced).toBe(audit.collected + audit.missing);
    expect(audit.findings[0]!.missingSeqs).toEqual([2]);
    expect(count('SELECT missing FROM usage_audits')).toBe(1);
  });
});
