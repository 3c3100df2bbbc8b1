import fs from 'node:fs';
import path from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { HistorySource } from '../../src/trace/history';

/**
 * The recorded histories (scripts/record-histories.ts, today's and legacy/), by workflow id: a
 * few runs of each workflow type, so some of a tree is absent, as a history past its retention
 * would be. The order below was recorded on 2026-11-29 with its tree, now in legacy/: a trace
 * reads older code's histories as well as today's.
 */
const dir = path.resolve(__dirname, '../histories');
export const recorded = new Map(
  [dir, path.join(dir, 'legacy')].flatMap((d) =>
    fs
      .readdirSync(d)
      .filter((f) => f.endsWith('.binpb'))
      .map(
        (f) =>
          [
            decodeURIComponent(path.basename(f, '.binpb').split('__')[1] ?? ''),
            temporal.api.history.v1.History.decode(fs.readFileSync(path.join(d, f))),
          ] as const,
      ),
  ),
);

/** A trace's history source that reads the recorded files instead of a server. */
export const recordedSource: HistorySource = {
  history: async (workflowId) => {
    const h = recorded.get(workflowId);
    if (!h) throw new WorkflowNotFoundError('not recorded', workflowId, undefined);
    return h;
  },
};

/** The fibre order of a won campaign lead: its tree reaches all four layers. */
export const RECORDED_ORDER = 'CAMP-261129032753.LD-000001.order';
