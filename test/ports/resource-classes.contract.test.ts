import { createPostgresResourceClasses } from '../../src/adapters/postgres/resource-classes';
import { NOW, resourceClassesContract } from './resource-classes.contract';
import { onBothStores } from './table-rows';

onBothStores(resourceClassesContract, {
  database: 'resource_classes',
  now: NOW,
  sqlite: (store) => store.ports.resourceClasses,
  postgres: createPostgresResourceClasses,
});
