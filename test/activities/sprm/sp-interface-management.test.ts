import { beforeEach, describe, expect, it } from 'vitest';
import { createSpInterfaceManagementActivities } from '../../../activities/sprm/sp-interface-management';
import { useTestStore } from '../../support/store';

const NOW = '2026-03-02T09:00:00.000Z';
const t = useTestStore(NOW, { installedBase: true });
let spi: ReturnType<typeof createSpInterfaceManagementActivities>;

beforeEach(() => {
  spi = createSpInterfaceManagementActivities(t.store.ports);
});
const { one, rows } = t;

describe('1.FAB.4.6.1 manageSPRequests', () => {
  it("answers a supplier's question about its order from the store, by its own reference, and replies", async () => {
    const r = await spi.manageSPRequests({
      supplierId: 'SUP-ALPHA',
      topic: 'order',
      reference: 'ALPHA-2026-0601',
      question: 'Did you accept the circuit?',
    });
    expect(r).toMatchObject({ status: 'answered', routedTo: null });
    expect(r.answer).toEqual({
      orders: [expect.objectContaining({ requisitionId: 'PO-IB06-AC', status: 'delivered', region: 'MRS' })],
    });
    expect(one('SELECT status FROM supplier_requests WHERE id = ?', r.id).status).toBe('answered');
    const reply = await t.store.ports.notifications.listByReference(r.id);
    expect(reply.map((n) => [n.channel, n.body.includes('PO-IB06-AC')])).toEqual([['portal', true]]);
  });

  it('tells a supplier what we owe it: delivered requisitions at contract price', async () => {
    const r = await spi.manageSPRequests({
      supplierId: 'SUP-ALPHA',
      topic: 'payment',
      reference: null,
      question: 'When are we paid?',
      channel: 'email',
    });
    expect(r.answer).toMatchObject({ dueMinor: 32_000, lines: [{ requisitionId: 'PO-IB06-AC', amountMinor: 32_000 }] });
  });

  it('routes what the store cannot answer to the process that can', async () => {
    const r = await spi.manageSPRequests({
      supplierId: 'SUP-BETA',
      topic: 'problem',
      reference: 'X-1',
      question: 'Any fault?',
    });
    expect(r).toMatchObject({ status: 'routed', routedTo: '1.A.4.3', answer: null });
    await expect(
      spi.manageSPRequests({ supplierId: 'SUP-NOPE', topic: 'other', question: 'hello' }),
    ).rejects.toMatchObject({ type: 'NotFound' });
  });
});

describe('1.FAB.4.6.2 analyzeAndReportSPInteractions', () => {
  it("reports a supplier's interactions: topics, channels, self-service rate, repeated references", async () => {
    const ask = (topic: 'order' | 'problem', reference: string) =>
      spi.manageSPRequests({ supplierId: 'SUP-ALPHA', topic, reference, question: '?' });
    await ask('order', 'ALPHA-2026-0601');
    await ask('order', 'ALPHA-2026-0601');
    await ask('problem', 'ALPHA-2026-0601');
    await spi.manageSPRequests({ supplierId: 'SUP-BETA', topic: 'other', question: '?' });

    const report = await spi.analyzeAndReportSPInteractions({ supplierId: 'SUP-ALPHA' });
    expect(report).toMatchObject({
      supplierId: 'SUP-ALPHA',
      requests: 3,
      byTopic: { order: 2, problem: 1 },
      byChannel: { portal: 3 },
      selfServed: 2,
      routed: 1,
      selfServiceRateBp: 6667,
      repeatedReferences: ['ALPHA-2026-0601'],
    });
    expect(rows('SELECT supplier_id FROM supplier_interaction_reports').map((r) => r.supplier_id)).toEqual([
      'SUP-ALPHA',
    ]);
    expect((await spi.analyzeAndReportSPInteractions({})).requests).toBe(4);
  });
});
