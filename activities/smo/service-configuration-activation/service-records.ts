import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { ServiceDesign } from '../../../src/domain/fulfilment/service-design';
import type { Ports } from '../../../src/ports';
import type { ServiceOrderRecord, ServiceRecord } from '../../../src/ports/service-inventory';

/**
 * The records the processes of Service Configuration & Activation (1.F.2.2) work on: a
 * service order, its service, their design and identifiers. One that does not exist is a
 * NotFound refusal, never a fault to retry.
 */

export const specOf = async (catalog: Ports['catalog'], cfsSpecId: string) =>
  (await catalog.getCfsSpec(cfsSpecId)) ??
  reject(BusinessErrorType.NotFound, `no customer-facing service spec ${cfsSpecId}`);

export const orderOf = async (services: Ports['serviceInventory'], id: string) =>
  (await services.getServiceOrder(id)) ?? reject(BusinessErrorType.NotFound, `no service order ${id}`);

export const serviceOf = async (services: Ports['serviceInventory'], id: string) =>
  (await services.getService(id)) ?? reject(BusinessErrorType.NotFound, `no service ${id}`);

export const designOf = (s: ServiceRecord | ServiceOrderRecord) => ServiceDesign.parse(s.design);

/** An identifier held by a service, as the processes report it. */
export const identifierOf = ({
  name,
  value,
  resourceId,
  resourceSpecId,
}: {
  name: string;
  value: string;
  resourceId: string;
  resourceSpecId: string;
}) => ({ name, value, resourceId, resourceSpecId });

/** The identifiers a service holds, and the same as parameters by name. */
export async function parametersOf(services: Ports['serviceInventory'], serviceId: string) {
  const held = await services.parametersOf(serviceId);
  return {
    identifiers: held.map(identifierOf),
    parameters: Object.fromEntries(held.map((p) => [p.name, p.value])),
  };
}
