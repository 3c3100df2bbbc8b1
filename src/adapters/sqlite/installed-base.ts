import { openFirstPeriod } from './product-changes';
import type { Db } from './database';

/**
 * The sample operator's installed base: customers who already have working services, as if
 * fulfilment had run for them before the demo began (product orders completed, services
 * active with their assurance records, resources in service and configured on the network).
 * Assurance and billing start from it. Two fibre accesses share line card CARD-PAR-1-1, a third
 * is on its mate CARD-PAR-1-2, so a card failure touches some customers and not others; the
 * Marseille VPN site runs on an access circuit bought from a supplier.
 */
const AT = '2026-06-01T08:00:00.000Z';

const newCustomers = [
  // id, name, segment, region, email, credit score, limit (cents)
  ['CUST-2001', 'Pharmacie Lambert', 'business', 'PAR', 'contact@pharmacie-lambert.example', 800, 800_000],
  ['CUST-2002', 'Studio Graphique Noir', 'business', 'PAR', 'studio@noir-graphique.example', 750, 400_000],
] as const;

interface Subscription {
  key: string;
  customerId: string;
  offeringId: 'PO-FIBRE-BIZ' | 'PO-VPN-BIZ' | 'PO-VOICE-LINE';
  region: string;
  characteristics: Record<string, string | number>;
  /** Per CFS: the network resources it runs on, and the identifiers it holds (parameter name → resource). */
  services: Array<{
    cfsSpecId: string;
    serviceType: string;
    resources: string[];
    identifiers: Record<string, string>;
    sla: { availabilityPct: number; restoreHours: number };
    qos: Record<string, number>;
  }>;
}

const BROADBAND = { availabilityPct: 99.9, restoreHours: 4 };
const fibre = (
  key: string,
  customerId: string,
  region: string,
  port: string,
  vlan: string,
  cpe: string,
  ip: string,
): Subscription => ({
  key,
  customerId,
  offeringId: 'PO-FIBRE-BIZ',
  region,
  characteristics: { bandwidthMbps: 1000 },
  services: [
    {
      cfsSpecId: 'CFS-FIBRE-ACCESS',
      serviceType: 'broadband',
      resources: [port, vlan, cpe],
      identifiers: {},
      sla: BROADBAND,
      qos: { maxLatencyMs: 20, bandwidthMbps: 1000 },
    },
    {
      cfsSpecId: 'CFS-STATIC-IP',
      serviceType: 'ip',
      resources: [],
      identifiers: { ipv4Range: ip },
      sla: BROADBAND,
      qos: { maxLatencyMs: 20 },
    },
  ],
});

export const INSTALLED_BASE: readonly Subscription[] = [
  fibre('IB01', 'CUST-1001', 'PAR', 'PORT-PAR-1-1-1', 'VLAN-PAR-100', 'CPE-PAR-1', 'IP-PAR-0'),
  fibre('IB02', 'CUST-2001', 'PAR', 'PORT-PAR-1-1-2', 'VLAN-PAR-101', 'CPE-PAR-2', 'IP-PAR-1'),
  fibre('IB03', 'CUST-2002', 'PAR', 'PORT-PAR-1-2-1', 'VLAN-PAR-102', 'CPE-PAR-3', 'IP-PAR-2'),
  fibre('IB04', 'CUST-1005', 'LYO', 'PORT-LYO-1-1-1', 'VLAN-LYO-100', 'CPE-LYO-1', 'IP-LYO-0'),
  {
    key: 'IB05',
    customerId: 'CUST-1006',
    offeringId: 'PO-VOICE-LINE',
    region: 'PAR',
    characteristics: {},
    services: [
      {
        cfsSpecId: 'CFS-VOICE-LINE',
        serviceType: 'voice',
        resources: ['VPORT-PAR-1-1'],
        identifiers: { telephoneNumber: 'TN-33170000000' },
        sla: { availabilityPct: 99.9, restoreHours: 8 },
        qos: { maxLatencyMs: 25 },
      },
    ],
  },
  {
    key: 'IB06',
    customerId: 'CUST-1002',
    offeringId: 'PO-VPN-BIZ',
    region: 'MRS',
    characteristics: { vpnName: 'MARTIN', bandwidthMbps: 100 },
    services: [
      {
        cfsSpecId: 'CFS-VPN-SITE',
        serviceType: 'vpn',
        // The access circuit is Alpha's (bought under requisition PO-IB06-AC), the VLAN ours.
        resources: ['AC-MRS-ALPHA-IB06', 'VLAN-MRS-100'],
        identifiers: {},
        sla: { availabilityPct: 99.95, restoreHours: 4 },
        qos: { maxLatencyMs: 30, bandwidthMbps: 100 },
      },
    ],
  },
];

/** The supplied access circuit of IB06, as S/P Requisition Management would have recorded it. */
const SUPPLIED = {
  resourceId: 'AC-MRS-ALPHA-IB06',
  requisitionId: 'PO-IB06-AC',
  supplierId: 'SUP-ALPHA',
  contractId: 'SC-ALPHA-MRS-AC',
  supplierReference: 'ALPHA-2026-0601',
};

/** Loads the installed base into a store that has the sample operator and no installed base yet. */
export function seedInstalledBase(db: Db): boolean {
  const done = db.prepare("SELECT COUNT(*) FROM products WHERE order_id LIKE 'ORD-IB%'").pluck().get() as number;
  if (done > 0) return false;
  db.transaction(() => {
    for (const [id, name, segment, region, email, score, limit] of newCustomers) {
      db.prepare(
        `INSERT OR IGNORE INTO customers (id, name, segment, region, email, status, created_at) VALUES (?, ?, ?, ?, ?, 'active', ?)`,
      ).run(id, name, segment, region, email, AT);
      db.prepare(
        `INSERT OR IGNORE INTO credit_profiles (customer_id, credit_score, credit_limit_minor, outstanding_minor, days_past_due, fraud_flag, updated_at)
         VALUES (?, ?, ?, 0, 0, 0, ?)`,
      ).run(id, score, limit, AT);
    }
    db.prepare(
      `INSERT INTO supplier_requisitions (id, supplier_id, contract_id, supplier_reference, resource_spec_id, region,
         quantity, status, delivery_date, delivered, reply_to_workflow_id, created_at)
       VALUES (?, ?, ?, ?, 'RS-ACCESS-CIRCUIT', 'MRS', 1, 'delivered', ?, ?, ?, ?)`,
    ).run(
      SUPPLIED.requisitionId,
      SUPPLIED.supplierId,
      SUPPLIED.contractId,
      SUPPLIED.supplierReference,
      AT,
      JSON.stringify([{ name: 'Alpha EAC 100M Marseille', attributes: { circuitId: SUPPLIED.supplierReference } }]),
      SUPPLIED.requisitionId,
      AT,
    );
    db.prepare(
      `INSERT INTO resources (id, spec_id, resource_type, name, region, attributes, state, updated_at)
       VALUES (?, 'RS-ACCESS-CIRCUIT', 'access-circuit', 'Alpha EAC 100M Marseille', 'MRS', ?, 'available', ?)`,
    ).run(
      SUPPLIED.resourceId,
      JSON.stringify({
        bandwidthMbps: 100,
        supplierId: SUPPLIED.supplierId,
        supplierReference: SUPPLIED.supplierReference,
        requisitionId: SUPPLIED.requisitionId,
      }),
      AT,
    );
    for (const s of INSTALLED_BASE) install(db, s);
  })();
  return true;
}

function install(db: Db, s: Subscription): void {
  const orderId = `ORD-${s.key}`;
  const productId = `PRD-${s.key}`;
  const billingAccountId = `BA-${s.customerId}`;
  const offering = db
    .prepare('SELECT recurring_minor, one_time_minor FROM product_offerings WHERE id = ?')
    .get(s.offeringId) as { recurring_minor: number; one_time_minor: number };
  db.prepare(
    `INSERT OR IGNORE INTO billing_accounts (id, customer_id, currency, bill_cycle_day, status, created_at)
     VALUES (?, ?, 'EUR', 1, 'active', ?)`,
  ).run(billingAccountId, s.customerId, AT);
  db.prepare(
    `INSERT INTO product_orders (id, customer_id, channel, state, billing_account_id, one_time_minor, recurring_minor,
       created_at, updated_at, completed_at)
     VALUES (?, ?, 'migration', 'completed', ?, ?, ?, ?, ?, ?)`,
  ).run(orderId, s.customerId, billingAccountId, offering.one_time_minor, offering.recurring_minor, AT, AT, AT);
  const serviceIds = s.services.map((_, i) => `SVC-${s.key}-${i + 1}`);
  const serviceOrderIds = s.services.map((_, i) => `SO-${s.key}-${i + 1}`);
  db.prepare(
    `INSERT INTO product_order_items (order_id, item_id, action, product_offering_id, region, characteristics, state,
       service_order_ids, product_id)
     VALUES (?, '1', 'add', ?, ?, ?, 'completed', ?, ?)`,
  ).run(orderId, s.offeringId, s.region, JSON.stringify(s.characteristics), JSON.stringify(serviceOrderIds), productId);
  db.prepare(
    `INSERT INTO products (id, customer_id, product_offering_id, order_id, item_id, billing_account_id, status,
       recurring_minor, one_time_minor, service_ids, region, start_date, characteristics)
     VALUES (?, ?, ?, ?, '1', ?, 'active', ?, ?, ?, ?, ?, ?)`,
  ).run(
    productId,
    s.customerId,
    s.offeringId,
    orderId,
    billingAccountId,
    offering.recurring_minor,
    offering.one_time_minor,
    JSON.stringify(serviceIds),
    s.region,
    AT,
    JSON.stringify(s.characteristics),
  );
  openFirstPeriod(db, { id: productId, startDate: AT, recurringMinor: offering.recurring_minor, orderId });
  s.services.forEach((svc, i) => {
    const serviceId = serviceIds[i]!;
    const serviceOrderId = serviceOrderIds[i]!;
    const resourceOrderId = `RO-${s.key}-${i + 1}`;
    const design = {
      revision: 1,
      reason: null,
      cfsSpecId: svc.cfsSpecId,
      serviceType: svc.serviceType,
      region: s.region,
      characteristics: s.characteristics,
      resourceOrderId,
      resourceNeeds: svc.resources.map((r) => ({ resourceSpecId: specOf(db, r), quantity: 1 })),
      identifierNeeds: Object.entries(svc.identifiers).map(([name, r]) => ({
        name,
        resourceSpecId: specOf(db, r),
        region: s.region,
        quantity: 1,
      })),
      supplierComponents: [],
      onsiteWork: null,
      qos: svc.qos,
      sla: svc.sla,
    };
    const parameters: Record<string, string> = {};
    for (const [name, r] of Object.entries(svc.identifiers)) {
      parameters[name] = db.prepare('SELECT name FROM resources WHERE id = ?').pluck().get(r) as string;
    }
    const assurance = {
      serviceId,
      customerId: s.customerId,
      cfsSpecId: svc.cfsSpecId,
      region: s.region,
      resourceIds: svc.resources,
      parameters,
      qos: svc.qos,
      sla: svc.sla,
      activatedAt: AT,
    };
    db.prepare(
      `INSERT INTO service_orders (id, product_order_id, item_id, customer_id, cfs_spec_id, region, action, state,
         service_id, design, created_at, updated_at, completed_at)
       VALUES (?, ?, '1', ?, ?, ?, 'add', 'completed', ?, ?, ?, ?, ?)`,
    ).run(
      serviceOrderId,
      orderId,
      s.customerId,
      svc.cfsSpecId,
      s.region,
      serviceId,
      JSON.stringify(design),
      AT,
      AT,
      AT,
    );
    db.prepare(
      `INSERT INTO services (id, cfs_spec_id, customer_id, region, state, characteristics, service_order_id, design,
         assurance, created_at, updated_at, activated_at)
       VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      serviceId,
      svc.cfsSpecId,
      s.customerId,
      s.region,
      JSON.stringify(s.characteristics),
      serviceOrderId,
      JSON.stringify(design),
      JSON.stringify(assurance),
      AT,
      AT,
      AT,
    );
    const holdBy = db.prepare(
      `UPDATE resources SET state = 'inService', reservation_id = ?, service_id = ?, customer_id = ?, updated_at = ?
       WHERE id = ? AND state = 'available'`,
    );
    for (const r of [...svc.resources, ...Object.values(svc.identifiers)]) {
      if (holdBy.run(resourceOrderId, serviceId, s.customerId, AT, r).changes !== 1)
        throw new Error(`installed base: ${r} is not an available resource`);
    }
    for (const [name, r] of Object.entries(svc.identifiers)) {
      db.prepare(
        `INSERT INTO service_parameters (service_id, name, value, resource_id, resource_spec_id, allocated_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(serviceId, name, parameters[name], r, specOf(db, r), AT);
    }
    for (const r of svc.resources) {
      db.prepare(
        `INSERT INTO network_configuration (resource_id, service_id, config, admin_state, updated_at)
         VALUES (?, ?, ?, 'up', ?)`,
      ).run(r, serviceId, JSON.stringify({ serviceId, ...s.characteristics, status: 'active' }), AT);
    }
  });
}

const specOf = (db: Db, resourceId: string) =>
  db.prepare('SELECT spec_id FROM resources WHERE id = ?').pluck().get(resourceId) as string;
