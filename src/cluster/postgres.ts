import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, portFree } from '../temporal/dev-server';

/**
 * A PostgreSQL server of this machine's own installation (Debian's), on a loopback port, with
 * its data directory where the caller says: the cluster topology's database, and the tests'
 * throwaway one. Nothing here needs Docker or a system service.
 *
 * `initdb` refuses root, so as root every PostgreSQL program runs as the `postgres` user
 * (Node's spawn `uid`/`gid`), and the data directory is handed to that user.
 */

export interface RunningPostgres {
  host: string;
  port: number;
  user: string;
  /** Kept out of logs: it is in the connection URL only. */
  password: string;
  dataDir: string;
  /** `postgres://user:password@host:port/<database>` */
  url(database: string): string;
  /** One statement through psql; its rows as psql's unaligned text. */
  query(sql: string, database?: string): string;
  /** Creates the database when it does not exist yet. */
  ensureDatabase(name: string): void;
  stop(): void;
}

export interface StartPostgresOptions {
  /** Where the cluster lives; created (initdb) when empty. */
  dataDir: string;
  /** A free loopback port is taken when not given (or when the given one is taken). */
  port?: number;
  /** Tests only: no fsync, for a database thrown away afterwards. */
  throwaway?: boolean;
  log?: (line: string) => void;
}

/** Debian installs one directory per major version: the newest, unless ETOM_PG_BIN names one. */
export function postgresBinDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['ETOM_PG_BIN']) return env['ETOM_PG_BIN'];
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length)
    throw new Error(
      'PostgreSQL is not installed here (no /usr/lib/postgresql/*/bin/initdb): install it (apt-get install postgresql) or set ETOM_PG_BIN',
    );
  return path.join(root, versions[0]!, 'bin');
}

interface Account {
  uid: number;
  gid: number;
}

/** As root, the `postgres` account; otherwise the current user runs PostgreSQL itself. */
function runAs(): Account | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error('running as root, and there is no `postgres` user to run PostgreSQL as (initdb refuses root)');
  }
}

function run(bin: string, args: string[], account: Account | undefined, what: string): string {
  const r = spawnSync(bin, args, { encoding: 'utf8', ...(account ?? {}), timeout: 120_000 });
  if (r.error) throw new Error(`${what}: ${r.error.message}`);
  if (r.status !== 0) {
    const last = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(-3).join(' | ');
    throw new Error(`${what} failed (exit ${r.status}): ${last}`);
  }
  return r.stdout;
}

interface Saved {
  user: string;
  password: string;
  port: number;
}

export async function startPostgres(opts: StartPostgresOptions): Promise<RunningPostgres> {
  const log = opts.log ?? (() => undefined);
  const bin = postgresBinDir();
  const account = runAs();
  const dataDir = path.resolve(opts.dataDir);
  const statePath = `${dataDir}.json`;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (account) fs.chownSync(dataDir, account.uid, account.gid);

  let saved: Saved;
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    saved = { user: 'etom', password: crypto.randomBytes(18).toString('base64url'), port: 0 };
    // The password reaches initdb through a file only its user can read, removed at once.
    const pwdir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-pw-'));
    const pwfile = path.join(pwdir, 'pw');
    fs.writeFileSync(pwfile, `${saved.password}\n`, { mode: 0o600 });
    if (account) [pwdir, pwfile].forEach((f) => fs.chownSync(f, account.uid, account.gid));
    try {
      log(`initdb ${dataDir}`);
      run(
        path.join(bin, 'initdb'),
        [
          '-D',
          dataDir,
          '-U',
          saved.user,
          `--pwfile=${pwfile}`,
          '--auth=scram-sha-256',
          '-E',
          'UTF8',
          '--no-instructions',
        ],
        account,
        `initdb in ${dataDir} (as ${account ? 'the postgres user' : 'this user'}; it must be able to reach the directory)`,
      );
    } finally {
      fs.rmSync(pwdir, { recursive: true, force: true });
    }
  } else {
    saved = JSON.parse(fs.readFileSync(statePath, 'utf8')) as Saved;
  }
  const port = opts.port ?? (saved.port && (await portFree(saved.port)) ? saved.port : await freePort());
  fs.writeFileSync(statePath, JSON.stringify({ ...saved, port }), { mode: 0o600 });

  const serverOptions = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    // TCP only: a socket path inside a deep temp dir can exceed the 107-byte limit.
    "-c unix_socket_directories=''",
    '-c max_connections=200',
    ...(opts.throwaway ? ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'] : []),
  ].join(' ');
  run(
    path.join(bin, 'pg_ctl'),
    ['-D', dataDir, '-l', path.join(dataDir, 'server.log'), '-w', '-t', '60', '-o', serverOptions, 'start'],
    account,
    `starting PostgreSQL on 127.0.0.1:${port}`,
  );
  log(`PostgreSQL ${path.basename(path.dirname(bin))} on 127.0.0.1:${port} (data ${dataDir})`);

  return handle(bin, account, dataDir, saved, port);
}

/** A server already running on a data directory (one that `startPostgres` started). */
export function postgresAt(dataDir: string): RunningPostgres {
  const saved = JSON.parse(fs.readFileSync(`${path.resolve(dataDir)}.json`, 'utf8')) as Saved;
  return handle(postgresBinDir(), runAs(), path.resolve(dataDir), saved, saved.port);
}

function handle(
  bin: string,
  account: Account | undefined,
  dataDir: string,
  saved: Saved,
  port: number,
): RunningPostgres {
  const env = { ...process.env, PGPASSWORD: saved.password };
  const psql = (sql: string, database = 'postgres') =>
    execFileSync(
      path.join(bin, 'psql'),
      [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        saved.user,
        '-d',
        database,
        '-tAq',
        '-v',
        'ON_ERROR_STOP=1',
        '-c',
        sql,
      ],
      { env, encoding: 'utf8' },
    ).trim();
  let stopped = false;
  return {
    host: '127.0.0.1',
    port,
    user: saved.user,
    password: saved.password,
    dataDir,
    url: (database) =>
      `postgres://${saved.user}:${encodeURIComponent(saved.password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    query: psql,
    ensureDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      if (psql(`SELECT 1 FROM pg_database WHERE datname = '${name}'`) !== '1') psql(`CREATE DATABASE ${name}`);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      stopPostgres(dataDir);
    },
  };
}

/** Whether PostgreSQL runs on this data directory now. */
export function postgresRunning(dataDir: string): boolean {
  const account = runAs();
  return (
    spawnSync(path.join(postgresBinDir(), 'pg_ctl'), ['-D', dataDir, 'status'], { ...(account ?? {}) }).status === 0
  );
}

/** Stops the server of a data directory, if it runs (`etom cluster down`, after the starter exited). */
export function stopPostgres(dataDir: string): void {
  if (!postgresRunning(dataDir)) return;
  run(
    path.join(postgresBinDir(), 'pg_ctl'),
    ['-D', dataDir, '-m', 'fast', '-w', 'stop'],
    runAs(),
    'stopping PostgreSQL',
  );
}
