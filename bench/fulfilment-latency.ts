import type { Client } from '@temporalio/client';
import type { TreeShape } from './bare/tree';
import { meanProfile, profileLines, profileOf } from './profile';
import { percentile } from './stats';

/** One order or one bare tree, from the client's start request to its result. */
export interface Run {
  ms: number;
  workflowId: string;
}

/** What both modes of the fulfilment benchmark measure with, set up once per run. */
export interface FulfilmentFlow {
  client: Client;
  realOrder(): Promise<Run>;
  bare(): Promise<Run>;
  shape: TreeShape;
  perOrder: number;
  say(line: string): void;
}

interface Latency {
  count: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
}

function latency(runs: Run[]): Latency {
  const sorted = runs.map((r) => r.ms).sort((a, b) => a - b);
  return {
    count: sorted.length,
    meanMs: sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1),
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
  };
}

/**
 * `--concurrency C`: orders in batches of C at a time (one at a time with 1), each batch
 * followed or preceded by a batch of as many bare trees, the sides alternating etom-bare,
 * bare-etom so that neither always meets a warmer server or a quieter machine. Reports the
 * single-order p50 and p95 of each side and their ratios; `--profile` then reads every
 * flow's histories and shows where the wall time went on each side.
 */
export async function runSingleOrders(
  flow: FulfilmentFlow,
  opts: { orders: string | undefined; concurrency: number; profile: boolean },
): Promise<void> {
  const orders = opts.orders === undefined ? 30 : Number(opts.orders);
  const c = opts.concurrency;
  const batches = Math.ceil(orders / c);
  flow.say(`${batches * c} orders and as many bare trees, ${c} at a time, interleaved`);
  const etom: Run[] = [];
  const bare: Run[] = [];
  const batch = (one: () => Promise<Run>) => Promise.all(Array.from({ length: c }, one));
  for (let i = 0; i < batches; i++) {
    const sides = i % 2 === 0 ? (['etom', 'bare'] as const) : (['bare', 'etom'] as const);
    for (const side of sides) {
      if (side === 'etom') etom.push(...(await batch(flow.realOrder)));
      else bare.push(...(await batch(flow.bare)));
    }
    if ((i + 1) % 5 === 0 || i === batches - 1)
      flow.say(
        `${i + 1}/${batches}: etom p50 ${latency(etom).p50Ms.toFixed(0)} ms, bare ${latency(bare).p50Ms.toFixed(0)} ms`,
      );
  }
  const e = latency(etom);
  const b = latency(bare);
  const row = (name: string, s: Latency) =>
    `${name.padEnd(6)} ${s.count.toString().padStart(6)} ${s.meanMs.toFixed(0).padStart(8)} ${s.p50Ms.toFixed(0).padStart(8)} ${s.p95Ms.toFixed(0).padStart(8)}`;
  const lines = [
    '',
    `${'flow'.padEnd(6)} ${'orders'.padStart(6)} ${'mean ms'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}`,
    row('etom', e),
    row('bare', b),
    '',
    `concurrency ${c}: p50 ratio etom/bare ${(e.p50Ms / b.p50Ms).toFixed(2)}, p95 ratio ${(e.p95Ms / b.p95Ms).toFixed(2)} (goal ≤ 1.15)`,
    // Steadier than the ratio on a loaded machine: load stretches both sides' round trips.
    `mean etom − bare: ${(e.meanMs - b.meanMs).toFixed(0)} ms`,
  ];
  if (opts.profile) {
    flow.say('reading histories…');
    const pe = meanProfile(await Promise.all(etom.map((r) => profileOf(flow.client, r.workflowId))));
    const pb = meanProfile(await Promise.all(bare.map((r) => profileOf(flow.client, r.workflowId))));
    lines.push(...profileLines(pe, pb, { etom: e.meanMs, bare: b.meanMs }));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  process.stdout.write(
    `${JSON.stringify({ scenario: 'fulfilment', concurrency: c, etom: e, bare: b, p50Ratio: e.p50Ms / b.p50Ms, p95Ratio: e.p95Ms / b.p95Ms, meanDiffMs: e.meanMs - b.meanMs })}\n`,
  );
}
