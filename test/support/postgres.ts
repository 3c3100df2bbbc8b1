import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type RunningPostgres, startPostgres } from '../../src/cluster/postgres';

/**
 * A throwaway PostgreSQL server of this machine (Debian's binaries) for the test file that
 * calls this: started before its tests on a free loopback port, its data in a temp dir, and
 * stopped and removed after them. Not installed is a failure, never a skip.
 */
export function useThrowawayPostgres(): () => RunningPostgres {
  let pg: RunningPostgres | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-test-pg-'));
    fs.chmodSync(dir, 0o755); // as root, PostgreSQL runs as the postgres user
    pg = await startPostgres({ dataDir: path.join(dir, 'pg'), throwaway: true });
  }, 120_000);
  afterAll(() => {
    pg?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => pg!;
}
