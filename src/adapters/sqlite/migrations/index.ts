import * as foundation from './001-foundation';
import * as orderHandling from './002-order-handling';
import * as serviceConfiguration from './003-service-configuration';
import * as resourceProvisioning from './004-resource-provisioning';
import * as spRequisition from './005-sp-requisition';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Applied in order; a migration, once released, is never edited: add a new one.
 * Reserved versions: 2 order handling (CRM), 3 service configuration & activation (SM&O),
 * 4 resource provisioning (RM&O), 5 S/P requisition management (S/PRM).
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'foundation', sql: foundation.sql },
  { version: 2, name: 'order-handling', sql: orderHandling.sql },
  { version: 3, name: 'service-configuration', sql: serviceConfiguration.sql },
  { version: 4, name: 'resource-provisioning', sql: resourceProvisioning.sql },
  { version: 5, name: 'sp-requisition', sql: spRequisition.sql },
].sort((a, b) => a.version - b.version);
