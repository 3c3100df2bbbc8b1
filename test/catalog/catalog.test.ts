import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG, processByActivity, processById, readIdentifier } from '../../src/catalog';
import { registeredActivities, registeredWorkflows } from '../../src/catalog/implemented';

// The standard's processes as data live beside the repository (shared/etom), where the
// project's machines and CI have them; ETOM_STANDARD_DIR points elsewhere.
const seedPath = path.resolve(
  process.env['ETOM_STANDARD_DIR'] ?? path.resolve(__dirname, '../../../shared/etom'),
  'seed-processes.json',
);
// Required, not skipped when absent: a catalog unchecked against the text would pass silently.
const seed = JSON.parse(fs.readFileSync(seedPath, 'utf8')) as Array<{
  id: string;
  level: number;
  name_fr: string;
  section: string | null;
  summary_fr: string;
}>;

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? testFiles(p) : e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('the eTOM catalog', () => {
  it(`holds every process of the text, in its order, at its level, with its summary (${seedPath})`, () => {
    expect(CATALOG.map((p) => [p.id, p.level])).toEqual(seed.map((s) => [s.id, s.level]));
    expect(CATALOG.map((p) => [p.section, p.summaryFr])).toEqual(seed.map((s) => [s.section, s.summary_fr]));
    expect(CATALOG).toHaveLength(197);
    expect(CATALOG.filter((p) => p.level === 3)).toHaveLength(110);
  });

  it('names an activity for each of the 110 Level-3 processes, and nothing else does', () => {
    expect(CATALOG).toHaveLength(197);
    for (const p of CATALOG) expect(p.activity !== undefined, p.id).toBe(p.level === 3);
    expect(new Set(CATALOG.map((p) => p.activity).filter(Boolean)).size).toBe(110);
  });

  it('reads layer, verticals and parent from the identifier', () => {
    expect(readIdentifier('1.A.2.3.2')).toEqual({ layer: 'SM&O', vertical: ['A'], parentId: '1.A.2.3' });
    expect(readIdentifier('1.FAB.1.2')).toEqual({ layer: 'CRM', vertical: ['F', 'A', 'B'], parentId: '1.OFAB.1' });
    expect(readIdentifier('1.OFAB.4')).toEqual({ layer: 'S/PRM', vertical: ['O', 'F', 'A', 'B'], parentId: null });
    expect(readIdentifier('1.S.3.1')).toEqual({ layer: 'SIP', vertical: ['S'], parentId: '1.SIP.3' });
    expect(readIdentifier('1.E.2.3')).toEqual({ layer: 'Enterprise', vertical: ['E'], parentId: '1.E.2' });
    // Every parent named is itself in the catalog.
    for (const p of CATALOG) if (p.parentId) expect(processById(p.parentId), `${p.id} → ${p.parentId}`).toBeDefined();
  });

  it('is one-to-one with the activities the workers register', () => {
    const registered = registeredActivities();
    const ids = registered.map((a) => a.etomId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of registered) {
      const p = processByActivity(a.name);
      expect(p?.id, `${a.name} declares ${a.etomId}`).toBe(a.etomId);
      // Each activity runs on the task queue of the layer its process belongs to.
      expect(p?.layer, a.name).toBe({ crm: 'CRM', smo: 'SM&O', rmo: 'RM&O', sprm: 'S/PRM' }[a.layer]);
    }
  });

  it('is implemented whole: every Level-3 activity and every Level-2 workflow is registered', () => {
    const activities = new Set(registeredActivities().map((a) => a.name));
    const workflows = registeredWorkflows();
    const missing = CATALOG.filter((p) =>
      p.activity ? !activities.has(p.activity) : p.workflow ? !workflows.has(p.workflow) : false,
    ).map((p) => `${p.id} ${p.activity ?? p.workflow}`);
    expect(missing).toEqual([]);
    expect(activities.size).toBe(110);
  });

  it('has a unit test naming each registered activity by its eTOM id', () => {
    const root = path.resolve(__dirname, '../activities');
    const sources = testFiles(root).map((f) => fs.readFileSync(f, 'utf8'));
    for (const a of registeredActivities()) {
      const title = `${a.etomId} ${a.name}`;
      expect(
        sources.some((s) => s.includes(`describe('${title}'`)),
        `no describe('${title}', …) under test/activities`,
      ).toBe(true);
    }
  });
});
