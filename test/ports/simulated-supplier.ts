import type { Pool } from '../../src/adapters/postgres/database';
import type { Db } from '../../src/adapters/sqlite/database';

/**
 * Beside a port: the simulated supplier's own record of a requisition it delivered (an 'RS-AC' in
 * 'MRS', two of them). The SQLite store keeps the simulator's tables in its file, and its adapters
 * read delivered requisitions there; on PostgreSQL the simulator keeps them in a store of its own,
 * and the adapters read the enterprise's records instead (our partner orders, the contracts).
 */
export interface SimulatedSupplier {
  supplierDelivered(requisition: {
    id: string;
    supplierId: string;
    contractId: string;
    reference: string;
  }): Promise<void>;
}

export const simulatedSupplier = {
  sqlite: (db: Db): SimulatedSupplier => ({
    async supplierDelivered(r) {
      db.prepare(
        `INSERT INTO supplier_requisitions (id, supplier_id, contract_id, supplier_reference, resource_spec_id, region,
           quantity, status, delivery_date, reply_to_workflow_id, created_at)
         VALUES (?, ?, ?, ?, 'RS-AC', 'MRS', 2, 'delivered', '2026-06-15', ?, '2026-06-01T00:00:00.000Z')`,
      ).run(r.id, r.supplierId, r.contractId, r.reference, r.id);
    },
  }),
  postgres: (_pool: Pool): SimulatedSupplier => ({ async supplierDelivered() {} }),
};
