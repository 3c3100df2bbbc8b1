import type { Db } from './database';

/**
 * The sample operator every demo and test starts from: a business-and-residential operator in
 * four French regions. Marseille (MRS) has no access network of its own, so access there is
 * bought from suppliers — that is what sends a VPN order through S/PRM.
 */
export const REGIONS = ['PAR', 'LYO', 'LIL', 'MRS'] as const;
const ON_NET_REGIONS = ['PAR', 'LYO', 'LIL'] as const;
const SEED_TIME = '2026-01-01T00:00:00.000Z';

const customers = [
  // id, name, segment, region, email, score, limit (cents), outstanding, days past due, fraud
  ['CUST-1001', 'Boulangerie Dupont SARL', 'business', 'PAR', 'compta@dupont.example', 780, 500_000, 0, 0, 0],
  [
    'CUST-1002',
    'Transports Martin SA',
    'business',
    'MRS',
    'it@martin-transports.example',
    820,
    2_000_000,
    15_000,
    0,
    0,
  ],
  ['CUST-1003', 'Claire Moreau', 'residential', 'LYO', 'claire.moreau@example.org', 690, 30_000, 0, 0, 0],
  ['CUST-1004', 'Garage Leroy EURL', 'business', 'LIL', 'leroy@garage.example', 410, 100_000, 180_000, 95, 0],
  ['CUST-1005', 'Cabinet Bernard Avocats', 'business', 'LYO', 'admin@bernard-avocats.example', 860, 1_500_000, 0, 0, 0],
  ['CUST-1006', 'Hugo Petit', 'residential', 'PAR', 'hugo.petit@example.org', 720, 20_000, 0, 0, 0],
] as const;

const resourceSpecs = [
  ['RS-NODE', 'Aggregation node', 'node'],
  ['RS-CARD', 'Line card', 'card'],
  ['RS-ACCESS-PORT', 'Fibre access port (1 Gbit/s)', 'port'],
  ['RS-VOICE-PORT', 'Voice gateway port', 'port'],
  ['RS-VLAN', 'Customer VLAN', 'vlan'],
  ['RS-IPV4-29', 'Static IPv4 range /29', 'ip-range'],
  ['RS-TEL-NUMBER', 'Geographic telephone number', 'telephone-number'],
  ['RS-CPE-ROUTER', 'On-site business router', 'cpe'],
  ['RS-ACCESS-CIRCUIT', 'Ethernet access circuit', 'access-circuit'],
] as const;

const cfsSpecs = [
  // id, name, service type, needs on-site work, technician skill, parameters
  ['CFS-FIBRE-ACCESS', 'Business fibre access', 'broadband', 1, 'fibre', ['bandwidthMbps']],
  // ipv4Ranges: how many /29 ranges the service holds (absent: the one range its spec gives).
  ['CFS-STATIC-IP', 'Static IP range', 'ip', 0, null, ['prefixLength', 'ipv4Ranges']],
  ['CFS-VPN-SITE', 'IP VPN site', 'vpn', 0, null, ['vpnName', 'bandwidthMbps']],
  ['CFS-VOICE-LINE', 'Telephone line', 'voice', 0, null, ['numberRegion']],
] as const;

const cfsResources: ReadonlyArray<readonly [string, string, 'resource' | 'identifier']> = [
  ['CFS-FIBRE-ACCESS', 'RS-ACCESS-PORT', 'resource'],
  ['CFS-FIBRE-ACCESS', 'RS-VLAN', 'resource'],
  ['CFS-FIBRE-ACCESS', 'RS-CPE-ROUTER', 'resource'],
  ['CFS-STATIC-IP', 'RS-IPV4-29', 'identifier'],
  ['CFS-VPN-SITE', 'RS-ACCESS-CIRCUIT', 'resource'],
  ['CFS-VPN-SITE', 'RS-VLAN', 'resource'],
  ['CFS-VOICE-LINE', 'RS-TEL-NUMBER', 'identifier'],
  ['CFS-VOICE-LINE', 'RS-VOICE-PORT', 'resource'],
];

const offerings = [
  // id, name, description, recurring, one-time, lead time (days), segment, services
  [
    'PO-FIBRE-BIZ',
    'Business Fibre 1G',
    'Dedicated 1 Gbit/s fibre access with a static /29 and an on-site router',
    12_900,
    25_000,
    10,
    'business',
    ['CFS-FIBRE-ACCESS', 'CFS-STATIC-IP'],
  ],
  [
    'PO-VPN-BIZ',
    'Business VPN Site',
    "A site on the customer's IP VPN over an Ethernet access circuit",
    19_900,
    50_000,
    20,
    'business',
    ['CFS-VPN-SITE'],
  ],
  [
    'PO-VOICE-LINE',
    'Telephone Line',
    'A geographic telephone number on the voice network',
    1_990,
    0,
    3,
    'residential',
    ['CFS-VOICE-LINE'],
  ],
] as const;

/**
 * The fibre's price by speed (#12): the list price is the 1 Gbit/s one; slower accesses cost
 * less, so a speed modify changes the charge from its date (what the next bill prorates).
 * Migration 032 gives a store seeded before the same tiers.
 */
export const FIBRE_TIERS = [
  { characteristic: 'bandwidthMbps', atMost: 100, recurringMinor: 6_900 },
  { characteristic: 'bandwidthMbps', atMost: 500, recurringMinor: 9_900 },
] as const;
const recurringTiers: Record<string, readonly object[]> = { 'PO-FIBRE-BIZ': FIBRE_TIERS };

export function seedSampleOperator(db: Db): boolean {
  const seeded = db.prepare('SELECT COUNT(*) FROM customers').pluck().get() as number;
  if (seeded > 0) return false;
  db.transaction(() => {
    const insCustomer = db.prepare(
      `INSERT INTO customers (id, name, segment, region, email, status, created_at) VALUES (?, ?, ?, ?, ?, 'active', ?)`,
    );
    const insCredit = db.prepare(
      `INSERT INTO credit_profiles (customer_id, credit_score, credit_limit_minor, outstanding_minor, days_past_due, fraud_flag, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const [id, name, segment, region, email, score, limit, outstanding, dpd, fraud] of customers) {
      insCustomer.run(id, name, segment, region, email, SEED_TIME);
      insCredit.run(id, score, limit, outstanding, dpd, fraud, SEED_TIME);
    }

    const insRs = db.prepare('INSERT INTO resource_specs (id, name, resource_type) VALUES (?, ?, ?)');
    for (const r of resourceSpecs) insRs.run(...r);
    const insCfs = db.prepare(
      'INSERT INTO cfs_specs (id, name, service_type, needs_onsite_work, technician_skill, parameters) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const [id, name, type, onsite, skill, params] of cfsSpecs) {
      insCfs.run(id, name, type, onsite, skill, JSON.stringify(params));
    }
    const insCfsRs = db.prepare(
      'INSERT INTO cfs_resource_specs (cfs_spec_id, resource_spec_id, role) VALUES (?, ?, ?)',
    );
    for (const r of cfsResources) insCfsRs.run(...r);
    const insPo = db.prepare(
      `INSERT INTO product_offerings (id, name, description, recurring_minor, one_time_minor, lead_time_days, segment, recurring_tiers)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insPoCfs = db.prepare('INSERT INTO offering_services (offering_id, cfs_spec_id) VALUES (?, ?)');
    for (const [id, name, desc, rec, once, lead, segment, services] of offerings) {
      insPo.run(id, name, desc, rec, once, lead, segment, JSON.stringify(recurringTiers[id] ?? []));
      for (const s of services) insPoCfs.run(id, s);
    }

    seedInventory(db);
    seedWorkforceAndSuppliers(db);
  })();
  return true;
}

function seedInventory(db: Db): void {
  const ins = db.prepare(
    `INSERT INTO resources (id, spec_id, resource_type, name, region, site, parent_id, redundant_with, attributes, state, updated_at)
     VALUES (@id, @spec, @type, @name, @region, @site, @parent, @redundant, @attributes, 'available', @at)`,
  );
  const add = (
    id: string,
    spec: string,
    type: string,
    name: string,
    region: string,
    extra: { site?: string; parent?: string; redundant?: string; attributes?: object } = {},
  ) =>
    ins.run({
      id,
      spec,
      type,
      name,
      region,
      site: extra.site ?? null,
      parent: extra.parent ?? null,
      redundant: extra.redundant ?? null,
      attributes: JSON.stringify(extra.attributes ?? {}),
      at: SEED_TIME,
    });

  REGIONS.forEach((region, r) => {
    // Telephone numbers and VLANs exist everywhere; access only on-net.
    for (let n = 0; n < 40; n++) {
      const e164 = `+33${r + 1}${String(70000000 + n).padStart(8, '0')}`;
      add(`TN-${e164.slice(1)}`, 'RS-TEL-NUMBER', 'telephone-number', e164, region, { attributes: { e164 } });
    }
    for (let v = 100; v < 140; v++) {
      add(`VLAN-${region}-${v}`, 'RS-VLAN', 'vlan', `VLAN ${v}`, region, { attributes: { vlanId: v } });
    }
  });

  ON_NET_REGIONS.forEach((region, r) => {
    const site = `${region}-CO1`;
    for (let n = 1; n <= 2; n++) {
      const node = `NODE-${region}-${n}`;
      add(node, 'RS-NODE', 'node', `${region} aggregation node ${n}`, region, { site });
      for (let c = 1; c <= 2; c++) {
        const card = `CARD-${region}-${n}-${c}`;
        // Cards come in pairs: card 1 and card 2 of a node protect each other.
        const mate = `CARD-${region}-${n}-${c === 1 ? 2 : 1}`;
        add(card, 'RS-CARD', 'card', `${node} line card ${c}`, region, {
          site,
          parent: node,
          redundant: c === 2 ? mate : undefined,
        });
        for (let p = 1; p <= 8; p++) {
          add(`PORT-${region}-${n}-${c}-${p}`, 'RS-ACCESS-PORT', 'port', `${card} port ${p}`, region, {
            site,
            parent: card,
            attributes: { speedMbps: 1000 },
          });
        }
      }
      // Card 1 was inserted before its mate existed: link it back now that both are there.
      db.prepare('UPDATE resources SET redundant_with = ? WHERE id = ?').run(
        `CARD-${region}-${n}-2`,
        `CARD-${region}-${n}-1`,
      );
      for (let v = 1; v <= 8; v++) {
        add(`VPORT-${region}-${n}-${v}`, 'RS-VOICE-PORT', 'port', `${node} voice port ${v}`, region, {
          site,
          parent: node,
        });
      }
    }
    for (let b = 0; b < 16; b++) {
      const cidr = `198.51.${100 + r}.${b * 8}/29`;
      add(`IP-${region}-${b}`, 'RS-IPV4-29', 'ip-range', cidr, region, { attributes: { cidr } });
    }
    for (let i = 1; i <= 8; i++) {
      add(`CPE-${region}-${i}`, 'RS-CPE-ROUTER', 'cpe', `Business router #${i}`, region, {
        site: `${region}-WH`,
        attributes: { model: 'BR-4200', serial: `SN${region}${1000 + i}` },
      });
      add(`AC-${region}-${i}`, 'RS-ACCESS-CIRCUIT', 'access-circuit', `${region} access circuit ${i}`, region, {
        site,
        attributes: { bandwidthMbps: 100 },
      });
    }
  });
}

function seedWorkforceAndSuppliers(db: Db): void {
  const insTech = db.prepare('INSERT INTO technicians (id, name, region, skills) VALUES (?, ?, ?, ?)');
  const techs = [
    ['TECH-01', 'Julien Robert', 'PAR', ['fibre', 'cpe']],
    ['TECH-02', 'Sophie Richard', 'PAR', ['copper', 'voice']],
    ['TECH-03', 'Karim Benali', 'LYO', ['fibre', 'cpe', 'voice']],
    ['TECH-04', 'Marie Dubois', 'LIL', ['fibre', 'copper']],
    ['TECH-05', 'Lucas Girard', 'MRS', ['cpe', 'voice', 'fibre']],
  ] as const;
  for (const [id, name, region, skills] of techs) insTech.run(id, name, region, JSON.stringify(skills));

  const insSup = db.prepare('INSERT INTO suppliers (id, name, email, rating) VALUES (?, ?, ?, ?)');
  insSup.run('SUP-ALPHA', 'Alpha Wholesale Networks', 'orders@alpha-wholesale.example', 4);
  insSup.run('SUP-BETA', 'Beta Fibre Partners', 'b2b@beta-fibre.example', 3);
  const insContract = db.prepare(
    `INSERT INTO supplier_contracts
       (id, supplier_id, resource_spec_id, region, price_minor, lead_time_days, availability_sla_pct, valid_until, revenue_share_pct)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  insContract.run('SC-ALPHA-MRS-AC', 'SUP-ALPHA', 'RS-ACCESS-CIRCUIT', 'MRS', 32_000, 15, 99.9, '2028-12-31', 0);
  insContract.run('SC-BETA-MRS-AC', 'SUP-BETA', 'RS-ACCESS-CIRCUIT', 'MRS', 27_500, 25, 99.5, '2028-12-31', 5);
  insContract.run('SC-BETA-MRS-CPE', 'SUP-BETA', 'RS-CPE-ROUTER', 'MRS', 18_000, 7, 99.0, '2028-12-31', 0);
}
