import { describe, expect, it } from 'vitest';
import { BASE, fibreOrder, placeCompletedFibreOrder, withApi } from './support';
import { eventually } from '../support/fulfilment';

/** The runs of one process with one outcome, as `GET /metrics` shows them (0 when absent). */
async function runsOf(base: string, etomId: string, outcome: string): Promise<number> {
  const res = await fetch(`${base}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith('etom_process_duration_seconds_count{') &&
        l.includes(`etom_id="${etomId}"`) &&
        l.includes(`outcome="${outcome}"`),
    );
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('GET /metrics: the Level-3 processes the workers ran, for Prometheus', () => {
  it('counts and times each process by eTOM id, layer and outcome, with no token and no business data', async () => {
    await withApi(async (rt) => {
      const credit = await runsOf(rt.base, '1.F.1.5.2', 'completed');
      const activate = await runsOf(rt.base, '1.F.2.2.6', 'completed');
      const refusedReceipt = await runsOf(rt.base, '1.F.1.5.3', 'refused');

      const id = await placeCompletedFibreOrder(rt, 'metrics');
      expect(await runsOf(rt.base, '1.F.1.5.2', 'completed')).toBeGreaterThanOrEqual(credit + 1);
      expect(await runsOf(rt.base, '1.F.2.2.6', 'completed')).toBeGreaterThanOrEqual(activate + 1);

      // An offering nobody sells: Order Handling refuses it on receipt, a business outcome, not a failure.
      const unknown = { ...fibreOrder(rt.id('metrics-refused')) };
      unknown.productOrderItem = [{ ...unknown.productOrderItem[0]!, productOffering: { id: 'PO-NOBODY-SELLS' } }];
      expect((await rt.call('POST', `${BASE}/productOrder`, { body: unknown, expect: 'ProductOrder' })).status).toBe(
        201,
      );
      await eventually(
        async () => (await runsOf(rt.base, '1.F.1.5.3', 'refused')) >= refusedReceipt + 1 || undefined,
        'the refusal counted',
      );

      const text = await (await fetch(`${rt.base}/metrics`)).text();
      expect(text).toContain('# TYPE etom_process_duration_seconds histogram');
      expect(text).toMatch(
        /etom_process_duration_seconds_bucket\{le="[\d.]+",etom_id="1\.F\.1\.5\.2",process="Authorize Credit",layer="crm",outcome="completed"\} \d+/,
      );
      expect(text).not.toContain(id);
      expect(text).not.toContain('CUST-1001');
    });
  }, 180_000);
});
