import type { TmfSpec } from './spec';

/** A TMF resource as the APIs show it: every one with id, href, @type, @baseType, @schemaLocation. */
export type Resource = Record<string, unknown> & { id: string; href: string };

/** The type attributes of a resource of `spec`'s definition `type`. */
export const typed = (spec: TmfSpec, type: string) => ({
  '@type': type,
  '@baseType': type,
  '@schemaLocation': spec.schemaLocation(type),
});

/** Drops the attributes that have no value, so the resource carries only what is known. */
export const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));

/**
 * Where a resource of another API lives: every v4 API is at `/tmf-api/<apiName>/v4` (spec.ts
 * checks each file's basePath), so an order links to its parent or children by href.
 */
export const apiHref = (apiName: string, collection: string, id: string) =>
  `/tmf-api/${apiName}/v4/${collection}/${encodeURIComponent(id)}`;

/** The APIs the ordering layers link across, by their names in the base path. */
export const ORDERING_APIS = {
  product: 'productOrderingManagement',
  service: 'serviceOrdering',
  resource: 'resourceOrderingManagement',
} as const;
