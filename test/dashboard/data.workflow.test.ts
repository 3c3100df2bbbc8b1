import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/catalog';
import type { Flow } from '../../src/dashboard/flows';
import { eventually } from '../support/fulfilment';
import {
  type ApiTestRuntime,
  BASE,
  expectValid,
  fibreOrder,
  placeCompletedFibreOrder,
  TOKENS,
  withApi,
} from '../api/support';

const API = '/dashboard/api';

/** A dashboard call with the test's full token (or none): the status and the parsed body. */
async function get<T = Record<string, unknown>>(rt: ApiTestRuntime, url: string, token: string | null = TOKENS.full) {
  const res = await fetch(`${rt.base}${API}${url}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const body = (await res.json()) as T;
  if (res.status >= 400) expectValid('Error', body);
  return { status: res.status, body };
}

interface ProcessView {
  id: string;
  name: string;
  textFr: string | null;
  activity: string;
  source: { path: string; line: number } | null;
  parent: { id: string; name: string } | null;
  stats: { runs: number; running: number; failed: number; p50Ms: number | null };
  flows: Array<{ workflowId: string; kind: string | null; at: string }>;
}

const flowIds = (flows: Flow[]) => flows.map((f) => f.workflowId);

describe('the dashboard data (#11)', () => {
  it('counts the processes a real order ran, names its flow, lists and traces it', async () => {
    await withApi(async (rt) => {
      const orderId = await placeCompletedFibreOrder(rt, 'dash-order');

      // The worker records each run write-behind: its rows reach the store within a flush.
      const rows = await eventually(async () => {
        const r = rt.store.db
          .prepare(
            `SELECT etom_id, workflow_id, root_workflow_id, outcome, duration_ms, ended_at
             FROM process_runs WHERE root_workflow_id = ?`,
          )
          .all(orderId) as Array<{ etom_id: string; workflow_id: string; outcome: string | null; ended_at: string }>;
        return r.some((x) => x.etom_id === '1.F.3.2.2' && x.outcome === 'completed') && r.every((x) => x.ended_at) && r;
      }, 'the order’s runs in the store');
      // One flow, across the layers: the service and resource orders' runs carry the order as root.
      expect(new Set(rows.map((r) => r.etom_id.split('.')[2]))).toEqual(new Set(['1', '2', '3']));
      expect(rows.some((r) => r.workflow_id !== orderId)).toBe(true);
      const resourceRuns = rows.filter((r) => r.etom_id === '1.F.3.2.2').length;
      const stored = rt.store.db
        .prepare(`SELECT runs, completed FROM process_run_stats WHERE etom_id = '1.F.3.2.2'`)
        .get() as { runs: number; completed: number };
      expect(stored.runs).toBeGreaterThanOrEqual(resourceRuns);
      expect(
        rt.store.db.prepare('SELECT workflow_type FROM flow_roots WHERE root_workflow_id = ?').pluck().get(orderId),
      ).toBe('productOrder');

      // The map: every Level-3 process of the catalog once, with its figures.
      const map = await get<{
        verticals: Array<{ code: string }>;
        layers: Array<{ key: string }>;
        groupings: Array<{ id: string; processes: unknown[] }>;
        level2: Array<{
          id: string;
          layer: string;
          processes: Array<{ id: string; runs: number; p50Ms: number | null; implemented: boolean }>;
        }>;
      }>(rt, '/map');
      expect(map.status).toBe(200);
      const shown = map.body.level2.flatMap((l) => l.processes.map((p) => p.id));
      const level3 = CATALOG.filter((p) => p.level === 3).map((p) => p.id);
      expect(shown).toHaveLength(110);
      expect(new Set(shown)).toEqual(new Set(level3));
      expect(map.body.verticals.map((v) => v.code)).toEqual(['O', 'F', 'A', 'B']);
      expect(map.body.layers.map((l) => l.key)).toEqual(['crm', 'smo', 'rmo', 'sprm']);
      expect(map.body.groupings.map((g) => g.id)).toContain('1.SIP.1');
      const allocate = map.body.level2.flatMap((l) => l.processes).find((p) => p.id === '1.F.3.2.2')!;
      expect(allocate.runs).toBe(stored.runs);
      expect(allocate.implemented).toBe(true);
      expect(allocate.p50Ms).not.toBeNull();

      // One process: its text, its source, its parent, its figures and the flows that ran it.
      const process = await get<ProcessView>(rt, '/processes/1.F.3.2.2');
      expect(process.status).toBe(200);
      expect(process.body.textFr).toMatch(/configuration et d'activation des ressources/);
      expect(process.body.source?.path).toMatch(/^activities\/rmo\/resource-provisioning\//);
      expect(process.body.parent).toEqual({ id: '1.F.3.2', name: 'Resource Provisioning' });
      expect(process.body.stats.runs).toBe(stored.runs);
      expect(process.body.stats.running).toBe(0);
      expect(process.body.flows).toContainEqual(expect.objectContaining({ workflowId: orderId, kind: 'order' }));

      // The flows: filtered by kind and state, searched by business id and customer.
      // Visibility is eventually consistent: the order's last EtomState upsert reaches the list a little later.
      const listed = await eventually(async () => {
        const orders = await get<{ flows: Flow[]; next: string | null }>(rt, '/flows?kind=order');
        const f = orders.body.flows.find((x) => x.workflowId === orderId);
        return f?.state === 'completed' && f;
      }, 'the order listed as completed');
      expect(listed).toMatchObject({
        kind: 'order',
        type: 'productOrder',
        state: 'completed',
        layer: 'CRM',
        customerId: 'CUST-1001',
      });
      // The order is completed; its workflow may still be closing what follows completion.
      expect(listed!.status === 'completed' ? listed!.end : 'running').not.toBeNull();
      expect(['running', 'completed']).toContain(listed!.status);
      expect(flowIds((await get<{ flows: Flow[] }>(rt, '/flows?kind=ticket')).body.flows)).not.toContain(orderId);
      expect(flowIds((await get<{ flows: Flow[] }>(rt, '/flows?state=completed')).body.flows)).toContain(orderId);
      expect(flowIds((await get<{ flows: Flow[] }>(rt, '/flows?state=inProgress')).body.flows)).not.toContain(orderId);
      expect(flowIds((await get<{ flows: Flow[] }>(rt, `/flows?q=${orderId.slice(0, 12)}`)).body.flows)).toContain(
        orderId,
      );
      expect(flowIds((await get<{ flows: Flow[] }>(rt, '/flows?q=CUST-1001')).body.flows)).toContain(orderId);
      expect(flowIds((await get<{ flows: Flow[] }>(rt, '/flows?q=CUST-9999')).body.flows)).not.toContain(orderId);
      expect((await get(rt, '/flows?kind=invoice')).status).toBe(400);
      expect((await get(rt, "/flows?q=x'%20OR%20'1")).status).toBe(400);

      // Its trace: the four lanes, the mermaid text, each step's input and output.
      const trace = await get<{
        lanes: string[];
        mermaid: string;
        webUi: unknown;
        steps: Array<{ process: { id: string } | null; input: unknown; output: unknown }>;
      }>(rt, `/flows/${orderId}/trace?payloads=1`);
      expect(trace.status).toBe(200);
      expect(trace.body.lanes).toEqual(expect.arrayContaining(['crm', 'smo', 'rmo', 'sprm']));
      expect(trace.body.mermaid).toMatch(/^sequenceDiagram\n/);
      const allocation = trace.body.steps.find((s) => s.process?.id === '1.F.3.2.2')!;
      expect(allocation.input).toEqual(expect.any(Object));
      expect(allocation.output).not.toBeNull();
      expect((await get(rt, '/flows/ORD-NONE-AT-ALL/trace')).status).toBe(404);
    });
  });

  it('streams a new order as it starts, and refuses what it must', async () => {
    await withApi(async (rt) => {
      expect((await get(rt, '/map', null)).status).toBe(401);
      expect((await get(rt, '/flows/stream', null)).status).toBe(401);
      const unknown = await get<{ code: string; status: string }>(rt, '/processes/1.F.9.9.9');
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ '@type': 'Error', code: 'NOT_FOUND', status: '404' });

      const abort = new AbortController();
      const res = await fetch(`${rt.base}${API}/flows/stream`, {
        headers: { authorization: `Bearer ${TOKENS.full}` },
        signal: abort.signal,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      const id = rt.id('dash-stream');
      let text = '';
      let placed = false;
      try {
        const event = await eventually(
          async () => {
            // The first bytes say the stream is open; the order goes in after them.
            const { value } = await reader.read();
            text += decoder.decode(value, { stream: true });
            if (!placed) {
              placed = true;
              const post = await rt.call('POST', `${BASE}/productOrder`, {
                expect: 'ProductOrder',
                body: fibreOrder(id),
              });
              expect(post.status).toBe(201);
            }
            const events = text
              .split('\n\n')
              .filter((block) => block.startsWith('event: flow\n'))
              .map((block) => JSON.parse(block.slice(block.indexOf('data: ') + 6)) as Flow);
            return events.find((f) => f.workflowId === id);
          },
          'a flow event for the new order',
          45_000,
        );
        expect(event).toMatchObject({ kind: 'order', type: 'productOrder', customerId: 'CUST-1001' });
      } finally {
        abort.abort();
      }
    });
  });
});
