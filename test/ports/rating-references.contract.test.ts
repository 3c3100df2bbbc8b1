import { createPostgresRatingReferences } from '../../src/adapters/postgres/rating-references';
import { NOW, ratingReferencesContract } from './rating-references.contract';
import { onBothStores } from './table-rows';

onBothStores(ratingReferencesContract, {
  database: 'rating_references',
  now: NOW,
  sqlite: (store) => store.ports.ratingReferences,
  postgres: createPostgresRatingReferences,
  extras: {
    sqlite: (db) => ({
      async removeTariffs() {
        db.prepare('DELETE FROM tariffs').run();
      },
    }),
    postgres: (pool) => ({
      async removeTariffs() {
        await pool.query('DELETE FROM tariffs');
      },
    }),
  },
});
