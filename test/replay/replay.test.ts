import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH, preloadModules } from '../../src/temporal/bundle';
import * as workflows from '../../workflows';

/**
 * Determinism: histories recorded from real runs (scripts/record-histories.ts) replay
 * against today's workflow code. A change that would break running workflows fails here.
 * `legacy/` keeps histories written by earlier code on purpose (the recorder leaves them):
 * each proves a versioned change (patched) still replays the runs made before it.
 */
const dir = path.resolve(__dirname, '../histories');
const binpb = (d: string) =>
  fs
    .readdirSync(d)
    .filter((f) => f.endsWith('.binpb'))
    .map((f) => path.join(d, f));
const files = [...binpb(dir), ...binpb(path.join(dir, 'legacy'))].sort();

/**
 * Every workflow the workers register (workflows/index.ts) must have a recorded history: a
 * workflow added without one fails here. Importing the module only lists the functions.
 */
const EXPECTED = Object.entries(workflows)
  .filter(([, v]) => typeof v === 'function')
  .map(([name]) => name)
  .sort();

describe('recorded histories replay against the current workflow code', () => {
  it('covers every workflow type of the flows', () => {
    const types = new Set(files.filter((f) => path.dirname(f) === dir).map((f) => path.basename(f).split('__')[0]));
    for (const t of EXPECTED) expect(types.has(t), `test/histories/${t}__<workflow id>.binpb`).toBe(true);
  });

  it('replays every one without a nondeterminism error', async () => {
    const histories = files.map((f) => ({
      workflowId: decodeURIComponent(path.basename(f, '.binpb').split('__')[1] ?? ''),
      history: temporal.api.history.v1.History.decode(fs.readFileSync(f)),
    }));
    const results = [];
    for await (const r of Worker.runReplayHistories(
      // With the interceptors the workers run: the summaries they add must not change a command.
      // And with their preloaded modules: all the histories replay in one context sharing one
      // evaluation of the graph, so state one run left at module scope would fail a later one.
      {
        workflowsPath: WORKFLOWS_PATH,
        interceptors: { workflowModules: WORKFLOW_INTERCEPTOR_MODULES },
        bundlerOptions: { preloadModules: preloadModules(WORKFLOWS_PATH, WORKFLOW_INTERCEPTOR_MODULES) },
      },
      histories,
    ))
      results.push(r);
    expect(results).toHaveLength(histories.length);
    for (const r of results) expect(r.error, r.workflowId).toBeUndefined();
  }, 300_000);
});
