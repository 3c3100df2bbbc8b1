import os from 'node:os';

/** The command was stopped by SIGINT or SIGTERM: it exits 128 + the signal's number (130, 143). */
export class Interrupted extends Error {
  readonly exitCode: number;
  constructor(readonly signal: 'SIGINT' | 'SIGTERM') {
    super(`${signal} received: stopped before the end`);
    this.name = 'Interrupted';
    this.exitCode = 128 + os.constants.signals[signal];
  }
}

/**
 * Turns the first SIGINT or SIGTERM into `interrupted` (the caller drains and stops in order);
 * a second one means "now": the process exits at once, and its server child dies with it (the
 * watchdog of `spawnSupervised`).
 */
export function onStopSignals(log: (line: string) => void): {
  interrupted: Promise<Interrupted>;
  dispose(): void;
} {
  let first: Interrupted | undefined;
  let resolve: (i: Interrupted) => void = () => undefined;
  const interrupted = new Promise<Interrupted>((r) => (resolve = r));
  const handler = (signal: 'SIGINT' | 'SIGTERM') => {
    if (first) {
      log(`${signal} again: exiting now`);
      process.exit(128 + os.constants.signals[signal]);
    }
    first = new Interrupted(signal);
    log(`${signal} received: draining workers and stopping the Temporal server (again to exit at once)`);
    resolve(first);
  };
  const onInt = () => handler('SIGINT');
  const onTerm = () => handler('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    interrupted,
    dispose() {
      process.removeListener('SIGINT', onInt);
      process.removeListener('SIGTERM', onTerm);
    },
  };
}
