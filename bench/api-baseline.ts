import type { Client } from '@temporalio/client';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Db } from '../src/adapters/sqlite/database';
import { BODY_LIMIT } from '../src/api/server';
import type { ProductOrderState } from '../src/domain/fulfilment/product-order';
import type { Ports } from '../src/ports';
import type { TreeShape } from './bare/tree';

/** The bare workflow's own queue: nothing else runs there. */
export const BARE_QUEUE = 'bench-api-bare';
const TRIVIAL: TreeShape = { taskQueue: BARE_QUEUE, activities: 0, children: [] };

/**
 * The bare baseline: the same Fastify, with the API server's options, and two plain routes —
 * one sends a stored order's JSON (the API's own body for it, read once, serialised on every
 * request as the API's is), the other starts a trivial workflow on its own queue and answers 201.
 * The difference with the API is the API's own work: token, routing by spec, store read and
 * representation; schema check, idempotency read and search attributes on POST. A third route
 * reads the order's rows from the store, to tell the store's share from the rest.
 */
export async function createBareServer(client: Client, order: unknown, db: Db): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT, routerOptions: { ignoreTrailingSlash: true } });
  let seq = 0;
  app.get('/bare/productOrder/:id', async () => order);
  // A second baseline with the store's cost: the order's row and items, by statements prepared once.
  const row = db.prepare('SELECT * FROM product_orders WHERE id = ?');
  const items = db.prepare('SELECT * FROM product_order_items WHERE order_id = ? ORDER BY rowid');
  app.get('/bare/productOrderRow/:id', async (request) => {
    const { id } = request.params as { id: string };
    return { ...(row.get(id) as object), items: items.all(id) };
  });
  app.post('/bare/productOrder', async (_request, reply) => {
    const workflowId = `BARE-API-${process.pid}-${++seq}`;
    await client.workflow.start('bareTree', { taskQueue: BARE_QUEUE, workflowId, args: [TRIVIAL] });
    return reply.code(201).send({ id: workflowId });
  });
  return app;
}

/** Where each of ten seeded orders ends: half completed, the rest spread over four states. */
const PATHS: ProductOrderState[][] = [
  ['inProgress', 'completed'],
  ['inProgress', 'completed'],
  ['inProgress', 'completed'],
  ['inProgress', 'completed'],
  ['inProgress', 'completed'],
  ['inProgress'],
  ['inProgress'],
  ['rejected'],
  [],
  [],
];

/**
 * `count` product orders written straight through the store's port (no workflow), in one
 * transaction, a minute apart, over the sample operator's customers.
 */
export async function seedOrders(db: Db, ports: Ports, count: number): Promise<string[]> {
  const customers = (db.prepare('SELECT id FROM customers ORDER BY id').all() as Array<{ id: string }>).map(
    (c) => c.id,
  );
  const start = Date.now() - count * 60_000;
  const ids: string[] = [];
  db.exec('BEGIN');
  try {
    for (let i = 0; i < count; i++) {
      const id = `ORD-SEED-${String(i).padStart(5, '0')}`;
      const at = (k: number) => new Date(start + i * 60_000 + k * 1000).toISOString();
      await ports.productOrders.create(
        `seed-${id}`,
        {
          id,
          customerId: customers[i % customers.length]!,
          channel: 'web',
          contactId: null,
          requestId: null,
          requestedCompletionDate: null,
          quoteId: null,
          discountPct: 0,
          oneTimeMinor: 0,
          recurringMinor: 0,
          items: [
            {
              itemId: '1',
              action: 'add',
              productOfferingId: 'PO-FIBRE-BIZ',
              region: 'BNC',
              characteristics: { bandwidthMbps: 1000 },
            },
          ],
        },
        at(0),
      );
      const path = PATHS[i % PATHS.length]!;
      for (const [k, to] of path.entries())
        await ports.productOrders.transition(`seed-${id}-${to}`, id, to, to === 'rejected' ? 'bench' : null, at(k + 1));
      ids.push(id);
    }
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
  return ids;
}
