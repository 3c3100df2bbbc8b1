import { BusinessErrorType, BusinessRejection, TransientErrorType, TransientFault } from '../../contracts/errors';
import type { TmfError } from '../../contracts/tmf-error';
import { type TmfSpec, violations } from '../../api/spec';

/** How long one call to a supplier may take before it counts as lost (and is retried). */
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface SupplierApiOptions {
  /** The supplier's address, e.g. `https://wholesaler.example` (its APIs are under /tmf-api/…). */
  baseUrl: string;
  /** Our bearer token at the supplier: sent, never logged nor put in an error. */
  token: string;
  supplierId: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface Call {
  method: 'GET' | 'POST' | 'PATCH';
  /** Under the spec's base path, e.g. `/productOrder/ORD-1`. */
  path: string;
  body?: Record<string, unknown>;
  /** The spec definitions the request body and the answer must satisfy. */
  request?: string;
  response: string;
  /** The answer is a list (a collection's GET): each of its elements must satisfy `response`. */
  list?: boolean;
}

/** What a 4xx from the supplier means for us: its business refusal, by the type workflows branch on. */
function refusalType(status: number): BusinessErrorType {
  if (status === 404) return BusinessErrorType.NotFound;
  if (status === 409) return BusinessErrorType.InvalidStateTransition;
  if (status === 400) return BusinessErrorType.InvalidInput;
  // 401/403: our credentials or scope at the supplier are wrong; retrying cannot mend that.
  if (status === 401 || status === 403) return BusinessErrorType.ContractViolation;
  return BusinessErrorType.SupplierRejected;
}

const isTmfError = (v: unknown): v is TmfError =>
  typeof v === 'object' && v !== null && typeof (v as TmfError).code === 'string';

/**
 * One supplier's TM Forum API, as a client: bearer token, bounded time, request and answer
 * checked against the official specification, and failures typed the way activities retry
 * them — a 5xx, 408, 429, a lost connection or a timeout is a TransientFault (retried); any
 * other 4xx is the supplier's answer, a BusinessRejection carrying its TMF `Error` body.
 */
export function supplierApi(spec: TmfSpec, opts: SupplierApiOptions) {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const root = `${opts.baseUrl.replace(/\/$/, '')}${spec.basePath}`;
  const who = `${opts.supplierId} (${spec.apiName})`;

  return async function call<T = Record<string, unknown>>(c: Call): Promise<T> {
    if (c.body && c.request) {
      const bad = violations(spec, c.request, c.body);
      // Our own request breaking the standard is our bug: sending it again would not help.
      if (bad.length)
        throw new BusinessRejection(
          BusinessErrorType.ContractViolation,
          `our ${c.request} to ${who} breaks the specification: ${bad.map((v) => `${v.path} ${v.message}`).join('; ')}`,
        );
    }
    const what = `${c.method} ${spec.basePath}${c.path.split('?')[0]}`;
    let res: Response;
    try {
      res = await doFetch(`${root}${c.path}`, {
        method: c.method,
        headers: {
          authorization: `Bearer ${opts.token}`,
          accept: 'application/json',
          ...(c.body ? { 'content-type': 'application/json' } : {}),
        },
        ...(c.body ? { body: JSON.stringify(c.body) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      throw new TransientFault(
        timedOut ? TransientErrorType.Timeout : TransientErrorType.SystemUnavailable,
        timedOut
          ? `${who} did not answer ${what} within ${timeoutMs} ms`
          : `${who} unreachable for ${what}: ${err instanceof Error ? err.message : String(err)}`,
        { supplierId: opts.supplierId },
      );
    }
    const text = await res.text().catch(() => '');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (res.status >= 500 || res.status === 408 || res.status === 429) {
      throw new TransientFault(
        res.status === 429 ? TransientErrorType.Busy : TransientErrorType.SystemUnavailable,
        `${who} answered ${what} with ${res.status}${isTmfError(body) ? ` (${body.code}: ${body.reason})` : ''}`,
        { supplierId: opts.supplierId, status: res.status, ...(isTmfError(body) ? { error: body } : {}) },
      );
    }
    if (res.status >= 400) {
      const error = isTmfError(body) ? body : undefined;
      throw new BusinessRejection(
        refusalType(res.status),
        `${who} refused ${what} (${res.status}): ${error ? `${error.reason}: ${error.message}` : 'no TMF Error body'}`,
        { supplierId: opts.supplierId, status: res.status, ...(error ? { error } : {}) },
      );
    }
    const bad =
      c.list && !Array.isArray(body)
        ? [{ path: '/', message: 'is not a list' }]
        : (c.list ? (body as unknown[]) : [body]).flatMap((item, n) =>
            violations(spec, c.response, item).map((v) => (c.list ? { ...v, path: `/${n}${v.path}` } : v)),
          );
    if (bad.length)
      throw new BusinessRejection(
        BusinessErrorType.ContractViolation,
        `${who} answered ${what} with an invalid ${c.response}: ${bad
          .slice(0, 5)
          .map((v) => `${v.path} ${v.message}`)
          .join('; ')}`,
        { supplierId: opts.supplierId },
      );
    return body as T;
  };
}
export type SupplierCall = ReturnType<typeof supplierApi>;
