import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG, layerKeyOf, processById } from '../../src/catalog';
import { REPO_ROOT, sourceOf } from '../../src/catalog/sources';
import { describedInText } from '../../src/catalog/standard-text';
import { catalogRows } from '../../src/cli/catalog';

/** The file name the layout gives a process: its English name in kebab case ("&" dropped, S/P → sp). */
function fileNameOf(nameEn: string): string {
  return `${nameEn
    .replace(/S\/P/g, 'SP')
    .replace(/&/g, ' ')
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .join('-')}.ts`;
}

describe('where each process is implemented', () => {
  const level3 = CATALOG.filter((p) => p.level === 3);

  it.each(level3.map((p) => [p.id, p] as const))('%s is one file that declares its eTOM id', (_id, p) => {
    const source = sourceOf(p);
    expect(source, `${p.id} ${p.nameEn}`).toBeDefined();
    const file = path.join(REPO_ROOT, source!.path);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    expect(lines[source!.line - 1]).toContain(`etomId: '${p.id}'`);
    // activities/<layer>/<level-2 process>/<process>.ts, named after the process.
    const [root, layer, level2, name, ...rest] = source!.path.split('/');
    expect(rest, source!.path).toEqual([]);
    expect([root, layer]).toEqual(['activities', layerKeyOf(p)]);
    expect(level2, source!.path).toMatch(/^[a-z0-9-]+$/);
    expect(name).toBe(fileNameOf(p.nameEn));
    // One Level-3 process per file: no other eTOM id is declared there.
    const declared = [...lines.join('\n').matchAll(/\betomId: '([0-9A-Z.]+)'/g)].map((m) => m[1]);
    expect(new Set(declared)).toEqual(new Set([p.id]));
    // The Level-2 folder holds its processes only: every process of the folder has one parent.
    expect(processById(p.parentId!)?.level).toBe(2);
  });

  it('puts the processes of one Level-2 process in one folder, and nothing else there', () => {
    const folders = new Map<string, Set<string>>();
    for (const p of level3) {
      const folder = path.dirname(sourceOf(p)!.path);
      folders.set(folder, (folders.get(folder) ?? new Set()).add(p.parentId!));
    }
    for (const [folder, parents] of folders) expect([...parents], folder).toHaveLength(1);
  });

  it('finds the workflow of every Level-2 process with a lifecycle', () => {
    for (const p of CATALOG.filter((c) => c.workflow)) {
      const source = sourceOf(p);
      expect(source, p.workflow).toBeDefined();
      const line = fs.readFileSync(path.join(REPO_ROOT, source!.path), 'utf8').split('\n')[source!.line - 1];
      expect(line).toContain(`export async function ${p.workflow}(`);
    }
  });

  it('gives `etom catalog --json` the source of every implemented process', () => {
    for (const row of catalogRows()) {
      if (row.activity || row.workflow) expect(row.source, row.id).not.toBeNull();
      else expect(row.source).toBeNull();
    }
  });

  it("reads the process's description out of the standard's text", () => {
    const text = describedInText('1.F.2.2.1');
    expect(text).toMatch(/^Description résumée: définir une architecture de système/);
    expect(text).toContain('Description détaillée');
    // It stops at the next process.
    expect(text).not.toContain('1.F.2.2.2');
    expect(describedInText('1.E.1.1')).toBeUndefined();
  });
});
