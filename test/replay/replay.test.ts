import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../../src/temporal/bundle';
import * as workflows from '../../workflows';

/**
 * Determinism: histories recorded from real runs (scripts/record-histories.ts) replay
 * against today's workflow code. A change that would break running workflows fails here.
 */
const dir = path.resolve(__dirname, '../histories');
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.binpb'))
  .sort();

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
    const types = new Set(files.map((f) => f.split('__')[0]));
    for (const t of EXPECTED) expect(types.has(t), `test/histories/${t}__<workflow id>.binpb`).toBe(true);
  });

  it('replays every one without a nondeterminism error', async () => {
    const histories = files.map((f) => ({
      workflowId: decodeURIComponent(f.replace(/\.binpb$/, '').split('__')[1] ?? ''),
      history: temporal.api.history.v1.History.decode(fs.readFileSync(path.join(dir, f))),
    }));
    const results = [];
    for await (const r of Worker.runReplayHistories({ workflowsPath: WORKFLOWS_PATH }, histories)) results.push(r);
    expect(results).toHaveLength(histories.length);
    for (const r of results) expect(r.error, r.workflowId).toBeUndefined();
  }, 120_000);
});
