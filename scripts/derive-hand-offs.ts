/**
 * Derives each Level-3 process's hand-offs (`etom catalog --json`: handsOffTo) from the recorded
 * histories and the standard's text, into src/catalog/hand-offs.json. Run after
 * scripts/record-histories.ts: `npx tsx scripts/derive-hand-offs.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CATALOG } from '../src/catalog';
import { deriveHandOffs } from '../src/catalog/hand-off-evidence';
import { readRecordedRuns } from '../src/catalog/recorded-runs';

const out = path.resolve(__dirname, '../src/catalog/hand-offs.json');
const table = deriveHandOffs(
  readRecordedRuns(path.resolve(__dirname, '../test/histories')),
  CATALOG.filter((p) => p.level === 3).map((p) => p.id),
);
// One line per process, as processes.json: a diff shows which process's hand-offs changed.
const section = (o: Record<string, unknown>) =>
  Object.entries(o)
    .map(([id, v]) => `    ${JSON.stringify(id)}: ${JSON.stringify(v)}`)
    .join(',\n');
fs.writeFileSync(
  out,
  `{\n  "handsOffTo": {\n${section(table.handsOffTo)}\n  },\n  "namedOnly": {\n${section(table.namedOnly)}\n  }\n}\n`,
);
const count = Object.values(table.handsOffTo).reduce((n, l) => n + l.length, 0);
const named = Object.values(table.namedOnly).reduce((n, l) => n + l.length, 0);
process.stdout.write(`${count} hand-offs made in code, ${named} named by the text only → ${out}\n`);
