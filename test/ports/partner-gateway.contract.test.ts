import { expect } from 'vitest';
import { createSqliteStore } from '../../src/adapters/sqlite';
import { seedInstalledBase } from '../../src/adapters/sqlite/installed-base';
import { partnerGatewayContract } from './partner-gateway.contract';

/**
 * The contract on the simulator (the default supplier): its suppliers' clock stands still here,
 * so every answer is the supplier's first, until the cease's test lets a year pass to a delivery. The HTTP adapter runs the same contract against a
 * real second API server in test/adapters/http-partner-gateway.workflow.test.ts.
 */
const NOW = new Date('2026-03-02T09:00:00.000Z');

partnerGatewayContract('the supplier simulator', async () => {
  // Still, until a test lets the supplier's time run past a delivery.
  let now = NOW;
  const store = createSqliteStore({ filename: ':memory:', clock: () => now });
  const count = (sql: string, id: string) => store.db.prepare(sql).pluck().get(id) as number;
  return {
    port: store.ports.partnerGateway,
    requisition: (requisitionId) => ({
      requisitionId,
      supplierId: 'SUP-ALPHA',
      contractId: 'SC-ALPHA-MRS-AC',
      resourceSpecId: 'RS-ACCESS-CIRCUIT',
      region: 'MRS',
      quantity: 1,
      replyToWorkflowId: `po-${requisitionId}`,
    }),
    problem: (partnerProblemId, requisitionId) => ({
      partnerProblemId,
      supplierId: 'SUP-ALPHA',
      requisitionId,
      resourceId: 'AC-MRS-1',
      description: 'frame loss on the access circuit',
      replyToWorkflowId: `pp-${partnerProblemId}`,
    }),
    id: (name) => name,
    supplierOrders: async (id) => count('SELECT count(*) FROM supplier_requisitions WHERE id = ?', id),
    supplierTickets: async (id) => count('SELECT count(*) FROM supplier_problems WHERE id = ?', id),
    delivered: async (id) => {
      // Far past any lead time: every report the supplier promised falls due.
      now = new Date(NOW.getTime() + 365 * 86_400_000);
      const s = await store.ports.partnerGateway.status(id);
      if (s.status !== 'delivered') throw new Error(`${id} is ${s.status} a year on, not delivered`);
    },
    ceasedAtSupplier: async (id) => {
      // The supplier's record: ceased, by the operator's own news, told once.
      expect(store.db.prepare('SELECT status FROM supplier_requisitions WHERE id = ?').pluck().get(id)).toBe('ceased');
      const news = store.db
        .prepare('SELECT count(*) FROM supplier_outbox WHERE requisition_id = ? AND report LIKE \'%"kind":"ceased"%\'')
        .pluck()
        .get(id);
      expect(news).toBe(1);
    },
    cancelledAtSupplier: async (id) => {
      // The supplier's record: cancelled, by the operator's own news, told once.
      expect(store.db.prepare('SELECT status FROM supplier_requisitions WHERE id = ?').pluck().get(id)).toBe(
        'cancelled',
      );
      const news = store.db
        .prepare(
          'SELECT count(*) FROM supplier_outbox WHERE requisition_id = ? AND report LIKE \'%"kind":"cancelled"%\'',
        )
        .pluck()
        .get(id);
      expect(news).toBe(1);
    },
    // Alpha bills the Marseille circuit of the installed base, in service (1.B.4.5.2's own test reads it too).
    billed: async () => {
      seedInstalledBase(store.db);
      return 'SUP-ALPHA';
    },
    close: async () => store.close(),
  };
});
