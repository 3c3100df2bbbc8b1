import { loadConfig } from '../config';
import { type ReadinessScheduleInfo, listReadinessSchedules, triggerReadinessNow } from '../readiness/schedules';
import { UsageError, parse } from './args';
import { connectClient, projectClient } from '../temporal/connect';

/** The schedules as `etom schedules` prints them: JSON for scripts, a table for people. */
export function formatSchedules(schedules: ReadinessScheduleInfo[], asJson: boolean): string {
  if (asJson) return `${JSON.stringify(schedules, null, 2)}\n`;
  if (schedules.length === 0) return 'no readiness schedules (etom dev creates them)\n';
  const lines = schedules.map(
    (s) =>
      `${s.scheduleId.padEnd(28)} ${s.workflowType.padEnd(14)} every ${s.cadence.padEnd(10)} ${s.paused ? 'paused' : 'active'}` +
      `${s.recentRuns?.length ? `  last run ${s.recentRuns[s.recentRuns.length - 1]}` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

export function formatTriggered(
  started: Array<{ scheduleId: string; workflowId: string; workflowType: string }>,
  asJson: boolean,
): string {
  if (asJson) return `${JSON.stringify(started, null, 2)}\n`;
  return `${started.map((s) => `${s.scheduleId}: started ${s.workflowType} ${s.workflowId}`).join('\n')}\n`;
}

/** `etom schedules [--json]` lists the readiness schedules; `etom schedules trigger [--json]` runs them all now. */
export async function runSchedules(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } }, true);
  const [sub, ...rest] = positionals;
  if (rest.length || (sub !== undefined && sub !== 'list' && sub !== 'trigger'))
    throw new UsageError(`usage: etom schedules [list|trigger] [--json] (got '${positionals.join(' ')}')`);
  const cfg = loadConfig();
  const connection = await connectClient(cfg.temporalAddress ?? `localhost:${cfg.temporalPort}`);
  try {
    const client = projectClient(connection, cfg);
    if (sub === 'trigger') {
      process.stdout.write(formatTriggered(await triggerReadinessNow(client, cfg.taskQueuePrefix), !!values.json));
    } else {
      process.stdout.write(formatSchedules(await listReadinessSchedules(client, cfg.taskQueuePrefix), !!values.json));
    }
  } finally {
    await connection.close();
  }
  return 0;
}
