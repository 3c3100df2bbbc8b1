import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { alive } from './data-dir-lock';

/**
 * `<db>.server-pid`: which process group runs a local server on that database, and which etom
 * process started it. The watchdog stops a server whose parent dies; this file is the backstop
 * for when it could not (a watchdog killed along with its parent, an older etom): the next start
 * finds a server its owner left behind on the same database and stops it.
 */
export const serverPidFile = (dbFile: string): string => `${dbFile}.server-pid`;

/**
 * The processes of group `pgid` whose command line names `needle`. The group, not the PID: the
 * watchdog shell may be gone while the server it started lives on in its group.
 */
function groupMembersNaming(pgid: number, needle: string): number[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' });
  if (ps.status !== 0) return [];
  return ps.stdout
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && Number(m[2]) === pgid && m[3]!.includes(needle))
    .map((m) => Number(m[1]));
}

export function recordServer(dbFile: string, serverPid: number): void {
  fs.writeFileSync(serverPidFile(dbFile), `${serverPid} ${process.pid}\n`);
}

export function forgetServer(dbFile: string, serverPid: number): void {
  const file = serverPidFile(dbFile);
  try {
    if (fs.readFileSync(file, 'utf8').split(' ')[0] === String(serverPid)) fs.rmSync(file, { force: true });
  } catch {
    // Nothing recorded.
  }
}

/**
 * Stops the server a dead owner left on `dbFile`, if there is one, and says so in one line.
 * A recorded server whose owner still lives is left alone (the port check then names it); a
 * recorded PID that now belongs to another program (its command line does not name the
 * database) is not ours to kill.
 */
export async function stopStaleServer(dbFile: string, log: (line: string) => void): Promise<void> {
  const file = serverPidFile(dbFile);
  let serverPid: number;
  let ownerPid: number;
  try {
    [serverPid, ownerPid] = fs.readFileSync(file, 'utf8').trim().split(' ').map(Number) as [number, number];
  } catch {
    return;
  }
  if (!Number.isInteger(serverPid) || serverPid <= 0) return fs.rmSync(file, { force: true });
  if (Number.isInteger(ownerPid) && ownerPid > 0 && alive(ownerPid)) return;
  const members = groupMembersNaming(serverPid, dbFile);
  if (members.length) {
    log(`stopping the Temporal server (PID ${members.join(', ')}) an earlier run left on ${dbFile}`);
    try {
      process.kill(-serverPid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
    const deadline = Date.now() + 30_000;
    // Not `kill(pid, 0)`: a killed child nobody has reaped yet still answers it; ps shows it nameless.
    while (groupMembersNaming(serverPid, dbFile).length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
  }
  fs.rmSync(file, { force: true });
}
