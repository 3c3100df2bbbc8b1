import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeEnterprises, partnerOrdersOf } from '../../src/trace/enterprises';
import { renderMermaid } from '../../src/trace/mermaid';
import { type Trace, TraceSchema, timeline } from '../../src/trace/model';
import { fetchPartnerTrace, PartnerTraceError } from '../../src/trace/partner';
import { renderText } from '../../src/trace/text';
import { parseSequenceDiagram } from './mermaid-syntax';

const T0 = Date.parse('2026-12-07T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const ORDER = 'ORD-1-B2B';
const PARTNER_ORDER = `${ORDER}/1/CFS-VPN-SITE/PR-RS-ACCESS-CIRCUIT`;
const SUPPLIER_ORDER = 'ORD-1-B2B:1:CFS-VPN-SITE:PR-RS-ACCESS-CIRCUIT';

const workflow = (
  workflowId: string,
  type: string,
  lane: Trace['lanes'][number],
  start: number,
  parent: string | null,
) => ({
  workflowId,
  runId: `run-${workflowId}`,
  type,
  lane,
  taskQueue: lane,
  process: null,
  parentWorkflowId: parent,
  inTree: true,
  start: at(start),
  end: at(start + 2000),
  outcome: 'completed' as const,
});
const step = (
  workflowId: string,
  lane: Trace['lanes'][number],
  id: string,
  name: string,
  start: number,
  action: string | null = null,
) => ({
  workflowId,
  lane,
  activity: name.replace(/\W/g, ''),
  activityId: `${start}`,
  process: { id, name },
  action,
  start: at(start),
  durationMs: 10,
  attempts: 1,
  outcome: 'completed' as const,
  failure: null,
  compensation: false,
});
const arrow = (
  kind: 'child' | 'signal',
  name: string,
  from: [Trace['lanes'][number], string | null],
  to: [Trace['lanes'][number], string | null],
  ms: number,
) => ({
  kind,
  name,
  from: { lane: from[0], workflowId: from[1] },
  to: { lane: to[0], workflowId: to[1] },
  at: at(ms),
  outcome: null,
  compensation: false,
});

/** The retailer's VPN order: CRM → SM&O → S/PRM, whose requisition the supplier's report completes. */
const retailer: Trace = TraceSchema.parse({
  rootWorkflowId: ORDER,
  lanes: ['crm', 'smo', 'rmo', 'sprm', 'supplier'],
  workflows: [
    workflow(ORDER, 'productOrder', 'crm', 0, null),
    workflow(`${ORDER}/1/CFS-VPN-SITE`, 'serviceOrder', 'smo', 50, ORDER),
    workflow(PARTNER_ORDER, 'partnerOrder', 'sprm', 80, `${ORDER}/1/CFS-VPN-SITE`),
  ],
  steps: [
    step(ORDER, 'crm', '1.F.1.5.3', 'Track & Manage Customer Order Handling', 10),
    step(PARTNER_ORDER, 'sprm', '1.F.4.2.3', 'Place & Track S/P Requisition', 100, 'place'),
    step(PARTNER_ORDER, 'sprm', '1.F.4.2.4', 'Receive & Accept S/P Product', 950, 'accept'),
  ],
  arrows: [
    arrow('child', 'serviceOrder', ['crm', ORDER], ['smo', `${ORDER}/1/CFS-VPN-SITE`], 50),
    arrow('child', 'partnerOrder', ['smo', `${ORDER}/1/CFS-VPN-SITE`], ['sprm', PARTNER_ORDER], 80),
    arrow('signal', 'supplierReport', ['supplier', null], ['sprm', PARTNER_ORDER], 900),
  ],
  missing: [],
  truncated: false,
});

/** The wholesaler's product order for it: its CRM, then its SM&O. */
const wholesaler: Trace = TraceSchema.parse({
  rootWorkflowId: SUPPLIER_ORDER,
  lanes: ['crm', 'smo', 'rmo', 'sprm'],
  workflows: [
    workflow(SUPPLIER_ORDER, 'productOrder', 'crm', 120, null),
    workflow(`${SUPPLIER_ORDER}/1/CFS-VPN-SITE`, 'serviceOrder', 'smo', 300, SUPPLIER_ORDER),
  ],
  steps: [
    step(SUPPLIER_ORDER, 'crm', '1.F.1.5.2', 'Authorize Credit', 130),
    step(`${SUPPLIER_ORDER}/1/CFS-VPN-SITE`, 'smo', '1.F.2.2.3', 'Implement, Configure & Activate Service', 400),
  ],
  arrows: [arrow('child', 'serviceOrder', ['crm', SUPPLIER_ORDER], ['smo', `${SUPPLIER_ORDER}/1/CFS-VPN-SITE`], 300)],
  missing: [],
  truncated: false,
});

const link = partnerOrdersOf(retailer)[0]!;
const merged = mergeEnterprises({ name: 'retailer', trace: retailer }, { name: 'wholesaler', trace: wholesaler }, link);

describe('two enterprises’ traces merged side by side', () => {
  it('finds the partner order and the id the wholesaler holds it under', () => {
    expect(partnerOrdersOf(retailer)).toEqual([
      { partnerOrderWorkflowId: PARTNER_ORDER, supplierOrderWorkflowId: SUPPLIER_ORDER },
    ]);
  });

  it('lays each enterprise’s four layers side by side, titled by the standard, the outside supplier replaced by the wholesaler', () => {
    const layers = ['crm', 'smo', 'rmo', 'sprm'];
    expect(merged.lanes).toEqual([...layers.map((l) => `retailer_${l}`), ...layers.map((l) => `wholesaler_${l}`)]);
    expect(merged.laneTitles['retailer_sprm']).toBe('retailer S/PRM');
    expect(merged.laneTitles['wholesaler_smo']).toBe('wholesaler SM&O');
    const withCustomer = mergeEnterprises(
      { name: 'retailer', trace: { ...retailer, lanes: ['customer', ...retailer.lanes] } },
      { name: 'wholesaler', trace: wholesaler },
      link,
    );
    expect(withCustomer.laneTitles['retailer_customer']).toBe("retailer's Customer");
    expect(merged.enterprises.map((e) => [e.name, e.lanes.length])).toEqual([
      ['retailer', 4],
      ['wholesaler', 4],
    ]);
    expect(merged.workflows.map((w) => `${w.enterprise} ${w.lane} ${w.workflowId}`)).toContain(
      `wholesaler wholesaler_crm ${SUPPLIER_ORDER}`,
    );
  });

  it('draws the requisition and the hub event as the two arrows between the enterprises, on one time axis', () => {
    const crossing = merged.arrows.filter((a) => a.from.lane.split('_')[0] !== a.to.lane.split('_')[0]);
    expect(crossing).toEqual([
      expect.objectContaining({
        kind: 'event',
        name: 'supplierReport',
        from: { lane: 'wholesaler_crm', workflowId: SUPPLIER_ORDER },
        to: { lane: 'retailer_sprm', workflowId: PARTNER_ORDER },
        at: at(900),
      }),
      expect.objectContaining({
        kind: 'request',
        name: 'TMF622 POST productOrder',
        from: { lane: 'retailer_sprm', workflowId: PARTNER_ORDER },
        to: { lane: 'wholesaler_crm', workflowId: SUPPLIER_ORDER },
        at: at(120),
      }),
    ]);
    // The two flows interleave by time: the requisition, the wholesaler's order, its report back.
    const order = timeline(merged).map((i) =>
      i.type === 'step' ? `${i.step.lane} ${i.step.process?.id}` : `${i.arrow.from.lane}>${i.arrow.to.lane}`,
    );
    expect(order).toEqual([
      'retailer_crm 1.F.1.5.3',
      'retailer_crm>retailer_smo',
      'retailer_smo>retailer_sprm',
      'retailer_sprm 1.F.4.2.3',
      'retailer_sprm>wholesaler_crm',
      'wholesaler_crm 1.F.1.5.2',
      'wholesaler_crm>wholesaler_smo',
      'wholesaler_smo 1.F.2.2.3',
      'wholesaler_crm>retailer_sprm',
      'retailer_sprm 1.F.4.2.4',
    ]);
  });

  it('draws with the existing drawers: a mermaid box per enterprise, the lanes by their titles', () => {
    const d = parseSequenceDiagram(renderMermaid(merged));
    expect(d.boxes.map((b) => [b.title, b.participants])).toEqual(merged.enterprises.map((e) => [e.title, e.lanes]));
    expect(d.participants.get('wholesaler_sprm')).toBe('wholesaler S/PRM');
    expect(d.messages).toContainEqual({
      from: 'retailer_sprm',
      arrow: '->>',
      to: 'wholesaler_crm',
      text: `TMF622 POST productOrder ${SUPPLIER_ORDER}`,
    });
    expect(d.messages).toContainEqual({
      from: 'wholesaler_crm',
      arrow: '-)',
      to: 'retailer_sprm',
      text: 'hub event → signal supplierReport',
    });
    const text = renderText(merged);
    expect(text).toContain('lanes: retailer CRM | retailer SM&O | retailer RM&O | retailer S/PRM | wholesaler CRM');
    expect(text).toMatch(/\+0\.120 s {4}retailer S\/PRM → wholesaler CRM +TMF622 POST productOrder/);
    // One enterprise's trace is drawn as before: no boxes.
    expect(parseSequenceDiagram(renderMermaid(retailer)).boxes).toEqual([]);
  });

  it('refuses a partner trace of another order than the one linked', () => {
    expect(() =>
      mergeEnterprises(
        { name: 'retailer', trace: retailer },
        { name: 'wholesaler', trace: wholesaler },
        { ...link, supplierOrderWorkflowId: 'ORD-OTHER' },
      ),
    ).toThrow(`the wholesaler's trace is of ${SUPPLIER_ORDER}, not of its order ORD-OTHER`);
  });
});

describe('the partner’s trace, through its API only', () => {
  const TOKEN = 'partner-read-token';
  const server = http.createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end('{"code":"401"}');
    if (req.url !== `/dashboard/api/flows/${encodeURIComponent(SUPPLIER_ORDER)}/trace`)
      return void res.writeHead(404).end('{}');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...wholesaler, mermaid: 'x' }));
  });
  const url = new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
  afterAll(() => new Promise((r) => server.close(r)));

  it('reads it with the token it gave, and names why it could not otherwise', async () => {
    expect(await fetchPartnerTrace(await url, TOKEN, SUPPLIER_ORDER)).toEqual(wholesaler);
    const refused = await fetchPartnerTrace(await url, 'wrong', SUPPLIER_ORDER).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PartnerTraceError);
    expect(refused).toMatchObject({
      reason: 'refused',
      message: `the partner at ${await url} refused the token (401)`,
    });
    expect((refused as Error).message).not.toContain('wrong');
    await expect(fetchPartnerTrace(await url, TOKEN, 'ORD-NONE')).rejects.toMatchObject({ reason: 'notFound' });
    await expect(fetchPartnerTrace('http://127.0.0.1:1', TOKEN, SUPPLIER_ORDER)).rejects.toThrow(
      /^the partner at http:\/\/127\.0\.0\.1:1 did not answer: /,
    );
  });
});
