import type { PartnerOrderRequest } from '../../src/domain/fulfilment/partner-order';
import { FulfilmentTimings, type FulfilmentTimingsInput } from '../../src/domain/fulfilment/timings';
import type { TestRuntime } from './runtime';

/**
 * A partner order for one Marseille access circuit (Alpha's contract wins it when nothing stands
 * against it), as SM&O would start it; S/PRM polls every 2 s and gives up a minute past the date
 * unless `timings` says otherwise.
 */
export const circuitOrder = (
  rt: TestRuntime,
  name: string,
  timings: FulfilmentTimingsInput = {},
): PartnerOrderRequest => ({
  partnerOrderId: rt.id(name),
  serviceOrderId: `SO-${name}`,
  serviceId: `SVC-${name}`,
  customerId: 'CUST-1002',
  region: 'MRS',
  reservationId: `RO-${name}`,
  resourceSpecId: 'RS-ACCESS-CIRCUIT',
  quantity: 1,
  timings: FulfilmentTimings.parse({
    supplierPollInterval: '2 seconds',
    supplierDeliveryGrace: '1 minute',
    ...timings,
  }),
});
