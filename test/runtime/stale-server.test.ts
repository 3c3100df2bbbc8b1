import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { recordServer, serverPidFile, stopStaleServer } from '../../src/runtime/stale-server';

/**
 * The backstop behind the watchdog (#16, item 2): a server whose owner died without stopping it
 * (SIGKILL, which nothing traps) is found by the next start on the same database and stopped,
 * in one line; a live owner's server, or a PID now used by another program, is left alone.
 */
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

function database(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-stale-'));
  dirs.push(dir);
  return path.join(dir, 'temporal.db');
}

/** A stand-in for a server: its own process group, the database on its command line. */
function fakeServer(dbFile: string): ChildProcess {
  const child = spawn('/bin/sh', ['-c', 'sleep 300; :', 'etom-fake-server', dbFile], {
    detached: true,
    stdio: 'ignore',
  });
  children.push(child);
  return child;
}

const deadPid = () => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout);

function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

async function exitOf(child: ChildProcess, ms = 30_000): Promise<NodeJS.Signals | number | null> {
  if (!running(child)) return child.signalCode ?? child.exitCode;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('still running')), ms);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(signal ?? code);
    });
  });
}

describe('a Temporal server left behind on a database', () => {
  it('is stopped by the next start when its owner is dead, with one line naming it', async () => {
    const db = database();
    const server = fakeServer(db);
    fs.writeFileSync(serverPidFile(db), `${server.pid} ${deadPid()}\n`);
    const said: string[] = [];
    await stopStaleServer(db, (l) => said.push(l));
    expect(await exitOf(server)).toBe('SIGKILL');
    expect(said).toEqual([`stopping the Temporal server (PID ${server.pid}) an earlier run left on ${db}`]);
    expect(fs.existsSync(serverPidFile(db))).toBe(false);
  });

  it('is left alone while its owner lives, and a recorded PID that is another program is never killed', async () => {
    const db = database();
    const server = fakeServer(db);
    recordServer(db, server.pid!); // owned by this (live) process
    const said: string[] = [];
    await stopStaleServer(db, (l) => said.push(l));
    expect(running(server)).toBe(true);
    expect(fs.existsSync(serverPidFile(db))).toBe(true);

    // Another database's server, recorded here by mistake or a reused PID: not ours to stop.
    const other = fakeServer(database());
    fs.writeFileSync(serverPidFile(db), `${other.pid} ${deadPid()}\n`);
    await stopStaleServer(db, (l) => said.push(l));
    expect(running(other)).toBe(true);
    expect(said).toEqual([]);
    expect(fs.existsSync(serverPidFile(db))).toBe(false);
  });
});
