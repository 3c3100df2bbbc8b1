import autocannon from 'autocannon';

/** One load run: what to send, how many connections, and for how long or how many requests. */
export interface LoadJob {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** `[<id>]` in it is replaced by a fresh id per request (a new order each time). */
  body?: string;
  connections: number;
  seconds?: number;
  amount?: number;
}

export interface LoadResult {
  /** Each response's latency, ms. */
  latencies: number[];
  /** Responses by status code. */
  statuses: Record<string, number>;
  seconds: number;
}

/**
 * The load generator runs in a process of its own (forked by bench/api.ts), so its event
 * loop does not share the server's: both sides of the comparison are driven alike.
 */
function run(job: LoadJob): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: job.url,
        method: job.method,
        headers: job.headers,
        ...(job.body === undefined ? {} : { body: job.body, idReplacement: true }),
        connections: job.connections,
        ...(job.amount === undefined ? { duration: job.seconds ?? 5 } : { amount: job.amount }),
        timeout: 30,
      },
      (err) => (err ? reject(err) : resolve({ latencies, statuses, seconds: (performance.now() - t0) / 1000 })),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      latencies.push(ms);
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
  });
}

if (process.send) {
  process.on('message', (job: LoadJob) => {
    run(job).then(
      (result) => process.send!({ result }),
      (err: unknown) => process.send!({ error: err instanceof Error ? err.message : String(err) }),
    );
  });
}
