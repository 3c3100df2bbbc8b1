import { spawnSync } from 'node:child_process';
import { freePort } from '../../src/temporal/dev-server';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registeredActivities, registeredWorkflows } from '../../src/catalog/implemented';

const bin = path.resolve(__dirname, '../../bin/etom.cjs');
const etom = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('the etom CLI', () => {
  it('lists the whole catalog as JSON with what implements each process', () => {
    const r = etom('catalog', '--json');
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(197);
    for (const key of [
      'id',
      'level',
      'nameEn',
      'nameFr',
      'layer',
      'vertical',
      'parentId',
      'activity',
      'workflow',
      'implemented',
    ]) {
      expect(rows[0]).toHaveProperty(key);
    }
    const l3 = rows.filter((row) => row['level'] === 3);
    expect(l3).toHaveLength(110);
    expect(l3.every((row) => typeof row['activity'] === 'string')).toBe(true);
    // Level 3: its activity is registered; Level 2: its workflow is; anything else: not implemented.
    const activities = new Set(registeredActivities().map((a) => a.etomId));
    const workflows = registeredWorkflows();
    for (const row of rows) {
      const expected = row['activity']
        ? activities.has(String(row['id']))
        : row['workflow'] !== null && workflows.has(String(row['workflow']));
      expect(row['implemented'], String(row['id'])).toBe(expected);
    }
    expect(rows.filter((row) => row['implemented'])).toHaveLength(135);
  });

  it('filters by layer and level', () => {
    const rows = JSON.parse(etom('catalog', '--json', '--layer', 'rmo', '--level', '3').stdout) as Array<{
      layer: string;
      level: number;
    }>;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.layer === 'RM&O' && r.level === 3)).toBe(true);
  });

  it.each([
    [['catalog', '--level', '9'], /--level must be 1, 2 or 3/],
    [['catalog', '--colour'], /Unknown option/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['demo', 'nowhere'], /unknown flow 'nowhere'/],
    [['worker', '--layer', 'oss'], /--layer must be one of crm, smo, rmo, sprm/],
  ])('answers bad arguments %j with one line and exit code 2', (args, message) => {
    const r = etom(...args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('answers a misconfiguration with one line naming what to change, never a transport dump', async () => {
    const run = (env: NodeJS.ProcessEnv, ...args: string[]) =>
      spawnSync(process.execPath, [bin, ...args], {
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, ...env },
      });
    const badPort = run({ TEMPORAL_PORT: '70000', TEMPORAL_ADDRESS: undefined }, 'schedules', 'list');
    expect(badPort.status).toBe(1);
    expect(badPort.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^etom schedules: invalid environment: TEMPORAL_PORT: /),
    ]);

    // A closed address: nothing listens on a port just freed.
    const closed = `127.0.0.1:${await freePort()}`;
    const worker = run({ TEMPORAL_ADDRESS: closed }, 'worker', '--layer', 'crm');
    expect(worker.status).toBe(1);
    expect(worker.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^etom worker: cannot reach Temporal at ${closed}: start \`etom dev\`, or set TEMPORAL_ADDRESS`),
      ),
    ]);
    expect(worker.stderr).not.toContain('tonic');
  });
});
