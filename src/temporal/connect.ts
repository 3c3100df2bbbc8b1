import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { type CodecKey, codecDataConverter } from './codec';
import { CLIENT_INTERCEPTORS } from './summaries';

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

/**
 * The client every command of the project uses: its interceptors (the summaries and tracing a
 * workflow started from it carries) and its data converter (payloads sealed when codec keys are
 * configured, #16). One place, so that no command starts a workflow the Web UI cannot summarise
 * or reads a sealed payload it cannot open.
 */
export function projectClient(
  connection: Connection,
  cfg: { readonly namespace: string; readonly codecKeys?: readonly CodecKey[] | undefined },
): Client {
  return new Client({
    connection,
    namespace: cfg.namespace,
    interceptors: CLIENT_INTERCEPTORS,
    dataConverter: codecDataConverter(cfg.codecKeys),
  });
}
