import { createSqliteStore } from '../../src/adapters/sqlite';
import { partnerGatewayContract } from './partner-gateway.contract';

/**
 * The contract on the simulator (the default supplier): its suppliers' clock stands still here,
 * so every answer is the supplier's first. The HTTP adapter runs the same contract against a
 * real second API server in test/adapters/http-partner-gateway.workflow.test.ts.
 */
const NOW = new Date('2026-03-02T09:00:00.000Z');

partnerGatewayContract('the supplier simulator', async () => {
  const store = createSqliteStore({ filename: ':memory:', clock: () => NOW });
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
    close: async () => store.close(),
  };
});
