import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';

/** Why the project could not reach Temporal, in one line a user can act on (no transport dump). */
export class TemporalUnreachableError extends Error {
  constructor(
    readonly address: string,
    cause: unknown,
  ) {
    const why = (cause instanceof Error ? cause.message : String(cause))
      .split('\n')[0]!
      .replace(/tonic::transport::Error\(.*$/, '')
      .trim();
    super(
      `cannot reach Temporal at ${address}: start \`etom dev\`, or set TEMPORAL_ADDRESS to a running server${why ? ` (${why})` : ''}`,
      { cause },
    );
    this.name = 'TemporalUnreachableError';
  }
}

/** A client connection to `address`, or a TemporalUnreachableError. */
export function connectClient(address: string): Promise<Connection> {
  return Connection.connect({ address }).catch((err: unknown) => {
    throw new TemporalUnreachableError(address, err);
  });
}

/** A worker connection to `address`, or a TemporalUnreachableError. */
export function connectWorker(address: string): Promise<NativeConnection> {
  return NativeConnection.connect({ address }).catch((err: unknown) => {
    throw new TemporalUnreachableError(address, err);
  });
}
