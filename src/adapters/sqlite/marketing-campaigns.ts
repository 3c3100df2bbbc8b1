import type { SalesPort } from '../../ports/sales';
import { type Db, json, nextId, once } from './database';
import { type Row, salesRowReader, str, toCampaign, toCollateral } from './sales-rows';

/** Marketing Fulfillment Response: the campaigns handed over, their audience, and the collateral sent. */
export function createSqliteMarketingCampaigns(
  db: Db,
): Pick<SalesPort, 'recordCampaign' | 'getCampaign' | 'audience' | 'recordCollateral' | 'collateralsOf'> {
  const row = salesRowReader(db);
  return {
    async recordCampaign(key, c, at) {
      const id = once(db, key, 'recordCampaign', () => {
        db.prepare(
          `INSERT INTO campaigns (id, name, offering_id, segment, region, channel, message, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
        ).run(c.id, c.name, c.offeringId, c.segment, c.region, c.channel, c.message, at);
        return c.id;
      });
      return toCampaign(row('campaigns', id)!);
    },
    async getCampaign(id) {
      const r = row('campaigns', id);
      return r && toCampaign(r);
    },
    async audience({ segment, region }) {
      const rows = db
        .prepare(
          `SELECT c.id, c.name, c.email,
                  (SELECT json_group_array(p.product_offering_id) FROM products p
                    WHERE p.customer_id = c.id AND p.status = 'active') AS offerings
           FROM customers c WHERE c.status = 'active' AND c.segment = ? AND c.region = ? ORDER BY c.id`,
        )
        .all(segment, region) as Row[];
      return rows.map((r) => ({
        customerId: str(r.id),
        name: str(r.name),
        email: str(r.email),
        activeOfferingIds: json.parse<string[]>(str(r.offerings)),
      }));
    },
    async recordCollateral(key, c, at) {
      const id = once(db, key, 'recordCollateral', () => {
        const existing = db
          .prepare('SELECT id FROM collaterals WHERE campaign_id = ? AND recipient = ?')
          .pluck()
          .get(c.campaignId, c.recipient) as string | undefined;
        if (existing) return existing;
        const collateralId = nextId(db, 'MC');
        db.prepare(
          `INSERT INTO collaterals (id, campaign_id, customer_id, recipient, channel, document, notification_id, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(collateralId, c.campaignId, c.customerId, c.recipient, c.channel, c.document, c.notificationId, at);
        return collateralId;
      });
      return toCollateral(row('collaterals', id)!);
    },
    async collateralsOf(campaignId) {
      return (db.prepare('SELECT * FROM collaterals WHERE campaign_id = ? ORDER BY id').all(campaignId) as Row[]).map(
        toCollateral,
      );
    },
  };
}
