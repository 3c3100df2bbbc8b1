import type { Fixture } from './table-rows';

/**
 * Services as the service inventory stores them, for the contracts of the ports that read them
 * beside their own rows (service problems, resource troubles, trends): each with the customer,
 * class and order it needs, in the columns both stores share.
 */
export function serviceRows(
  at: string,
  services: Array<{
    id: string;
    customerId: string;
    state: string;
    cfsSpecId?: string;
    assurance?: unknown;
  }>,
  /** false when the contract's fixtures have the customers already. */
  withCustomers = true,
): Fixture[] {
  const customers = withCustomers ? [...new Set(services.map((s) => s.customerId))] : [];
  const classes = [...new Set(services.map((s) => s.cfsSpecId ?? 'CFS-FIBRE-ACCESS'))];
  return [
    ...customers.map((id): Fixture => [
      'customers',
      {
        id,
        name: id,
        segment: 'business',
        region: 'PAR',
        email: `${id}@example.test`,
        status: 'active',
        created_at: at,
      },
    ]),
    ...classes.map((id): Fixture => ['cfs_specs', { id, name: id, service_type: 'access' }]),
    ...services.flatMap((s): Fixture[] => {
      const cfs = s.cfsSpecId ?? 'CFS-FIBRE-ACCESS';
      const order = `SO-${s.id}`;
      return [
        [
          'service_orders',
          {
            id: order,
            product_order_id: `ORD-${s.id}`,
            item_id: '1',
            customer_id: s.customerId,
            cfs_spec_id: cfs,
            region: 'PAR',
            action: 'add',
            state: 'completed',
            service_id: s.id,
            created_at: at,
            updated_at: at,
          },
        ],
        [
          'services',
          {
            id: s.id,
            cfs_spec_id: cfs,
            customer_id: s.customerId,
            region: 'PAR',
            state: s.state,
            characteristics: '{}',
            service_order_id: order,
            design: '{}',
            assurance: s.assurance === undefined ? null : JSON.stringify(s.assurance),
            created_at: at,
            updated_at: at,
          },
        ],
      ];
    }),
  ];
}
