import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from '../../src/temporal/bundle';
import { codecDataConverter, isEncrypted } from '../../src/temporal/codec';
import { loadCodecKeys } from '../../src/temporal/codec-keys';

/**
 * #16: histories recorded with the payload codec (scripts/record-encrypted-histories.ts, sealed
 * with the published test key beside them) replay against today's workflow code through the
 * codec, as a worker with ETOM_CODEC_KEYS would replay them; replay.test.ts replays the plain
 * ones. Both kinds coexist in a deployment that turned encryption on.
 */
const dir = path.resolve(__dirname, '../histories/encrypted');
const keys = loadCodecKeys(`@${path.join(dir, 'codec-keys')}`, dir)!;
const histories = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.binpb'))
  .sort()
  .map((f) => ({
    workflowId: decodeURIComponent(path.basename(f, '.binpb').split('__')[1] ?? ''),
    history: temporal.api.history.v1.History.decode(fs.readFileSync(path.join(dir, f))),
  }));
const options = { workflowsPath: WORKFLOWS_PATH, interceptors: { workflowModules: WORKFLOW_INTERCEPTOR_MODULES } };

async function replay(dataConverter: ReturnType<typeof codecDataConverter>) {
  const results = [];
  for await (const r of Worker.runReplayHistories({ ...options, dataConverter }, histories)) results.push(r);
  return results;
}

describe('histories recorded with the payload codec', () => {
  it('are sealed: every workflow and activity input and result is binary/encrypted', () => {
    expect(histories.map((h) => h.workflowId.split(/[-/]/)[0])).toContain('smoke');
    for (const { workflowId, history } of histories) {
      const payloads = history.events.flatMap((e) => [
        ...(e.workflowExecutionStartedEventAttributes?.input?.payloads ?? []),
        ...(e.activityTaskScheduledEventAttributes?.input?.payloads ?? []),
        ...(e.activityTaskCompletedEventAttributes?.result?.payloads ?? []),
        ...(e.workflowExecutionCompletedEventAttributes?.result?.payloads ?? []),
      ]);
      expect(payloads.length, workflowId).toBeGreaterThan(0);
      for (const p of payloads) expect(isEncrypted(p), workflowId).toBe(true);
    }
  });

  it('replay with the codec, without a nondeterminism error', async () => {
    const results = await replay(codecDataConverter(keys));
    expect(results.map((r) => r.workflowId)).toEqual(histories.map((h) => h.workflowId));
    for (const r of results) expect(r.error, r.workflowId).toBeUndefined();
  }, 120_000);

  it('do not replay without it: the payloads are unreadable to the plain converter', async () => {
    const results = await replay(codecDataConverter(undefined));
    expect(results).toHaveLength(histories.length);
    for (const r of results) expect(String(r.error), r.workflowId).toMatch(/Unknown encoding: binary\/encrypted/);
  }, 120_000);
});
