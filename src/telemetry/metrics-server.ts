import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { processMetrics } from '../temporal/process-metrics';

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * `GET /metrics` for a process that runs workers without the API server (`etom worker`): the same
 * Prometheus registry the API serves (src/temporal/process-metrics.ts), on its own port. Nothing
 * else is served; it needs no token, as the API's `/metrics` needs none, and holds no business data.
 */
export async function serveMetrics(port: number, host = '127.0.0.1'): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics here\n');
      return;
    }
    processMetrics.metrics().then(
      (body) => res.writeHead(200, { 'content-type': processMetrics.contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** ETOM_METRICS_PORT (and ETOM_METRICS_HOST, default 127.0.0.1), checked as the CLI checks its ports. */
export function metricsAddressFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): { port: number; host: string } | undefined {
  const raw = env['ETOM_METRICS_PORT'];
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`ETOM_METRICS_PORT must be a port number from 0 to 65535 (got '${raw}')`);
  return { port, host: env['ETOM_METRICS_HOST'] || '127.0.0.1' };
}
