import { TransientErrorType, TransientFault } from '../contracts/errors';
import type { StoredEvent } from '../ports/event-subscriptions';

/** A listener that does not answer within this is retried, not waited for. */
const LISTENER_TIMEOUT_MS = 10_000;

/**
 * Posts one event to a listener. A 2xx is delivered; a 410 says the listener is gone for good
 * (the caller drops the subscription); anything else, or no answer, is a fault to retry.
 */
export async function postEvent(callback: string, e: StoredEvent): Promise<'delivered' | 'gone'> {
  // Logs name the listener without its query string, which may carry the listener's own secret.
  const where = callback.split('?')[0];
  let status: number;
  try {
    const res = await fetch(callback, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(e.envelope),
      signal: AbortSignal.timeout(LISTENER_TIMEOUT_MS),
      redirect: 'error',
    });
    status = res.status;
    await res.body?.cancel();
  } catch (err) {
    throw new TransientFault(TransientErrorType.SystemUnavailable, `listener ${where} unreachable: ${String(err)}`);
  }
  if (status === 410) return 'gone';
  if (status >= 200 && status < 300) return 'delivered';
  throw new TransientFault(TransientErrorType.SystemUnavailable, `listener ${where} answered ${status}`);
}
