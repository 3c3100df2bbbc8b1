import { ApiError } from './errors';

/**
 * The TMF REST conventions for reading (TMF630): `fields=` projection, attribute filters
 * (`state=completed,failed` is either; `orderDate.gte=…` compares dates with
 * `.gt`/`.gte`/`.lt`/`.lte`), and `offset`/`limit` paging.
 */
export type Comparison = 'eq' | 'gt' | 'gte' | 'lt' | 'lte';

export interface Filter {
  attribute: string;
  op: Comparison;
  /** Alternatives for `eq`; one normalised ISO instant for a date comparison. */
  values: string[];
}

export interface ListQuery {
  fields: string[] | undefined;
  offset: number;
  limit: number;
  filters: Filter[];
}

/** The attributes a collection can be filtered on, and how each compares. */
export type Filterable = Record<string, 'string' | 'date'>;

type Query = Record<string, string | string[] | undefined>;

const one = (query: Query, name: string): string | undefined => {
  const v = query[name];
  if (Array.isArray(v)) throw new ApiError(400, 'INVALID_QUERY', 'Invalid query', `${name} is given more than once`);
  return v;
};

function count(query: Query, name: string, fallback: number, max: number): number {
  const raw = one(query, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > max)
    throw new ApiError(400, 'INVALID_QUERY', 'Invalid query', `${name} must be an integer from 0 to ${max}`);
  return n;
}

/** `fields=state,orderDate` → the attribute names asked for (a nested path keeps its top level). */
export function parseFields(query: Query): string[] | undefined {
  const raw = one(query, 'fields');
  if (raw === undefined || raw === '') return undefined;
  return [...new Set(raw.split(',').map((f) => f.trim().split('.')[0]!))].filter(Boolean);
}

export function parseListQuery(query: Query, filterable: Filterable, maxLimit = 1000): ListQuery {
  const filters: Filter[] = [];
  for (const [key, raw] of Object.entries(query)) {
    if (key === 'fields' || key === 'offset' || key === 'limit' || raw === undefined) continue;
    const [, attribute = key, op = 'eq'] = /^(.+?)(?:\.(gt|gte|lt|lte))?$/.exec(key) ?? [];
    const kind = filterable[attribute];
    if (!kind) {
      const known = Object.keys(filterable).join(', ');
      throw new ApiError(400, 'INVALID_QUERY', 'Invalid query', `cannot filter on ${key} (filters: ${known})`);
    }
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (kind === 'date') {
        const at = new Date(value);
        if (Number.isNaN(at.getTime()))
          throw new ApiError(400, 'INVALID_QUERY', 'Invalid query', `${key} must be a date-time (got ${value})`);
        filters.push({ attribute, op: op as Comparison, values: [at.toISOString()] });
      } else {
        if (op !== 'eq')
          throw new ApiError(400, 'INVALID_QUERY', 'Invalid query', `${attribute} is compared for equality only`);
        filters.push({ attribute, op: 'eq', values: value.split(',') });
      }
    }
  }
  return {
    fields: parseFields(query),
    offset: count(query, 'offset', 0, Number.MAX_SAFE_INTEGER),
    limit: count(query, 'limit', 100, maxLimit),
    filters,
  };
}

/** The attributes a projection always keeps: identity, type, and what the definition requires. */
const IDENTITY = ['id', 'href', '@type', '@baseType', '@schemaLocation'];

/**
 * `fields=` projection. The resource keeps its identity and the attributes its definition
 * requires, so a projected resource is still valid against the specification.
 */
export function project<T extends Record<string, unknown>>(
  resource: T,
  fields: string[] | undefined,
  required: readonly string[] = [],
): Partial<T> {
  if (!fields) return resource;
  const keep = new Set([...IDENTITY, ...required, ...fields]);
  return Object.fromEntries(Object.entries(resource).filter(([k]) => keep.has(k))) as Partial<T>;
}
