import fs from 'node:fs';
import path from 'node:path';

/** Why a data dir could not be taken: another live process holds it. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `the data dir ${dataDir} is in use by another etom process (PID ${pid}): stop it, or set ETOM_DATA_DIR to another directory, or TEMPORAL_ADDRESS to use its server`,
    );
    this.name = 'DataDirInUseError';
  }
}

const LOCK_FILE = 'etom.lock';

/** Whether a process lives (EPERM: it does, as another user's). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but is another user's.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the data dir for this process, so that two `etom dev` (or a demo beside a dev) never
 * run a Temporal server each on one `temporal.db`, which stalls every flow in both. The lock is
 * a file holding the holder's PID, created exclusively; a lock whose holder has died (a crash, a
 * SIGKILL) is taken over. Returns the release, which removes the file only if it is still ours.
 */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return () => {
        if (holderOf(file) === process.pid) fs.rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = holderOf(file);
      if (holder !== undefined && holder !== process.pid && alive(holder)) throw new DataDirInUseError(dataDir, holder);
      if (holder === process.pid) throw new DataDirInUseError(dataDir, holder);
      // The holder is gone: the lock is stale. Remove it and try again (another may win the race).
      fs.rmSync(file, { force: true });
    }
  }
  throw new DataDirInUseError(dataDir, holderOf(file) ?? -1);
}

function holderOf(file: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
