/**
 * One process of the cross-process race (resource-inventory.race.test.ts): reserves one port
 * per call, `count` calls at once, against the PostgreSQL store at argv[2], retrying transient
 * errors as an activity would, and prints what it won and how many were refused.
 */
import { BusinessRejection } from '../../src/contracts/errors';
import { openPool } from '../../src/adapters/postgres/database';
import { createPostgresResourceInventory } from '../../src/adapters/postgres/resource-inventory';

async function main(): Promise<void> {
  const [url, name, countText] = process.argv.slice(2);
  const pool = openPool(url!, 5);
  const port = createPostgresResourceInventory(pool, () => new Date());
  const one = async (i: number): Promise<string[] | 'refused'> => {
    for (let attempt = 1; ; attempt++) {
      try {
        const got = await port.reserve(`${name}-${i}`, {
          reservationId: `RO-${name}-${i}`,
          serviceId: `SVC-${name}-${i}`,
          customerId: 'CUST-RACE',
          region: 'PAR',
          needs: [{ resourceSpecId: 'RS-PORT', quantity: 1 }],
          holdUntil: '2030-01-01T00:00:00.000Z',
        });
        return got.map((r) => r.id);
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
      won: results.flatMap((r) => (r === 'refused' ? [] : r)),
      refused: results.filter((r) => r === 'refused').length,
    })}\n`,
  );
}

void main();
