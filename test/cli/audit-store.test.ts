import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = path.resolve(__dirname, '../../bin/etom.cjs');

/**
 * `etom audit` on a PostgreSQL enterprise store (#14): its store checks read SQLite, so it says
 * so (exit 1) rather than audit a stale or absent SQLite file and report a clean system. Checked
 * before it connects to anything, so no server is needed; the password never reaches the message.
 */
describe('etom audit with ETOM_STORE_URL', () => {
  it('refuses in one line, naming the store without its password', () => {
    const r = spawnSync(process.execPath, [bin, 'audit'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, ETOM_STORE_URL: 'postgres://etom:s3cret-pw@127.0.0.1:1/etom' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^etom audit: the enterprise store is on PostgreSQL \(postgres:\/\/etom:\*\*\*@127\.0\.0\.1:1\/etom\), and the audit's store checks read SQLite only so far/,
      ),
    ]);
    expect(r.stderr).not.toContain('s3cret-pw');
  });
});
