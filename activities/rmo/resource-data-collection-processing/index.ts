import type { Ports } from '../../../src/ports';
import { createAuditResourceUsageData } from './audit-resource-usage-data';
import { createCollectResourceData } from './collect-resource-data';
import { createDistributeResourceData } from './distribute-resource-data';
import { createProcessResourceData } from './process-resource-data';

/**
 * Resource Data Collection & Processing (1.AB.3.5), for usage: collect the records the network
 * elements produced for the active services, process them (format, enrich with the resource →
 * service mapping), distribute them to the processes that need them, audit the flow for lost
 * and duplicated records. Records stay in the store; what travels is the collection id and counts.
 */
export function createResourceDataCollectionProcessingActivities(ports: Pick<Ports, 'usage'>) {
  return {
    collectResourceData: createCollectResourceData(ports),
    processResourceData: createProcessResourceData(ports),
    distributeResourceData: createDistributeResourceData(ports),
    auditResourceUsageData: createAuditResourceUsageData(ports),
  };
}
