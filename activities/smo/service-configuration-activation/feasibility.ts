import type { CfsSpec } from '../../../src/domain/catalog';
import type { Characteristics } from '../../../src/domain/fulfilment/product-order';
import type { ResourceAvailability, ResourceNeed } from '../../../src/domain/fulfilment/resource-order';
import type { IdentifierNeed, SupplierComponent } from '../../../src/domain/fulfilment/service-design';
import type { Ports } from '../../../src/ports';
import { ownCharacteristics } from './service-levels';

/** The name an identifier takes on the service, by the type of its pool. */
const PARAMETER_NAMES: Record<string, string> = { 'telephone-number': 'telephoneNumber', 'ip-range': 'ipv4Range' };

/**
 * The characteristic that says how many identifiers of a pool's type the service holds (an
 * extra static range is ordered as `ipv4Ranges`), where the spec has it as a parameter. Absent,
 * the service holds the quantity the catalog gives.
 */
const COUNTED_BY: Record<string, string> = { 'ip-range': 'ipv4Ranges' };

type SpecIdentifier = CfsSpec['resources'][number];

/** How many identifiers of this kind a service with these characteristics holds. */
export function identifierQuantity(spec: CfsSpec, r: SpecIdentifier, characteristics: Characteristics): number {
  const by = COUNTED_BY[r.resourceType];
  const asked = by && spec.parameters.includes(by) ? characteristics[by] : undefined;
  return typeof asked === 'number' ? asked : r.quantity;
}

/** The characteristics of the spec that count identifiers: absent means the catalog's quantity. */
export const countingCharacteristics = (spec: CfsSpec): string[] =>
  spec.resources
    .filter((r) => r.role === 'identifier')
    .map((r) => COUNTED_BY[r.resourceType])
    .filter((k): k is string => !!k && spec.parameters.includes(k));

/**
 * The a-priori feasibility of a solution: each resource RM&O lacks is bought when a supplier
 * has a contract for it and is a show-stopper otherwise; identifiers must be free in their
 * pools; on-site work needs a technician with the skill in the region.
 */
export async function assessSolution(
  { serviceInventory: services, workforce }: Pick<Ports, 'serviceInventory' | 'workforce'>,
  spec: CfsSpec,
  region: string,
  requested: Characteristics,
  availability: ResourceAvailability,
) {
  const reasons: string[] = [];
  const characteristics = ownCharacteristics(spec, requested);
  if (availability.region !== region)
    reasons.push(`resource availability was checked in ${availability.region}, not ${region}`);

  const resourceNeeds: ResourceNeed[] = [];
  const supplierComponents: SupplierComponent[] = [];
  for (const r of spec.resources.filter((x) => x.role === 'resource')) {
    const line = availability.lines.find((l) => l.resourceSpecId === r.resourceSpecId);
    const ours = Math.min(line?.available ?? 0, r.quantity);
    if (ours > 0) resourceNeeds.push({ resourceSpecId: r.resourceSpecId, quantity: ours });
    const gap = r.quantity - ours;
    if (gap === 0) continue;
    if (line && line.supplierContracts.length > 0) {
      supplierComponents.push({
        resourceSpecId: r.resourceSpecId,
        quantity: gap,
        supplierContracts: line.supplierContracts,
      });
    } else {
      reasons.push(`no ${r.resourceSpecId} free in ${region} and no supplier contract for it`);
    }
  }

  const identifierNeeds: IdentifierNeed[] = [];
  for (const r of spec.resources.filter((x) => x.role === 'identifier')) {
    // A number may be asked for from another region's numbering plan.
    const numberRegion = characteristics['numberRegion'];
    const pool = r.resourceType === 'telephone-number' && typeof numberRegion === 'string' ? numberRegion : region;
    const quantity = identifierQuantity(spec, r, characteristics);
    const free = await services.freeIdentifiers(pool, r.resourceSpecId);
    if (free < quantity) reasons.push(`the ${r.resourceSpecId} pool of ${pool} has ${free} free, ${quantity} needed`);
    identifierNeeds.push({
      name: PARAMETER_NAMES[r.resourceType] ?? r.resourceType,
      resourceSpecId: r.resourceSpecId,
      region: pool,
      quantity,
    });
  }

  let onsiteWork: { skill: string } | null = null;
  if (spec.needsOnsiteWork) {
    const skill = spec.technicianSkill ?? 'general';
    const technicians = (await workforce.technicians(region)).filter((t) => t.skills.includes(skill));
    if (technicians.length === 0) reasons.push(`no technician with the ${skill} skill in ${region}`);
    onsiteWork = { skill };
  }
  return {
    feasible: reasons.length === 0,
    reasons,
    characteristics,
    resourceNeeds,
    supplierComponents,
    identifierNeeds,
    onsiteWork,
  };
}
