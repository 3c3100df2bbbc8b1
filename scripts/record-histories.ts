/**
 * Records up to four histories per registered workflow type, each a different path, from real runs of the demo flows, into
 * test/histories/, for the replay test. Run after a deliberate change to workflow code (and say
 * so in the commit): `npx tsx scripts/record-histories.ts`. It then derives the catalog's hand-offs
 * from them again (scripts/derive-hand-offs.ts).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { loadConfig } from '../src/config';
import { shapeOf } from '../src/catalog/hand-off-evidence';
import { DEMO_FLOWS } from '../src/demo';
import { consoleReporter } from '../src/demo/reporter';
import { withEmbeddedRuntime } from '../src/runtime/embedded';
import * as workflows from '../workflows';

const out = path.resolve(__dirname, '../test/histories');
const TYPES = Object.entries(workflows)
  .filter(([, v]) => typeof v === 'function')
  .map(([name]) => name)
  .sort();

/** How many runs of one type are kept, each taking a different path. */
const SHAPES_PER_TYPE = 4;

/**
 * Runs of the type that took different paths (their activities, children and signals in order
 * differ), finished ones first (their whole life replays): the replay test covers each path, and
 * the catalog's hand-offs are read from all of them.
 */
async function pickShapes(client: Client, type: string) {
  const kept: Array<{ workflowId: string; history: temporal.api.history.v1.IHistory }> = [];
  const seen = new Set<string>();
  const shapes = new Set<string>();
  for (const status of ['ExecutionStatus="Completed"', 'ExecutionStatus!="Running"', '']) {
    const query = [`WorkflowType="${type}"`, status].filter(Boolean).join(' AND ');
    for await (const wf of client.workflow.list({ query })) {
      if (kept.length >= SHAPES_PER_TYPE) return kept;
      if (seen.has(wf.runId)) continue;
      seen.add(wf.runId);
      const history = await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
      const shape = shapeOf(history.events ?? []);
      if (shapes.has(shape)) continue;
      shapes.add(shape);
      kept.push({ workflowId: wf.workflowId, history });
    }
  }
  return kept;
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-record-'));
  const cfg = loadConfig({ ...process.env, ETOM_DATA_DIR: dataDir, TEMPORAL_PORT: '17233', TEMPORAL_UI_PORT: '18233' });
  const report = consoleReporter();
  // A type's history is replaced by a run of today's code; legacy/ (earlier code, kept on
  // purpose) stays. A type no demo runs (eventDelivery: a TMF hub subscriber) keeps the history
  // recorded for it, so the replay test still covers it.
  fs.mkdirSync(out, { recursive: true });
  const recordedOf = (type: string) =>
    fs.readdirSync(out).filter((f) => f.startsWith(`${type}__`) && f.endsWith('.binpb'));
  await withEmbeddedRuntime(cfg, { ui: false }, async (rt) => {
    for (const [name, flow] of Object.entries(DEMO_FLOWS)) {
      process.stderr.write(`flow ${name}\n`);
      await flow(rt, report);
    }
    // Visibility is eventually consistent: give it a moment to list the last runs.
    await new Promise((r) => setTimeout(r, 2000));
    const missing: string[] = [];
    for (const type of TYPES) {
      const runs = await pickShapes(rt.client, type);
      if (runs.length === 0) {
        if (recordedOf(type).length === 0) missing.push(type);
        else process.stderr.write(`no demo runs ${type}: its recorded history stays\n`);
        continue;
      }
      for (const f of recordedOf(type)) fs.rmSync(path.join(out, f));
      for (const run of runs) {
        // Binary protobuf: exact, and free of the JSON converter's protobufjs version clash.
        // The workflow id is part of the file name: replay must run under the id the history had.
        const file = `${type}__${encodeURIComponent(run.workflowId)}.binpb`;
        fs.writeFileSync(path.join(out, file), temporal.api.history.v1.History.encode(run.history).finish());
      }
    }
    process.stderr.write(`${TYPES.length - missing.length} of ${TYPES.length} workflow types have a history\n`);
    if (missing.length) throw new Error(`no run of ${missing.join(', ')}: add a demo step that runs it`);
  });
  fs.rmSync(dataDir, { recursive: true, force: true });
  // The catalog's hand-offs are read from these histories: derive them again (src/catalog/hand-offs.json).
  execFileSync('npx', ['tsx', path.join(__dirname, 'derive-hand-offs.ts')], { stdio: 'inherit' });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
