import { describe, expect, it } from 'vitest';
import { buildTrace } from '../../src/trace/build';
import { renderMermaid } from '../../src/trace/mermaid';
import { renderText } from '../../src/trace/text';
import { RECORDED_ORDER, recorded, recordedSource } from '../support/recorded-histories';

const files = recordedSource;
const ORDER = RECORDED_ORDER;

describe('the trace model, built from recorded histories', () => {
  it('reads the fibre order tree: every activity and child of the histories, nothing else', async () => {
    const trace = await buildTrace(files, ORDER);
    const ids = trace.workflows.map((w) => w.workflowId);
    // What the histories say, counted here independently of the builder.
    const scheduled: string[] = [];
    const children: string[] = [];
    for (const id of ids) {
      for (const e of recorded.get(id)!.events ?? []) {
        const a = e.activityTaskScheduledEventAttributes;
        if (a) scheduled.push(`${id} ${a.activityType?.name}`);
        const c = e.startChildWorkflowExecutionInitiatedEventAttributes;
        if (c) children.push(`${id} ${c.workflowId}`);
      }
    }
    expect(trace.steps.map((s) => `${s.workflowId} ${s.activity}`).sort()).toEqual(scheduled.sort());
    expect(
      trace.arrows
        .filter((a) => a.kind === 'child')
        .map((a) => `${a.from.workflowId} ${a.to.workflowId}`)
        .sort(),
    ).toEqual(children.sort());
    expect(ids).toEqual(
      expect.arrayContaining([
        ORDER,
        `${ORDER}/1/CFS-FIBRE-ACCESS`,
        `${ORDER}/1/CFS-FIBRE-ACCESS/RA`,
        `${ORDER}/1/CFS-FIBRE-ACCESS/RO`,
      ]),
    );
    expect(trace.missing).toContain(`${ORDER}/1/CFS-STATIC-IP`);
    expect(trace.truncated).toBe(false);
  });

  it('names each step by its eTOM process, places it in its layer, and times it', async () => {
    const trace = await buildTrace(files, ORDER);
    const credit = trace.steps.find((s) => s.activity === 'authorizeCredit')!;
    expect(credit).toMatchObject({ lane: 'crm', process: { id: '1.F.1.5.2', name: 'Authorize Credit' } });
    expect(credit.attempts).toBe(1);
    expect(credit.outcome).toBe('completed');
    expect(credit.durationMs).toBeGreaterThanOrEqual(0);
    expect(trace.steps.every((s) => s.process !== null)).toBe(true);
    const design = trace.steps.filter(
      (s) => s.activity === 'designSolution' && s.workflowId === `${ORDER}/1/CFS-FIBRE-ACCESS`,
    );
    expect(design.map((s) => s.action)).toEqual(['plan', 'design']);
    expect(design[1]).toMatchObject({ lane: 'smo', process: { id: '1.F.2.2.1' }, compensation: false });
    expect(trace.workflows.find((w) => w.workflowId === ORDER)).toMatchObject({
      type: 'productOrder',
      lane: 'crm',
      outcome: 'completed',
      inTree: true,
      parentWorkflowId: 'CAMP-261129032753.LD-000001', // the sales opportunity that won it
    });
    // A completed flow: no undo ran, nothing was cancelled.
    expect(trace.steps.some((s) => s.compensation)).toBe(false);
    expect(trace.arrows.some((a) => a.kind === 'cancel' || a.compensation)).toBe(false);
  });

  it('draws the signals once, from the workflow that sent them', async () => {
    const trace = await buildTrace(files, ORDER);
    const proceed = trace.arrows.filter((a) => a.name === 'proceedWithResourceOrder');
    expect(proceed).toEqual([
      expect.objectContaining({
        kind: 'signal',
        from: { lane: 'smo', workflowId: `${ORDER}/1/CFS-FIBRE-ACCESS` },
        to: { lane: 'rmo', workflowId: `${ORDER}/1/CFS-FIBRE-ACCESS/RO` },
        outcome: 'delivered',
      }),
    ]);
    const progress = trace.arrows.filter((a) => a.name === 'serviceOrderProgress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((a) => a.from.lane === 'smo' && a.to.workflowId === ORDER)).toBe(true);
  });

  it("keeps a traced child's parent out of the tree, and an outside sender in its party's lane", async () => {
    const service = await buildTrace(files, `${ORDER}/1/CFS-FIBRE-ACCESS`);
    const parent = service.workflows.find((w) => w.workflowId === ORDER)!;
    expect(parent.inTree).toBe(false);
    expect(service.steps.some((s) => s.workflowId === ORDER)).toBe(false);
    expect(service.arrows).toContainEqual(
      expect.objectContaining({ kind: 'signal', name: 'serviceOrderProgress', to: { lane: 'crm', workflowId: ORDER } }),
    );
    const partner = await buildTrace(files, 'ORD-261129032727-VPN/1/CFS-VPN-SITE/PR-RS-ACCESS-CIRCUIT');
    const reports = partner.arrows.filter((a) => a.name === 'supplierReport');
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((a) => a.from.lane === 'supplier' && a.to.lane === 'sprm')).toBe(true);
    expect(partner.lanes).toEqual(['crm', 'smo', 'rmo', 'sprm', 'supplier']);
    expect(partner.steps.map((s) => s.process?.id)).toContain('1.F.4.2.3');
  });

  it('renders text and a mermaid sequenceDiagram with the lanes as participants', async () => {
    const trace = await buildTrace(files, ORDER);
    const text = renderText(trace);
    expect(text).toContain('1.F.1.5.2 Authorize Credit');
    expect(text).toMatch(/CRM → SM&O\s+start serviceOrder/);
    const mermaid = renderMermaid(trace).trimEnd().split('\n');
    expect(mermaid[0]).toBe('sequenceDiagram');
    expect(mermaid.slice(1, 5)).toEqual([
      '  participant crm as CRM',
      '  participant smo as SM&O',
      '  participant rmo as RM&O',
      '  participant sprm as S/PRM',
    ]);
    expect(mermaid).toContain(`  crm->>smo: start serviceOrder ${ORDER}/1/CFS-FIBRE-ACCESS`);
  });
});
