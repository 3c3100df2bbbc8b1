import { createPostgresPartnerInteractions } from '../../src/adapters/postgres/partner-interactions';
import { NOW, partnerInteractionsContract } from './partner-interactions.contract';
import { onBothStores } from './table-rows';

onBothStores(partnerInteractionsContract, {
  database: 'partner_interactions',
  now: NOW,
  sqlite: (store) => store.ports.partnerInteractions,
  postgres: createPostgresPartnerInteractions,
  extras: {
    // The simulated supplier's record, in the simulator's table of the SQLite file.
    sqlite: (db) => ({
      async supplierDelivered(r) {
        db.prepare(
          `INSERT INTO supplier_requisitions (id, supplier_id, contract_id, supplier_reference, resource_spec_id, region,
             quantity, status, delivery_date, reply_to_workflow_id, created_at)
           VALUES (?, ?, ?, ?, 'RS-AC', 'MRS', 2, 'delivered', '2026-06-15', ?, ?)`,
        ).run(r.id, r.supplierId, r.contractId, r.reference, r.id, NOW);
      },
    }),
    // On PostgreSQL the simulator keeps it in its own store: the adapter reads our partner orders.
    postgres: () => ({ async supplierDelivered() {} }),
  },
});
