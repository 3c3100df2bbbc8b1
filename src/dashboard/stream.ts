import type { Client } from '@temporalio/client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Flow, flowQuery, listFlows } from './flows';

/** What makes a flow worth telling again: it started, moved (state, layer) or closed. */
const signature = (f: Flow) => `${f.status}|${f.state ?? ''}|${f.layer ?? ''}|${f.customerId ?? ''}`;

export interface FlowWatchOptions {
  client: Client;
  taskQueuePrefix: string;
  intervalMs?: number;
  /** How far back a poll looks for closed flows, beyond the last poll (visibility lags a little). */
  closedLookbackMs?: number;
  onError?: (err: unknown) => void;
}

/**
 * One poller per server, however many pages listen: every `intervalMs` it lists the running
 * flows and those closed since the last poll, compares them with what it saw, and tells every
 * listener each flow that started, moved or closed. It runs only while someone listens.
 */
export class FlowWatch {
  private readonly listeners = new Set<(f: Flow) => void>();
  private readonly seen = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private primed = false;
  private lastPoll = 0;
  readonly intervalMs: number;

  constructor(private readonly opts: FlowWatchOptions) {
    this.intervalMs = opts.intervalMs ?? 1000;
  }

  get listening(): number {
    return this.listeners.size;
  }

  /** Adds a listener (starting the poller if it was idle); the function returned removes it. */
  listen(listener: (f: Flow) => void): () => void {
    this.listeners.add(listener);
    if (!this.timer) {
      this.primed = false;
      this.seen.clear();
      this.timer = setInterval(() => void this.poll(), this.intervalMs);
      void this.poll();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async poll(): Promise<void> {
    // A slow visibility store: the next tick waits for this one rather than piling up.
    if (this.polling) return;
    this.polling = true;
    const now = Date.now();
    const since = new Date((this.lastPoll || now) - (this.opts.closedLookbackMs ?? 5000)).toISOString();
    try {
      const prefix = this.opts.taskQueuePrefix;
      const [running, closed] = await Promise.all([
        listFlows(this.opts.client, flowQuery(prefix, {}, `ExecutionStatus = 'Running'`), 1000),
        listFlows(this.opts.client, flowQuery(prefix, {}, `CloseTime > '${since}'`), 1000),
      ]);
      this.lastPoll = now;
      const current = new Map<string, Flow>();
      for (const f of [...running.flows, ...closed.flows]) {
        // A flow that closed between the two lists shows in both: its closed self wins.
        const before = current.get(f.workflowId);
        if (!before || before.status === 'running') current.set(f.workflowId, f);
      }
      for (const f of current.values()) {
        const sig = signature(f);
        if (this.seen.get(f.workflowId) === sig) continue;
        this.seen.set(f.workflowId, sig);
        // The first poll learns what already runs; only changes after it are news.
        if (this.primed) for (const l of this.listeners) l(f);
      }
      // Closed flows past the look-back are forgotten: they cannot change any more.
      for (const id of this.seen.keys()) if (!current.has(id)) this.seen.delete(id);
      this.primed = true;
    } catch (err) {
      this.opts.onError?.(err);
    } finally {
      this.polling = false;
    }
  }
}

/** Every 15 s a comment line, so proxies keep the stream open. */
const KEEP_ALIVE_MS = 15_000;

/** GET /dashboard/api/flows/stream: server-sent `flow` events until the client goes. */
export function streamFlows(watch: FlowWatch, request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write(': flows\n\n');
  const stop = watch.listen((f) => res.write(`event: flow\ndata: ${JSON.stringify(f)}\n\n`));
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS).unref();
  request.raw.on('close', () => {
    clearInterval(keepAlive);
    stop();
  });
}
