/**
 * One process of the cross-process identifier race (service-identifiers.race.test.ts): reserves
 * `need` numbers for each of its services, all at once, against the PostgreSQL store at argv[2],
 * retrying transient errors as an activity would, and prints what each service won and how many
 * were refused.
 */
import { BusinessRejection } from '../../src/contracts/errors';
import { openPool } from '../../src/adapters/postgres/database';
import { createPostgresServiceInventory } from '../../src/adapters/postgres/service-inventory';

async function main(): Promise<void> {
  const [url, name, countText, needText] = process.argv.slice(2);
  const pool = openPool(url!, 5);
  const port = createPostgresServiceInventory(pool);
  const one = async (i: number): Promise<string[] | 'refused'> => {
    const serviceId = `SVC-${name}-${i}`;
    for (let attempt = 1; ; attempt++) {
      try {
        const got = await port.reserveIdentifiers(
          `reserve/${serviceId}`,
          {
            serviceId,
            serviceOrderId: `SO-${name}-${i}`,
            customerId: 'CUST-RACE',
            needs: [
              { name: 'telephoneNumber', resourceSpecId: 'RS-TEL-NUMBER', region: 'PAR', quantity: Number(needText) },
            ],
          },
          '2026-03-02T09:00:00.000Z',
        );
        return got.map((p) => p.resourceId);
      } catch (err) {
        if (err instanceof BusinessRejection) return 'refused';
        if (attempt === 50) throw err;
        await new Promise((r) => setTimeout(r, 10 * attempt));
      }
    }
  };
  const results = await Promise.all(Array.from({ length: Number(countText) }, (_, i) => one(i)));
  await pool.end();
  process.stdout.write(
    `${JSON.stringify({
      won: results.flatMap((r) => (r === 'refused' ? [] : [r])),
      refused: results.filter((r) => r === 'refused').length,
    })}\n`,
  );
}

void main();
