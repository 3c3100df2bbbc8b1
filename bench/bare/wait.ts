import { condition, defineSignal, setHandler } from '@temporalio/workflow';

/**
 * The bare baseline of the waiting benchmark: a workflow that waits for one outside party the
 * way the project's do — a signal handler, and `condition` with a timeout (the timer a real
 * wait keeps: a supplier's poll, a repair target, a quote's validity) — and nothing else: no
 * activity, no state, no search attribute. What a cached workflow costs a worker at the least.
 */
export const bareReleaseSignal = defineSignal('bareRelease');

export async function bareWait(timeoutMs: number): Promise<'released' | 'timedOut'> {
  let released = false;
  setHandler(bareReleaseSignal, () => {
    released = true;
  });
  return (await condition(() => released, timeoutMs)) ? 'released' : 'timedOut';
}
