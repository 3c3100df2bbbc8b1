import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError, parse } from '../src/cli/args';
import { loadConfig } from '../src/config';
import { DEMO_FLOWS } from '../src/demo';
import { DEMO_OUTCOMES } from '../src/demo/outcomes';
import type { DemoReporter } from '../src/demo/reporter';
import { withEmbeddedRuntime } from '../src/runtime/embedded';
import { freePort } from '../src/temporal/dev-server';

/**
 * Each demo run N times in a row on one data dir (#16, item 6), as `etom demo` runs it, without
 * a server start per run: one local server, the workers, and the flow again and again. Prints one
 * JSON line: per flow, the runs that ended as designed, whether every run's outcome was the
 * first's, and the duration per run.
 *
 *   npx tsx bench/demos.ts [--runs 100] [--flow fulfilment]   (or `npm run bench -- demos …`)
 */
const quiet: DemoReporter = { step: () => undefined, draw: () => undefined };

/**
 * A run's outcome without what differs by construction from run to run: ids, stamps, dates,
 * amounts, the order of lists (flows run side by side, so their steps interleave) and repeats
 * in them (a supplier is polled as often as its answer takes).
 */
export function outcomeShape(summary: unknown): unknown {
  if (Array.isArray(summary))
    return [...new Set(summary.map((v) => JSON.stringify(outcomeShape(v))))]
      .sort()
      .map((v) => JSON.parse(v) as unknown);
  if (summary && typeof summary === 'object')
    return Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, outcomeShape(v)]));
  if (typeof summary === 'string') return summary.replace(/\d+/g, '#');
  if (typeof summary === 'number') return 'n';
  return summary;
}

/** Where two outcome shapes first part: a path and both values, for a person to read. */
export function firstDifference(a: unknown, b: unknown, at = ''): string | undefined {
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}/${k}`);
      if (d) return d;
    }
  }
  return `${at || '/'}: ${JSON.stringify(a)?.slice(0, 300)} ≠ ${JSON.stringify(b)?.slice(0, 300)}`;
}

const digest = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 12);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export async function runDemosBench(opts: Record<string, string | undefined>): Promise<void> {
  const runs = Number(opts['runs'] ?? '100');
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--runs must be a positive integer`);
  const flows = opts['flow'] ? [opts['flow']] : Object.keys(DEMO_FLOWS);
  for (const f of flows) if (!DEMO_FLOWS[f]) throw new UsageError(`unknown flow '${f}'`);
  const results: Record<string, unknown> = {};
  for (const name of flows) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `etom-bench-demos-${name}-`));
    const cfg = {
      ...loadConfig({ ...process.env, TEMPORAL_ADDRESS: undefined }),
      dataDir,
      temporalPort: await freePort(),
      temporalUiPort: await freePort(),
    };
    const durations: number[] = [];
    const shapes = new Map<string, number>();
    const deviations: string[] = [];
    let first: string | undefined;
    let firstShape: unknown;
    const differences: string[] = [];
    let asDesigned = 0;
    try {
      await withEmbeddedRuntime(cfg, { ui: false }, async (rt) => {
        for (let run = 1; run <= runs; run++) {
          const started = performance.now();
          const summary = await DEMO_FLOWS[name]!(rt, quiet);
          durations.push(performance.now() - started);
          const off = DEMO_OUTCOMES[name]?.(summary) ?? [];
          if (off.length === 0) asDesigned++;
          else if (deviations.length < 3) deviations.push(`run ${run}: ${off.join('; ')}`);
          const shaped = outcomeShape(summary);
          const shape = digest(shaped);
          first ??= shape;
          firstShape ??= shaped;
          if (shape !== first && differences.length < 3)
            differences.push(`run ${run}: ${firstDifference(firstShape, shaped)}`);
          shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
          process.stderr.write(
            `${name} run ${run}/${runs}: ${Math.round(durations.at(-1)!)} ms, ${off.length ? 'NOT as designed' : 'as designed'}, outcome ${shape}\n`,
          );
        }
      });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    const sorted = [...durations].sort((a, b) => a - b);
    results[name] = {
      runs,
      asDesigned,
      identicalOutcome: shapes.size === 1,
      outcomes: Object.fromEntries(shapes),
      firstOutcome: first,
      msPerRun: {
        p50: Math.round(percentile(sorted, 50)),
        p95: Math.round(percentile(sorted, 95)),
        max: Math.round(sorted.at(-1) ?? 0),
      },
      deviations,
      differences,
    };
  }
  process.stdout.write(`${JSON.stringify({ bench: 'demos', runs, flows: results })}\n`);
}

if (require.main === module) {
  const { values } = parse(process.argv.slice(2), { runs: { type: 'string' }, flow: { type: 'string' } });
  runDemosBench(values).then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`bench demos: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
      process.exit(err instanceof UsageError ? 2 : 1);
    },
  );
}
