import { format } from 'node:util';
import { DefaultLogger, type LogEntry, type LogLevel, Runtime } from '@temporalio/worker';

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
    Runtime.install({ logger: new DefaultLogger(level, redacted(writeToStderr)), shutdownSignals: [] });
  } catch {
    // The runtime already exists (a connection was made first): keep its logger.
  }
}

/** What a log entry's metadata must never carry: an activity's task token completes it from outside. */
const SECRET_META = new Set(['taskToken']);

/** The SDK's log function, less the secrets in each entry's metadata. */
export function redacted(write: (entry: LogEntry) => void): (entry: LogEntry) => void {
  return (entry) => {
    if (!entry.meta || !Object.keys(entry.meta).some((k) => SECRET_META.has(k))) return write(entry);
    write({ ...entry, meta: Object.fromEntries(Object.entries(entry.meta).filter(([k]) => !SECRET_META.has(k))) });
  };
}

// As the SDK's default writes: one line on stderr, the metadata inspected.
function writeToStderr({ level, timestampNanos, message, meta }: LogEntry): void {
  const at = new Date(Number(timestampNanos / 1_000_000n)).toISOString();
  process.stderr.write(
    meta === undefined ? `${at} [${level}] ${message}\n` : `${at} [${level}] ${message} ${format(meta)}\n`,
  );
}
