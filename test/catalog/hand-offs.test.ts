import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG, processById } from '../../src/catalog';
import { deriveHandOffs, handOffsInRuns } from '../../src/catalog/hand-off-evidence';
import { handOffTable, TESTED_HAND_OFFS } from '../../src/catalog/hand-offs';
import { registeredWorkflows } from '../../src/catalog/implemented';
import { readRecordedRuns } from '../../src/catalog/recorded-runs';
import { catalogRows } from '../../src/cli/catalog';

const root = path.resolve(__dirname, '../..');
const runs = readRecordedRuns(path.join(root, 'test/histories'));
const level3 = CATALOG.filter((p) => p.level === 3).map((p) => p.id);

/**
 * `etom catalog --json`'s handsOffTo is data (src/catalog/hand-offs.json). Here it is held
 * against the code: derived again from the histories today's workflows recorded, it must be
 * the same, so a workflow that stops (or starts) handing work somewhere fails this test until
 * its histories are recorded again (scripts/record-histories.ts derives the table with them).
 */
describe('the catalog hand-offs, against the recorded runs of the code', () => {
  it('are what the recorded histories show, no more and no less', () => {
    expect(handOffTable()).toEqual(deriveHandOffs(runs, level3));
  });

  it('reach other layers through children and signals, the way the architecture says', () => {
    const all = Object.entries(handOffTable().handsOffTo).flatMap(([from, list]) => list.map((h) => ({ from, ...h })));
    expect(all.length).toBeGreaterThan(100);
    const workflows = registeredWorkflows();
    for (const h of all) {
      expect(processById(h.from)?.level, h.from).toBe(3);
      expect(processById(h.id), h.id).toBeDefined();
      if (h.how === 'child' || h.how === 'next' || h.how === 'result') expect(workflows.has(h.via), h.via).toBe(true);
    }
    // Order Handling hands the service order to SM&O as a child workflow, and SM&O's work comes
    // back to CRM by signal: the fulfilment flow's two directions between the layers.
    expect(handOffTable().handsOffTo['1.F.1.5.4']).toContainEqual(
      expect.objectContaining({ id: '1.F.2.2.1', how: 'child', via: 'serviceOrder' }),
    );
    expect(handOffTable().handsOffTo['1.F.2.2.4']).toContainEqual(
      expect.objectContaining({ id: '1.F.1.5.4', how: 'signal', via: 'serviceOrderProgress' }),
    );
  });

  it('find a hand-off in a run the way it happened: next, child, signal and result', () => {
    const edges = handOffsInRuns(runs);
    // The last process of the resource order hands its result back to the service order.
    expect([...(edges.get('1.F.3.2.4')?.values() ?? [])]).toContainEqual({ how: 'result', via: 'resourceOrder' });
    // Nothing hands work to itself.
    for (const [from, out] of edges) expect(out.has(from)).toBe(false);
  });

  it('name, for each hand-off no demo run shows, a workflow test that runs both processes', () => {
    for (const h of TESTED_HAND_OFFS) {
      const file = path.join(root, h.shownBy);
      expect(fs.existsSync(file), h.shownBy).toBe(true);
      const text = fs.readFileSync(file, 'utf8');
      for (const id of [h.from, h.to]) {
        const p = processById(id);
        // The receiver of a child or a signal is shown by the child workflow or signal it names.
        const carrier = id === h.to && (h.how === 'child' || h.how === 'signal') ? h.via : undefined;
        const names = [id, p?.activity, p?.workflow, carrier].filter((n): n is string => Boolean(n));
        expect(
          names.some((n) => text.includes(n)),
          `${h.shownBy} runs ${id}`,
        ).toBe(true);
      }
    }
  });

  it('are in `etom catalog --json`, for every Level-3 process', () => {
    const rows = catalogRows().filter((r) => r.level === 3);
    expect(rows).toHaveLength(110);
    for (const r of rows) expect(r.handsOffTo, r.id).toEqual(handOffTable().handsOffTo[r.id] ?? []);
    expect(rows.filter((r) => (r.handsOffTo ?? []).length > 0).length).toBeGreaterThan(80);
  });
});
