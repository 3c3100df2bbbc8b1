import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

/**
 * The chaos benchmark's workers: `etom worker` processes, as an operator runs them, each
 * serving the four layers, so one can be SIGKILLed while the other goes on. A process that
 * dies is started again (the benchmark's kills, or a crash of its own, which it counts).
 */
export interface WorkerPool {
  /** SIGKILLs one process at random and starts its replacement; resolves with ms until the replacement polls. */
  killOne(): Promise<number>;
  /** Processes that died without being killed by the pool. */
  crashes(): number;
  /** Waits until every process polls. */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

const BIN = path.resolve(__dirname, '../bin/etom.cjs');

interface Slot {
  child: ChildProcess;
  polling: Promise<void>;
  killed: boolean;
  /** The last lines it wrote, shown when it dies on its own. */
  tail: string[];
}

export function startWorkerPool(opts: {
  size: number;
  env: NodeJS.ProcessEnv;
  say: (line: string) => void;
  random?: () => number;
}): WorkerPool {
  const random = opts.random ?? Math.random;
  let crashes = 0;
  let stopping = false;
  const slots: Slot[] = [];

  const launch = (i: number): Slot => {
    const child = spawn(process.execPath, [BIN, 'worker'], { env: opts.env, stdio: ['ignore', 'ignore', 'pipe'] });
    const slot: Slot = { child, killed: false, tail: [], polling: Promise.resolve() };
    slot.polling = new Promise<void>((resolve, reject) => {
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (chunk: string) => {
        for (const line of chunk.split('\n').filter(Boolean)) {
          slot.tail = [...slot.tail.slice(-19), line];
          if (line.startsWith('workers polling')) resolve();
        }
      });
      child.once('exit', (code, signal) => {
        reject(new Error(`worker ${i} exited (${signal ?? code}) before polling: ${slot.tail.slice(-3).join(' | ')}`));
        if (stopping || slot.killed) return;
        crashes++;
        opts.say(`worker ${i} died on its own (${signal ?? code}): ${slot.tail.slice(-3).join(' | ')}; restarting it`);
        // Not at once: a worker that cannot reach the server (being restarted) would spin.
        setTimeout(() => {
          if (!stopping && slots[i] === slot) slots[i] = launch(i);
        }, 1000);
      });
    });
    slot.polling.catch(() => undefined); // awaited by ready()/killOne(); an exit is reported above
    return slot;
  };
  for (let i = 0; i < opts.size; i++) slots.push(launch(i));

  return {
    async killOne() {
      const i = Math.floor(random() * slots.length);
      const victim = slots[i]!;
      victim.killed = true;
      if (victim.child.exitCode === null && victim.child.signalCode === null) {
        const exited = new Promise((r) => victim.child.once('exit', r));
        victim.child.kill('SIGKILL');
        await exited;
      }
      const t0 = performance.now();
      slots[i] = launch(i);
      await slots[i]!.polling;
      return performance.now() - t0;
    },
    crashes: () => crashes,
    async ready() {
      await Promise.all(slots.map((s) => s.polling));
    },
    async stop() {
      stopping = true;
      await Promise.all(
        slots.map(
          (s) =>
            new Promise<void>((resolve) => {
              if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
              s.child.once('exit', () => resolve());
              s.child.kill('SIGKILL'); // the audit has what it needs; nothing of theirs is left to drain
            }),
        ),
      );
    },
  };
}
