import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = path.resolve(__dirname, '../../bin/etom.cjs');

/**
 * `etom audit` on a PostgreSQL enterprise store (#14) audits that store (its checks on both
 * stores: test/audit/store-checks.test.ts; the command end to end: test/audit/audit-postgres.workflow.test.ts).
 * A store it cannot read stops it before it reports anything, in one line naming the store
 * without its password: checked before it connects to Temporal, so no server is needed.
 */
describe('etom audit with ETOM_STORE_URL', () => {
  it('stops on an unreachable store in one line, naming it without its password', () => {
    const r = spawnSync(process.execPath, [bin, 'audit'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, ETOM_STORE_URL: 'postgres://etom:s3cret-pw@127.0.0.1:1/etom' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^etom audit: no enterprise store readable at postgres:\/\/etom:\*\*\*@127\.0\.0\.1:1\/etom: .*ECONNREFUSED/,
      ),
    ]);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain('s3cret-pw');
  });
});
