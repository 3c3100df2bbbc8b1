import type { FastifyReply } from 'fastify';
import type { DateBound } from '../ports/search';
import type { Filter } from './query';

/**
 * The values an attribute's filters allow. Repeating an attribute narrows the list: only
 * values every repetition allows remain. Undefined when the attribute is not filtered on.
 */
export function allowed(filters: readonly Filter[], attribute: string): string[] | undefined {
  const f = filters.filter((x) => x.attribute === attribute);
  return f.length ? f.map((x) => x.values).reduce((a, b) => a.filter((v) => b.includes(v))) : undefined;
}

/** The date filters as the store's bounds: TMF attribute → the record's field. */
export function dateBounds<F extends string>(filters: readonly Filter[], fields: Record<string, F>): DateBound<F>[] {
  return filters
    .filter((f) => fields[f.attribute])
    .map((f) => ({ field: fields[f.attribute]!, op: f.op, value: f.values[0]! }));
}

/** One page of a list, with how many match in all (X-Total-Count) and how many are here (X-Result-Count). */
export function sendPage(reply: FastifyReply, total: number, page: readonly unknown[]) {
  return reply.header('X-Total-Count', String(total)).header('X-Result-Count', String(page.length)).send(page);
}
