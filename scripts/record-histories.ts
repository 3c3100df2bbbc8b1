/**
 * Records histories of every registered workflow type from real runs of the demo flows (up to four
 * paths each, and any run beyond them that shows a hand-off the others do not: pickRuns), into
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
import { type CandidateRun, pickRuns } from '../src/catalog/run-selection';
import { DEMO_FLOWS } from '../src/demo';
import { consoleReporter } from '../src/demo/reporter';
import { withEmbeddedRuntime } from '../src/runtime/embedded';
import * as workflows from '../workflows';

const out = path.resolve(__dirname, '../test/histories');
const TYPES = Object.entries(workflows)
  .filter(([, v]) => typeof v === 'function')
  .map(([name]) => name)
  .sort();

/** How many runs of one type are kept for their paths; more when they show a hand-off (pickRuns). */
const SHAPES_PER_TYPE = 4;
/** How many runs of one type are read to choose from. */
const LISTED_PER_TYPE = 300;
/**
 * How often the demos run before the choice: the layers' concurrency makes each pass interleave
 * signals and activities its own way, and the hand-offs are read from all the ways seen.
 */
const PASSES = Number(process.env['RECORD_PASSES'] ?? 3);

/** The type's runs, finished ones first (their whole life replays). */
async function runsOf(client: Client, type: string): Promise<CandidateRun[]> {
  const runs: CandidateRun[] = [];
  const seen = new Set<string>();
  for (const status of ['ExecutionStatus="Completed"', 'ExecutionStatus!="Running"', '']) {
    const query = [`WorkflowType="${type}"`, status].filter(Boolean).join(' AND ');
    for await (const wf of client.workflow.list({ query })) {
      if (runs.length >= LISTED_PER_TYPE) return runs;
      if (seen.has(wf.runId)) continue;
      seen.add(wf.runId);
      const history = await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
      runs.push({ workflowType: type, workflowId: wf.workflowId, events: history.events ?? [] });
    }
  }
  return runs;
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
    for (let pass = 1; pass <= PASSES; pass++)
      for (const [name, flow] of Object.entries(DEMO_FLOWS)) {
        process.stderr.write(`pass ${pass}/${PASSES}: flow ${name}\n`);
        await flow(rt, report);
      }
    // Visibility is eventually consistent: give it a moment to list the last runs.
    await new Promise((r) => setTimeout(r, 2000));
    const missing: string[] = [];
    const candidates: CandidateRun[] = [];
    for (const type of TYPES) candidates.push(...(await runsOf(rt.client, type)));
    const kept = pickRuns(candidates, SHAPES_PER_TYPE);
    for (const type of TYPES) {
      const runs = kept.filter((r) => r.workflowType === type);
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
        const history = temporal.api.history.v1.History.create({ events: run.events });
        fs.writeFileSync(path.join(out, file), temporal.api.history.v1.History.encode(history).finish());
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
