import { type ChildProcess, spawn } from 'node:child_process';
import os from 'node:os';

/** How a supervised child ended: its exit code, or the signal that ended it. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when this process asked it to stop (`stop()`, `kill()`): anything else is a crash. */
  expected: boolean;
}

export interface SupervisedChild {
  /** The leader of the child's process group (the watchdog shell on POSIX, else the child itself). */
  readonly pid: number;
  /** Resolves once the child has exited, for whatever reason. */
  readonly exited: Promise<ChildExit>;
  /** Asks the child to stop (SIGTERM), and kills its whole group after `graceMs`. */
  stop(graceMs?: number): Promise<ChildExit>;
  /** Kills the child's whole group at once, synchronously (the last resort, from an 'exit' handler). */
  kill(): void;
  /** The last lines the child wrote on stderr (for the one line that says why it ended). */
  stderrTail(): string[];
}

/**
 * The watchdog: the child runs under a shell that also reads fd 3, a pipe whose other end only
 * this process holds. When this process dies, however it dies (SIGKILL included, which no
 * handler sees), the kernel closes that end, the read sees EOF, and the shell stops the child:
 * the child dies with its parent. `stop()` closes the pipe the same way. The shell's exit code is
 * the child's (128 + n for a signal), and the whole group runs apart from ours, so a Ctrl-C in
 * the terminal reaches this process only, which stops things in order (workers first).
 */
const WATCHDOG = [
  'exec 3<&0',
  '"$@" </dev/null &',
  'child=$!',
  // The sleep holds none of our pipes: a grace period must not keep the parent's stderr pipe open.
  '( while read -r _ <&3; do :; done; kill -TERM "$child" 2>/dev/null; sleep 20 </dev/null >/dev/null 2>&1; kill -KILL "$child" 2>/dev/null ) &',
  'watch=$!',
  'exec 3<&-',
  'wait "$child"',
  'code=$?',
  'kill "$watch" 2>/dev/null',
  'exit "$code"',
].join('\n');

const TAIL = 20;

/**
 * Starts `command` so that it never outlives this process: in its own process group under the
 * watchdog above (POSIX), its group killed on this process's 'exit' too (a faster path than the
 * pipe when Node exits on its own). On Windows, where there is neither, the child is killed on
 * 'exit' only.
 */
export function spawnSupervised(
  command: string,
  args: readonly string[],
  /** The child's environment (this process's by default): secrets go here, never in `args`. */
  opts: { env?: NodeJS.ProcessEnv; onStderrLine?: (line: string) => void } = {},
): SupervisedChild {
  const posix = os.platform() !== 'win32';
  const child: ChildProcess = posix
    ? spawn('/bin/sh', ['-c', WATCHDOG, 'etom-watchdog', command, ...args], {
        detached: true,
        stdio: ['pipe', 'ignore', 'pipe'],
        env: opts.env ?? process.env,
      })
    : spawn(command, [...args], { stdio: ['ignore', 'ignore', 'pipe'], env: opts.env ?? process.env });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${command}`);
  const tail: string[] = [];
  let partial = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    const said = lines.filter((l) => l.trim());
    if (opts.onStderrLine) said.forEach(opts.onStderrLine);
    tail.push(...said);
    tail.splice(0, Math.max(0, tail.length - TAIL));
  });
  let asked = false;
  const killGroup = () => {
    try {
      if (posix) process.kill(-pid, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  };
  const onParentExit = () => {
    if (child.exitCode === null && child.signalCode === null) killGroup();
  };
  process.once('exit', onParentExit);
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => {
      process.removeListener('exit', onParentExit);
      // Nothing more to read: a straggler holding the pipe must not keep this process alive.
      child.stderr?.destroy();
      child.stdin?.destroy();
      // The shell reports a child killed by signal n as 128 + n.
      const bySignal =
        code !== null && code > 128
          ? (Object.entries(os.constants.signals).find(([, n]) => n === code - 128)?.[0] as NodeJS.Signals | undefined)
          : undefined;
      resolve({ code: bySignal ? null : code, signal: bySignal ?? signal, expected: asked });
    });
  });
  return {
    pid,
    exited,
    stderrTail: () => [...tail, ...(partial ? [partial] : [])],
    kill() {
      asked = true;
      killGroup();
    },
    async stop(graceMs = 15_000) {
      asked = true;
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      if (posix) child.stdin?.end();
      else child.kill('SIGTERM');
      const timer = setTimeout(killGroup, graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** "code 1" or "killed by SIGKILL": how a child ended, for a person. */
export function describeExit(exit: Pick<ChildExit, 'code' | 'signal'>): string {
  return exit.signal ? `killed by ${exit.signal}` : `code ${exit.code ?? '?'}`;
}
