import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { postgresAt, postgresRunning } from '../../src/cluster/postgres';
import { alive, clusterDown, clusterUp, type ClusterState } from '../../src/cluster/topology';
import { BASE, expectValid, fibreOrder } from '../api/support';
import { eventually } from '../support/fulfilment';

/**
 * The cluster path (#14, part 3), for real on this machine: Temporal's own server v1.29.1 on a
 * throwaway PostgreSQL, one worker process per layer plus a second RM&O one, and the API server,
 * each its own process. The first run builds the server with go (minutes; cached afterwards).
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

/** Which worker process (pid) ran each workflow of the flow, by task queue, following the children. */
async function workersOfFlow(workflowId: string): Promise<Map<string, Set<number>>> {
  const byQueue = new Map<string, Set<number>>();
  const visit = async (id: string, runId?: string) => {
    const history = await client.workflow.getHandle(id, runId).fetchHistory();
    let queue = '';
    for (const e of history.events ?? []) {
      queue ||= e.workflowExecutionStartedEventAttributes?.taskQueue?.name ?? '';
      const identity = e.workflowTaskCompletedEventAttributes?.identity;
      if (identity) {
        const pids = byQueue.get(queue) ?? new Set<number>();
        pids.add(Number(identity.split('@')[0]));
        byQueue.set(queue, pids);
      }
      const child = e.childWorkflowExecutionStartedEventAttributes?.workflowExecution;
      if (child?.workflowId) await visit(child.workflowId, child.runId ?? undefined);
    }
  };
  await visit(workflowId);
  return byQueue;
}

describe('the cluster topology on PostgreSQL (#14)', () => {
  it('runs an order across the layers, each layer in its own worker process, with Temporal on PostgreSQL', async () => {
    const roleOf = new Map(state.processes.map((p) => [p.pid, p.role]));
    const orderId = await placeOrder('cluster-order-1');

    // Each layer's workflows ran in that layer's worker processes, and no other.
    const byQueue = await workersOfFlow(orderId);
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
  });

  it('keeps completing orders when one of the two RM&O worker processes is killed', async () => {
    const rmo = state.processes.filter((p) => p.role.startsWith('worker-rmo-'));
    expect(rmo).toHaveLength(2);
    process.kill(rmo[0]!.pid, 'SIGKILL');
    await eventually(async () => !alive(rmo[0]!.pid), 'the killed RM&O worker gone', 30_000);

    const orders = await Promise.all(['cluster-order-2', 'cluster-order-3'].map(placeOrder));
    for (const id of orders) {
      const rmoPids = (await workersOfFlow(id)).get('etom-rmo');
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
