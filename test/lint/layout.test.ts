import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/catalog/sources';

const LIMIT = 400;

function files(dir: string): string[] {
  return fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : [p];
  });
}

describe('the layout', () => {
  it(`keeps every file under activities/, workflows/ and src/ under ${LIMIT} lines`, () => {
    const long = ['activities', 'workflows', 'src']
      .flatMap(files)
      .map((f) => ({ f, lines: fs.readFileSync(path.join(REPO_ROOT, f), 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > LIMIT)
      .map(({ f, lines }) => `${f}: ${lines}`);
    expect(long).toEqual([]);
  });

  it('lets no workflow import from a Level-3 process file', () => {
    const offenders = files('workflows')
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) =>
        [...fs.readFileSync(path.join(REPO_ROOT, f), 'utf8').matchAll(/from '((?:\.\.\/)+activities\/[^']+)'/g)]
          // The layer's activity interface (activities/<layer>) is what proxyActivities needs.
          .filter((m) => !/^(\.\.\/)+activities\/(crm|smo|rmo|sprm)$/.test(m[1]!))
          .map((m) => `${f}: ${m[1]}`),
      );
    expect(offenders).toEqual([]);
  });
});
