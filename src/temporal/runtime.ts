import { DefaultLogger, type LogLevel, Runtime } from '@temporalio/worker';

let installed = false;

/**
 * Worker logs at WARN unless ETOM_LOG_LEVEL says otherwise: a demo or a test run shows what the
 * processes do, not every poller state change. The SDK's runtime is set up once per process,
 * before the first connection, so call this first.
 */
export function installTemporalRuntime(): void {
  if (installed) return;
  installed = true;
  const level = (process.env['ETOM_LOG_LEVEL'] ?? 'WARN').toUpperCase() as LogLevel;
  try {
    // Shutdown on Ctrl-C is ours to order (workers, then connections, then the server).
    Runtime.install({ logger: new DefaultLogger(level), shutdownSignals: [] });
  } catch {
    // The runtime already exists (a connection was made first): keep its logger.
  }
}
