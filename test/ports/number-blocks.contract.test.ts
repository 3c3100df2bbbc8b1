import { createPostgresNumberBlocks } from '../../src/adapters/postgres/number-blocks';
import { NOW, numberBlocksContract, type PoolReads } from './number-blocks.contract';
import { onBothStores } from './table-rows';

const SQL = 'SELECT name FROM resources WHERE spec_id = ';

onBothStores(numberBlocksContract, {
  database: 'number_blocks',
  now: NOW,
  sqlite: (store) => store.ports.numberBlocks,
  postgres: createPostgresNumberBlocks,
  extras: {
    // Sorted here, not by the database: the two stores' collations need not agree.
    sqlite: (db): PoolReads => ({
      async names(spec, region) {
        return (db.prepare(`${SQL}? AND region = ?`).pluck().all(spec, region) as string[]).sort();
      },
    }),
    postgres: (pool): PoolReads => ({
      async names(spec, region) {
        const { rows } = await pool.query<{ name: string }>(`${SQL}$1 AND region = $2`, [spec, region]);
        return rows.map((r) => r.name).sort();
      },
    }),
  },
});
