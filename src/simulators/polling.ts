/**
 * How the simulators act on their own, as the outside party they stand for would: `pass` runs
 * now, then `intervalMs` after each pass ends, until `stop`, which waits for the pass under way.
 * A pass that fails (the store closing under it, the server unreachable) is simply retried on
 * the next one. `running` lets a long pass end early once stopped.
 */
export function startPolling(
  pass: (running: () => boolean) => Promise<void>,
  intervalMs: number,
): { stop(): Promise<void> } {
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const loop = () => {
    if (!running) return;
    current = pass(() => running)
      .catch(() => undefined)
      .then(() => {
        if (running) timer = setTimeout(loop, intervalMs);
      });
  };
  loop();
  return {
    async stop() {
      running = false;
      clearTimeout(timer);
      await current;
    },
  };
}
