import type { z } from 'zod';
import { LIMITS } from '../domain/limits';
import { ApiError } from './errors';
import type { Violation } from './spec';

/**
 * Our own bounds on every body, checked after the specification's (which bounds nothing): a
 * string a person could type, lists of a size a request needs, a sane nesting. What passes
 * them is small enough to start a process with, far inside Temporal's payload limits.
 */
export const BODY_BOUNDS = { string: LIMITS.text, array: 1_000, depth: 16 } as const;

/** Every place `body` passes our bounds (the first 20). */
export function outOfBounds(body: unknown): Violation[] {
  const found: Violation[] = [];
  const walk = (v: unknown, depth: number, at: string) => {
    if (found.length >= 20) return;
    if (depth > BODY_BOUNDS.depth) {
      found.push({ path: at || '/', message: `must not be nested deeper than ${BODY_BOUNDS.depth} levels` });
      return;
    }
    if (typeof v === 'string') {
      if (v.length > BODY_BOUNDS.string)
        found.push({ path: at || '/', message: `must NOT have more than ${BODY_BOUNDS.string} characters` });
    } else if (Array.isArray(v)) {
      if (v.length > BODY_BOUNDS.array)
        found.push({ path: at || '/', message: `must NOT have more than ${BODY_BOUNDS.array} items` });
      else v.forEach((e, i) => walk(e, depth + 1, `${at}/${i}`));
    } else if (v && typeof v === 'object') {
      for (const [k, e] of Object.entries(v)) {
        if (k.length > LIMITS.name)
          found.push({ path: at || '/', message: `an attribute name passes ${LIMITS.name} characters` });
        else walk(e, depth + 1, `${at}/${k}`);
      }
    }
  };
  walk(body, 0, '');
  return found;
}

/**
 * A zod refusal of what a body becomes (the process's request), each issue at the body's own
 * path as `where` maps the request's field path to it: 400, naming every field, nothing started.
 */
export function invalidRequest(
  reason: string,
  error: z.ZodError,
  where: (path: ReadonlyArray<PropertyKey>) => string,
): ApiError {
  return ApiError.invalid(
    reason,
    error.issues.map((i) => ({ path: where(i.path), message: i.message })),
  );
}
