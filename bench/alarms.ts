import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { createActivitiesByLayer } from '../activities';
import { createSqliteStore } from '../src/adapters/sqlite';
import { type AlarmSurveillanceRequestInput, ingestAlarms } from '../src/assurance/alarm-ingest';
import { taskQueueFor } from '../src/layers';
import type { AlarmEvent } from '../src/ports/alarms';
import { addAlarmTopology, alarmStorm } from '../src/simulators/alarms';
import { runWorkers } from '../src/temporal/workers';
import type { BareAlarmsInput } from './bare/alarms';
import { startBenchCluster } from './cluster';

const intOption = (value: string | undefined, fallback: number, name: string) => {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number`);
  return n;
};

/** Notifications per batch alarm ingest stores and signals. */
const BATCH = 1000;
/** Signals the bare baseline has in flight at once. */
const BARE_CONCURRENCY = 64;
/** Alarms one bare counter workflow takes before the sender moves to the next. */
const SEGMENT = 1_000;

interface HistorySize {
  events: number;
  bytes: number;
}

/** The largest history of a chain of runs (continue-as-new), walked back from the latest. */
async function largestHistory(client: Client, workflowId: string): Promise<HistorySize & { runs: number }> {
  let runId: string | undefined;
  const largest = { events: 0, bytes: 0, runs: 0 };
  for (;;) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    const bytes = temporal.api.history.v1.History.encode(history).finish().length;
    largest.events = Math.max(largest.events, events.length);
    largest.bytes = Math.max(largest.bytes, bytes);
    largest.runs++;
    const previous = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    if (!previous) return largest;
    runId = previous;
  }
}

/**
 * `npm run bench -- alarms`: an alarm storm of N notifications over a generated topology,
 * through alarm ingest (batches in the store, one signal per batch) and survey & analysis
 * (1.A.3.3.1) into root causes — against the naive bare-Temporal design, one signal per
 * alarm to a workflow that only counts. Same server, same worker, interleaved round by round
 * after a warm-up; each round storms a region of its own.
 */
export async function runAlarmsBench(opts: Record<string, string | undefined>): Promise<void> {
  const alarms = intOption(opts['alarms'], 100_000, 'alarms');
  const resources = intOption(opts['resources'], 3_000, 'resources');
  const rounds = intOption(opts['rounds'], 2, 'rounds');
  const say = (line: string) => process.stderr.write(`${line}\n`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-bench-alarms-'));
  const cluster = await startBenchCluster(dir, say);
  const { client, native, workflowBundle } = cluster;
  const store = createSqliteStore({ filename: path.join(dir, 'etom.db') });
  const prefix = 'bench';
  const taskQueue = taskQueueFor('rmo', prefix);
  const activities = createActivitiesByLayer(store.ports);
  // One worker serves both: the surveillance and the bare counter run on the RM&O queue.
  const worker = await Worker.create({
    connection: native,
    namespace: cluster.namespace,
    taskQueue,
    workflowBundle,
    activities: { ...activities.rmo, noop: async () => undefined },
  });

  /** A storm over a region of its own: nothing of an earlier round is still raised there. */
  const stormFor = (round: number, size: number) => {
    const topo = addAlarmTopology(store.db, resources, `AL${round}`);
    // The storm began a few seconds ago: every alarm is past its transient and missing-information waits.
    return alarmStorm(store.db, topo, size, { seed: 642 + round, at: new Date(Date.now() - 10_000) });
  };
  const timings = { transientWindow: '1 second', missingInfoTimeout: '3 seconds' };

  const etom = async (round: number, events: AlarmEvent[]) => {
    const workflowId = `alarm-surveillance-${round}`;
    const request: AlarmSurveillanceRequestInput = {
      timings,
      troubleIdPrefix: `RT-R${round}`,
      startTroubles: false,
      batchesPerRun: 50,
    };
    const t0 = performance.now();
    const batches = await ingestAlarms(
      { client, alarms: store.ports.alarms, request, workflowId, taskQueuePrefix: prefix, batchSize: BATCH },
      events,
    );
    const ids = batches.map((b) => b.batchId);
    const marks = ids.map(() => '?').join(',');
    const open = store.db.prepare(
      `SELECT (SELECT COUNT(*) FROM alarm_batches WHERE analyzed_at IS NULL AND id IN (${marks}))
            + (SELECT COUNT(*) FROM alarms WHERE analysis IN ('pending', 'waiting') AND batch_id IN (${marks}))`,
    );
    while ((open.pluck().get(...ids, ...ids) as number) > 0) await new Promise((r) => setTimeout(r, 20));
    const seconds = (performance.now() - t0) / 1000;
    const rootCauses = store.db
      .prepare('SELECT COUNT(*) FROM alarm_root_causes WHERE id LIKE ?')
      .pluck()
      .get(`RT-R${round}-%`) as number;
    const history = await largestHistory(client, workflowId);
    await client.workflow.getHandle(workflowId).terminate('round over');
    return { seconds, rootCauses, history };
  };

  const bare = async (round: number, events: AlarmEvent[]) => {
    // The naive design, kept within Temporal's limits the only way a signal stream allows: a
    // counter workflow takes SEGMENT alarms, one signal each, and the sender moves on to the next
    // counter (a run cannot continue as new while signals keep arriving, and one run may take at
    // most the server's maximumSignalsPerExecution).
    const segments = Math.ceil(events.length / SEGMENT);
    const t0 = performance.now();
    const handles = await Promise.all(
      Array.from({ length: segments }, (_, k) => {
        const input: BareAlarmsInput = {
          expected: Math.min(SEGMENT, events.length - k * SEGMENT),
          counted: 0,
          perRun: SEGMENT,
        };
        return client.workflow.start('bareAlarms', {
          workflowId: `bare-alarms-${round}-${k}`,
          taskQueue,
          args: [input],
        });
      }),
    );
    let next = 0;
    const sender = async () => {
      while (next < events.length) {
        const i = next++;
        await handles[Math.floor(i / SEGMENT)]!.signal('bareAlarm', events[i]!);
      }
    };
    await Promise.all(Array.from({ length: BARE_CONCURRENCY }, sender));
    const counted = (await Promise.all(handles.map((h) => h.result() as Promise<number>))).reduce((a, b) => a + b, 0);
    if (counted !== events.length) throw new Error(`bare counted ${counted} of ${events.length} alarms`);
    const seconds = (performance.now() - t0) / 1000;
    let history = { events: 0, bytes: 0, runs: 0 };
    for (const h of handles) history = maxHistory(history, await largestHistory(client, h.workflowId));
    return { seconds, history: { ...history, runs: segments } };
  };

  await runWorkers(
    [worker],
    (async () => {
      say('warm-up…');
      const warm = stormFor(0, Math.min(alarms, 5_000)).events;
      await etom(0, warm);
      await bare(0, warm);
      say(`${alarms} alarms over ${resources} resources × ${rounds} rounds (batches of ${BATCH})`);
      let etomSeconds = 0;
      let bareSeconds = 0;
      let storms = 0;
      let rootCauses = 0;
      let failures = 0;
      const largest = { etom: { events: 0, bytes: 0, runs: 0 }, bare: { events: 0, bytes: 0, runs: 0 } };
      for (let r = 1; r <= rounds; r++) {
        const plan = stormFor(r, alarms);
        failures += plan.failures.nodes.length + plan.failures.cards.length + plan.failures.ports.length;
        const rates: Record<string, number> = {};
        // Alternate which goes first, so neither always meets a warmer server.
        for (const which of r % 2 === 1 ? (['etom', 'bare'] as const) : (['bare', 'etom'] as const)) {
          if (which === 'etom') {
            const out = await etom(r, plan.events);
            etomSeconds += out.seconds;
            rootCauses += out.rootCauses;
            rates['etom'] = alarms / out.seconds;
            largest.etom = maxHistory(largest.etom, out.history);
          } else {
            const out = await bare(r, plan.events);
            bareSeconds += out.seconds;
            rates['bare'] = alarms / out.seconds;
            largest.bare = maxHistory(largest.bare, out.history);
          }
        }
        storms += alarms;
        say(`round ${r}: etom ${rates['etom']!.toFixed(0)} alarms/s, bare ${rates['bare']!.toFixed(0)} alarms/s`);
      }
      report({
        alarms: storms,
        etomPerSecond: storms / etomSeconds,
        barePerSecond: storms / bareSeconds,
        rootCauses,
        failures,
        largest,
      });
    })(),
  );
  await cluster.close();
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

const maxHistory = (a: HistorySize & { runs: number }, b: HistorySize & { runs: number }) => ({
  events: Math.max(a.events, b.events),
  bytes: Math.max(a.bytes, b.bytes),
  runs: Math.max(a.runs, b.runs),
});

/** Temporal's hard limits on one run's history. */
const HISTORY_EVENT_LIMIT = 51_200;
const HISTORY_BYTES_LIMIT = 50 * 1024 * 1024;

function report(r: {
  alarms: number;
  etomPerSecond: number;
  barePerSecond: number;
  rootCauses: number;
  failures: number;
  largest: Record<'etom' | 'bare', HistorySize & { runs: number }>;
}): void {
  const reduction = 1 - r.rootCauses / r.alarms;
  const ratio = r.etomPerSecond / r.barePerSecond;
  const hist = (h: HistorySize & { runs: number }) =>
    `${h.events} events / ${(h.bytes / 1024).toFixed(0)} KiB (${h.runs} runs; limits ${HISTORY_EVENT_LIMIT} events / ${HISTORY_BYTES_LIMIT / 1024 / 1024} MiB)`;
  const lines = [
    '',
    `etom (batched, correlated) ${r.etomPerSecond.toFixed(0).padStart(8)} alarms/s`,
    `bare (one signal per alarm) ${r.barePerSecond.toFixed(0).padStart(7)} alarms/s`,
    '',
    `throughput ratio etom/bare: ${ratio.toFixed(2)} (goal ≥ 1.00)`,
    `alarms → root-cause troubles: ${r.alarms} → ${r.rootCauses} (${r.failures} failures injected), reduction ${(reduction * 100).toFixed(2)} % (goal ≥ 95 %)`,
    `largest history etom: ${hist(r.largest.etom)}`,
    `largest history bare: ${hist(r.largest.bare)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  process.stdout.write(`${JSON.stringify({ scenario: 'alarms', ...r, throughputRatio: ratio, reduction })}\n`);
}
