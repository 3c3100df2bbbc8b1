import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { postgresAt, postgresRunning } from '../../src/cluster/postgres';
import { alive, clusterDown, clusterEnv, clusterUp, type ClusterState } from '../../src/cluster/topology';
import { BASE, expectValid, fibreOrder } from '../api/support';
import { eventually } from '../support/fulfilment';

/**
 * The cluster path (#14, parts 3 and 4), for real on this machine: Temporal's own server v1.29.1
 * on a throwaway PostgreSQL, the enterprise store in a database of the same server, one worker
 * process per layer plus a second RM&O one (hosting no simulator), the simulators' process and
 * the API server, each its own process. The first run builds the server with go (minutes; cached
 * afterwards).
 */

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-cluster-'));
// As root, PostgreSQL runs as the `postgres` user, which must reach its data directory.
fs.chmodSync(dataDir, 0o755);
const env = { ...process.env, ETOM_DATA_DIR: dataDir, ETOM_CLUSTER_THROWAWAY: '1' };
const cfg = loadConfig(env);
const log = (line: string) => process.stderr.write(`[cluster] ${line}\n`);

let state: ClusterState;
let connection: Connection;
let client: Client;
const token = () => fs.readFileSync(path.join(dataDir, 'api-token'), 'utf8').trim();

beforeAll(async () => {
  state = await clusterUp(cfg, log, env);
  connection = await Connection.connect({ address: state.temporalAddress });
  client = new Client({ connection, namespace: state.namespace });
}, 1_200_000);

afterAll(async () => {
  await connection?.close();
  await clusterDown(cfg, log, env);
  if (!process.env['ETOM_KEEP_CLUSTER_DIR']) fs.rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

/** POSTs a fibre order to the cluster's API and waits until the order is completed. */
async function placeOrder(externalId: string): Promise<string> {
  const res = await fetch(`${state.api}${BASE}/productOrder`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token()}`, 'content-type': 'application/json' },
    body: JSON.stringify(fibreOrder(externalId)),
  });
  const body = (await res.json()) as { id: string; state: string };
  expect(res.status, JSON.stringify(body)).toBe(201);
  expectValid('ProductOrder', body);
  await eventually(
    async () => {
      const r = await fetch(`${state.api}${BASE}/productOrder/${body.id}`, {
        headers: { authorization: `Bearer ${token()}` },
      });
      return ((await r.json()) as { state: string }).state === 'completed';
    },
    `order ${body.id} completed on the cluster`,
    180_000,
  );
  return body.id;
}

interface FlowProcesses {
  /** Which worker process (pid) ran the workflows of each task queue. */
  byQueue: Map<string, Set<number>>;
  /** Which process (pid) sent each signal the flow's workflows received, by signal name. */
  signalledBy: Map<string, Set<number>>;
  workflowIds: string[];
}

/** The processes a flow met, from its histories, following the children. */
async function processesOfFlow(workflowId: string): Promise<FlowProcesses> {
  const byQueue = new Map<string, Set<number>>();
  const signalledBy = new Map<string, Set<number>>();
  const workflowIds: string[] = [];
  const pidOf = (identity: string) => Number(identity.split('@')[0]);
  const visit = async (id: string, runId?: string) => {
    workflowIds.push(id);
    const history = await client.workflow.getHandle(id, runId).fetchHistory();
    let queue = '';
    for (const e of history.events ?? []) {
      const signal = e.workflowExecutionSignaledEventAttributes;
      if (signal?.signalName && signal.identity)
        signalledBy.set(
          signal.signalName,
          (signalledBy.get(signal.signalName) ?? new Set()).add(pidOf(signal.identity)),
        );
      queue ||= e.workflowExecutionStartedEventAttributes?.taskQueue?.name ?? '';
      const identity = e.workflowTaskCompletedEventAttributes?.identity;
      if (identity) {
        const pids = byQueue.get(queue) ?? new Set<number>();
        pids.add(pidOf(identity));
        byQueue.set(queue, pids);
      }
      const child = e.childWorkflowExecutionStartedEventAttributes?.workflowExecution;
      if (child?.workflowId) await visit(child.workflowId, child.runId ?? undefined);
    }
  };
  await visit(workflowId);
  return { byQueue, signalledBy, workflowIds };
}

/** Counts rows of the enterprise store's PostgreSQL database (the cluster's own `etom`). */
async function countRows(sql: string, params: unknown[]): Promise<number> {
  // The URL `etom cluster env` gives a shell, password included.
  const db = new pg.Client({ connectionString: clusterEnv(state)['ETOM_STORE_URL'] });
  await db.connect();
  try {
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM (${sql}) AS t`, params);
    return Number(rows[0]!.n);
  } finally {
    await db.end();
  }
}

describe('the cluster topology on PostgreSQL (#14)', () => {
  it('runs an order across the layers, each layer in its own worker process, with Temporal on PostgreSQL', async () => {
    const roleOf = new Map(state.processes.map((p) => [p.pid, p.role]));
    const orderId = await placeOrder('cluster-order-1');

    // Each layer's workflows ran in that layer's worker processes, and no other.
    const { byQueue, signalledBy, workflowIds } = await processesOfFlow(orderId);
    expect([...byQueue.keys()].sort()).toEqual(['etom-crm', 'etom-rmo', 'etom-smo']);
    for (const [queue, pids] of byQueue) {
      const layer = queue.replace('etom-', '');
      for (const pid of pids) expect(roleOf.get(pid), `${queue} ran in pid ${pid}`).toMatch(`worker-${layer}-`);
    }

    // Temporal persisted the flow in PostgreSQL: its executions and its visibility rows.
    const pg = postgresAt(state.postgres.dataDir);
    expect(
      Number(
        pg.query(`SELECT count(*) FROM executions_visibility WHERE workflow_id = '${orderId}'`, 'temporal_visibility'),
      ),
    ).toBe(1);
    expect(
      Number(pg.query(`SELECT count(*) FROM current_executions WHERE workflow_id = '${orderId}'`, 'temporal')),
    ).toBe(1);

    // The fibre install's visit was reported done by the simulators' process: the workers host
    // no simulator (each says so in its log), and the simulators' process hosts them all.
    const simulators = state.processes.filter((p) => p.role === 'simulators');
    expect(simulators).toHaveLength(1);
    expect(alive(simulators[0]!.pid)).toBe(true);
    expect([...(signalledBy.get('workOrderCompleted') ?? [])]).toEqual([simulators[0]!.pid]);
    expect(fs.readFileSync(simulators[0]!.logFile, 'utf8')).toContain(
      `simulators running (pid ${simulators[0]!.pid}): supplier-report-delivery, field-technicians`,
    );
    const workers = state.processes.filter((p) => p.role.startsWith('worker-'));
    expect(workers).toHaveLength(5);
    for (const w of workers)
      expect(fs.readFileSync(w.logFile, 'utf8'), w.role).toContain(
        'simulators hosted here: none (--no-simulators or ETOM_SIMULATORS=off: etom simulators runs them)',
      );

    // The order's records are in the enterprise database on the cluster's PostgreSQL (made by
    // `cluster up`, its URL recorded without the password), and no SQLite store was made.
    expect(state.store).toMatchObject({ kind: 'postgres', database: 'etom', own: true });
    if (state.store.kind !== 'postgres') throw new Error('the enterprise store is not on PostgreSQL');
    expect(state.store.url).not.toContain(postgresAt(state.postgres.dataDir).password);
    expect(clusterEnv(state)).toEqual({
      TEMPORAL_ADDRESS: state.temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      ETOM_TASK_QUEUE_PREFIX: 'etom',
      ETOM_STORE_URL: postgresAt(state.postgres.dataDir).url('etom'),
    });
    expect(await countRows(`SELECT 1 FROM product_orders WHERE id = $1 AND state = 'completed'`, [orderId])).toBe(1);
    expect(await countRows('SELECT 1 FROM product_order_items WHERE order_id = $1', [orderId])).toBe(1);
    expect(await countRows(`SELECT 1 FROM products WHERE order_id = $1 AND status = 'active'`, [orderId])).toBe(1);
    expect(await countRows('SELECT 1 FROM service_orders WHERE product_order_id = $1', [orderId])).toBeGreaterThan(0);
    const visits = workflowIds.filter((id) => id.endsWith('/WO')).map((id) => id.slice(0, -'/WO'.length));
    expect(visits).toHaveLength(1);
    expect(
      await countRows(`SELECT 1 FROM work_orders WHERE reference = $1 AND kind = 'install' AND state = 'completed'`, [
        visits[0],
      ]),
    ).toBe(1);
    expect(fs.existsSync(path.join(dataDir, 'etom.db'))).toBe(false);
  });

  it('keeps completing orders when one of the two RM&O worker processes is killed', async () => {
    const rmo = state.processes.filter((p) => p.role.startsWith('worker-rmo-'));
    expect(rmo).toHaveLength(2);
    process.kill(rmo[0]!.pid, 'SIGKILL');
    await eventually(async () => !alive(rmo[0]!.pid), 'the killed RM&O worker gone', 30_000);

    const orders = await Promise.all(['cluster-order-2', 'cluster-order-3'].map(placeOrder));
    for (const id of orders) {
      const rmoPids = (await processesOfFlow(id)).byQueue.get('etom-rmo');
      expect(rmoPids, `${id}'s resource order ran`).toBeDefined();
      // Resource orders that started after the kill ran on the surviving RM&O worker.
      expect([...rmoPids!]).toEqual([rmo[1]!.pid]);
    }
  });

  it('stops every process and the database on `cluster down`', async () => {
    const pids = state.processes.map((p) => p.pid);
    await clusterDown(cfg, log, env);
    expect(pids.filter(alive)).toEqual([]);
    expect(postgresRunning(state.postgres.dataDir)).toBe(false);
  });
});
