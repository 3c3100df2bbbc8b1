import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir } from '../../src/runtime/data-dir-lock';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const dataDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-lock-'));
  dirs.push(d);
  return d;
};

describe('the data dir lock', () => {
  it('lets one process at a time take a data dir, and names the holder to the next', () => {
    const dir = dataDir();
    const release = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, 'etom.lock'), 'utf8').trim()).toBe(String(process.pid));
    let refused: unknown;
    try {
      lockDataDir(dir);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(DataDirInUseError);
    expect((refused as DataDirInUseError).pid).toBe(process.pid);
    expect((refused as Error).message).toContain(`in use by another etom process (PID ${process.pid})`);
    release();
    expect(fs.existsSync(path.join(dir, 'etom.lock'))).toBe(false);
    lockDataDir(dir)();
  });

  it('refuses a data dir another live process holds, and takes over from a dead one', async () => {
    const dir = dataDir();
    const sleeper = spawn('sleep', ['60']);
    try {
      fs.writeFileSync(path.join(dir, 'etom.lock'), `${sleeper.pid}\n`);
      expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
      expect(() => lockDataDir(dir)).toThrow(`PID ${sleeper.pid}`);
    } finally {
      sleeper.kill('SIGKILL');
      await new Promise((r) => sleeper.once('exit', r));
    }
    // Its holder is gone (a SIGKILL leaves the file): the next one takes the lock.
    const release = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, 'etom.lock'), 'utf8').trim()).toBe(String(process.pid));
    release();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    fs.writeFileSync(path.join(dir, 'etom.lock'), `${dead.stdout}\n`);
    lockDataDir(dir)();
  });
});
