import { CancellationScope, isCancellation, proxyActivities, sleep } from '@temporalio/workflow';
import { Saga, type UndoFailure } from '../../../../workflows/shared/saga';

/** One stub activity: the test records each undo and decides which one fails. */
const { undo } = proxyActivities<{ undo(label: string, reason: string): Promise<void> }>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 1 },
});

/** Records an undo per label, oldest first, then compensates: what the saga does on a failure. */
export async function sagaProbe(labels: string[], stopAtFirstFailure = false): Promise<UndoFailure[]> {
  const saga = new Saga<[reason: string]>({ etomId: 'test', businessId: 'probe' });
  for (const label of labels) saga.add(label, (reason) => undo(label, reason));
  return saga.compensate(['step failed'], { continueAfterFailure: () => !stopAtFirstFailure });
}

/** Records the undos, waits to be cancelled, then compensates: the undos must still run. */
export async function sagaProbeCancelled(labels: string[]): Promise<UndoFailure[]> {
  const saga = new Saga<[reason: string]>({ etomId: 'test', businessId: 'probe' });
  for (const label of labels) saga.add(label, (reason) => undo(label, reason));
  try {
    await CancellationScope.cancellable(() => sleep('1 hour'));
    return [];
  } catch (err) {
    if (!isCancellation(err)) throw err;
    await saga.compensate(['cancelled']);
    throw err;
  }
}
