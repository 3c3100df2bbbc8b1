import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import type { RecordedRun } from './hand-off-evidence';

/**
 * The histories today's code recorded (test/histories/<type>__<id>.binpb). Older code's
 * (legacy/) and sealed ones (encrypted/) are left out: they say what the code did, not does.
 */
export function readRecordedRuns(dir: string): RecordedRun[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.binpb'))
    .sort()
    .map((f) => ({
      workflowType: f.split('__')[0]!,
      events: temporal.api.history.v1.History.decode(fs.readFileSync(path.join(dir, f))).events,
    }));
}
