import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { migrate, openPool } from '../../src/adapters/postgres/database';
import { startPostgres } from '../../src/cluster/postgres';
import { POSTGRES_TEMPLATE } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The unit project's throwaway PostgreSQL server: its data dir, for `postgresAt`. */
    postgresDataDir: string;
  }
}

/**
 * One throwaway PostgreSQL server (Debian's binaries, a free loopback port, its data in a temp
 * dir) for the unit project's whole run, and a template database at the latest schema. Each test
 * then copies the template into a database of its own: a `CREATE DATABASE … TEMPLATE` is a file
 * copy, where starting a server per file and migrating per test cost seconds each. Not
 * installed is a failure of the run, never a skip.
 */
export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-test-pg-'));
  fs.chmodSync(dir, 0o755); // as root, PostgreSQL runs as the postgres user
  const pg = await startPostgres({ dataDir: path.join(dir, 'pg'), throwaway: true });
  try {
    pg.ensureDatabase(POSTGRES_TEMPLATE);
    const pool = openPool(pg.url(POSTGRES_TEMPLATE), 1);
    try {
      await migrate(pool);
    } finally {
      await pool.end();
    }
  } catch (err) {
    pg.stop();
    throw err;
  }
  project.provide('postgresDataDir', pg.dataDir);
  return () => {
    pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
