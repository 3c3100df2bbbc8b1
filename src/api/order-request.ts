import { createHash, randomUUID } from 'node:crypto';

/**
 * What the TMF ordering APIs' bodies (already valid against their specification) share, read
 * as the processes take them: the order's id, the customer, the site, the characteristics.
 */
export interface Ref {
  id?: string;
  name?: string;
  role?: string;
  '@referredType'?: string;
}
export interface CharacteristicBody {
  name: string;
  value: unknown;
}

const ORDER_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{2,63}$/;

/**
 * The order's id, which is also its workflow's: the customer's `externalId` when it can be
 * one, else derived from it (so posting the same order twice is still one order); an order
 * without an externalId gets a new id, `<prefix>-<uuid>`.
 */
export function orderIdFor(body: { externalId?: string }, prefix: string): string {
  const external = body.externalId;
  if (external === undefined) return `${prefix}-${randomUUID()}`;
  if (ORDER_ID.test(external)) return external;
  return `${prefix}-${createHash('sha256').update(external).digest('hex').slice(0, 32)}`;
}

/** The customer among the related parties: the one in the `customer` role, else the first. */
export function customerOf(parties: readonly Ref[] | undefined): string | undefined {
  const customer =
    parties?.find((p) => p.role?.toLowerCase() === 'customer' || p['@referredType'] === 'Customer') ?? parties?.[0];
  return customer?.id;
}

/** Characteristics as name → value (what is not a scalar is passed on, for the process to refuse). */
export function characteristicsOf(
  list: readonly CharacteristicBody[] | undefined,
): Record<string, string | number | boolean> {
  return Object.fromEntries((list ?? []).map((c) => [c.name, c.value])) as Record<string, string | number | boolean>;
}

/** The site's region: the place in the installation role, else the first place with an id. */
export function regionOf(places: readonly Ref[] | undefined): string | undefined {
  const withId = (places ?? []).filter((p) => p.id);
  return (withId.find((p) => /install|site/i.test(p.role ?? '')) ?? withId[0])?.id;
}
