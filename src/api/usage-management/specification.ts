import type { Tariff } from '../../domain/billing/rating';
import { UsageType } from '../../domain/billing/usage';
import { typed } from '../representation';
import type { TmfSpec } from '../spec';
import { QUANTITY, usageSpecificationHref } from './representation';

/** A usage type the tariffs rate, and the tariffs that rate it. */
export interface RatedUsageType {
  usageType: UsageType;
  tariffs: Tariff[];
}

/** The usage types, each with the tariffs that rate it (a type no tariff rates is still one the network meters). */
export const usageTypes = (tariffs: readonly Tariff[]): RatedUsageType[] =>
  UsageType.options.map((usageType) => ({ usageType, tariffs: tariffs.filter((t) => t.usageType === usageType) }));

const characteristic = (name: string, valueType: string, description: string, minCardinality: number) => ({
  name,
  valueType,
  description,
  minCardinality,
  maxCardinality: 1,
  configurable: false,
  '@type': 'CharacteristicSpecification',
});

/**
 * A usage type as TMF635 describes it to the systems that post usage: the characteristics a
 * record of it carries (request.ts reads them), and the tariffs (offering → tariff) that rate it.
 */
export function fromUsageType(spec: TmfSpec, u: RatedUsageType) {
  const q = QUANTITY[u.usageType];
  const rated = u.tariffs.map((t) => `${t.id} (${t.productOfferingId}): ${t.name}`).join('; ');
  return {
    id: u.usageType,
    href: usageSpecificationHref(u.usageType),
    name: u.usageType,
    description: `${u.usageType} usage, counted in ${q.unit}; rated on ${rated || 'no tariff yet'}`,
    isBundle: false,
    lifecycleStatus: 'Active',
    specCharacteristic: [
      characteristic(q.characteristic, 'integer', `how much was used, in whole ${q.unit}`, 1),
      characteristic('productId', 'string', 'the product (TMF637) the usage is charged to', 0),
      characteristic('serviceId', 'string', 'which of the product’s services was used (its first by default)', 0),
      characteristic(q.party, 'string', 'the other end of the usage', 0),
    ],
    ...typed(spec, 'UsageSpecification'),
  };
}
