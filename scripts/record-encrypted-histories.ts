/**
 * Records histories sealed by the payload codec (#16) into test/histories/encrypted/, for the
 * replay test that replays them with the codec beside the plain ones: the demo's fulfilment
 * orders (product, service, resource and partner orders) and the smoke flow's customer contact,
 * which carries the customer's name. Sealed with the published test key in that directory.
 * Run after a deliberate change to workflow code, with record-histories.ts:
 * `npx tsx scripts/record-encrypted-histories.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { loadConfig } from '../src/config';
import { DEMO_FLOWS } from '../src/demo';
import { consoleReporter } from '../src/demo/reporter';
import { withEmbeddedRuntime } from '../src/runtime/embedded';

const out = path.resolve(__dirname, '../test/histories/encrypted');
const TYPES = ['customerInteraction', 'productOrder', 'serviceOrder', 'resourceOrder', 'partnerOrder'];

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-record-sealed-'));
  const cfg = loadConfig({
    ...process.env,
    ETOM_DATA_DIR: dataDir,
    ETOM_CODEC_KEYS: `@${path.join(out, 'codec-keys')}`,
    TEMPORAL_PORT: '17253',
    TEMPORAL_UI_PORT: '18253',
  });
  for (const f of fs.readdirSync(out)) if (f.endsWith('.binpb')) fs.rmSync(path.join(out, f));
  await withEmbeddedRuntime(cfg, { ui: false }, async (rt) => {
    for (const name of ['smoke', 'fulfilment']) await DEMO_FLOWS[name]!(rt, consoleReporter());
    // Visibility is eventually consistent: give it a moment to list the last runs.
    await new Promise((r) => setTimeout(r, 2000));
    for (const type of TYPES) {
      let run: { workflowId: string; runId: string } | undefined;
      for await (const wf of rt.client.workflow.list({
        query: `WorkflowType="${type}" AND ExecutionStatus="Completed"`,
      })) {
        run = { workflowId: wf.workflowId, runId: wf.runId };
        break;
      }
      if (!run) throw new Error(`no completed ${type} in the demo flows`);
      // The history as the server keeps it (fetchHistory does not decode): sealed payloads.
      const history = await rt.client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
      const file = `${type}__${encodeURIComponent(run.workflowId)}.binpb`;
      fs.writeFileSync(path.join(out, file), temporal.api.history.v1.History.encode(history).finish());
      process.stderr.write(`recorded ${file}\n`);
    }
  });
  fs.rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
