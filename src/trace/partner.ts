import { type Trace, TraceSchema } from './model';

/** The partner's API did not give its trace: unreachable, the token refused, no such flow, or not a trace. */
export class PartnerTraceError extends Error {
  constructor(
    message: string,
    readonly reason: 'unreachable' | 'refused' | 'notFound' | 'invalid',
  ) {
    super(message);
    this.name = 'PartnerTraceError';
  }
}

/**
 * The partner's trace of one of its flows, through its public API only (its dashboard's
 * `GET /dashboard/api/flows/<id>/trace`, with a token it gave us, read scope): never its store
 * nor its Temporal. The answer is checked against our trace model: both run etom-temporal.
 * The token never appears in an error.
 */
export async function fetchPartnerTrace(
  apiUrl: string,
  token: string,
  workflowId: string,
  timeoutMs = 30_000,
): Promise<Trace> {
  const base = apiUrl.replace(/\/+$/, '');
  const url = `${base}/dashboard/api/flows/${encodeURIComponent(workflowId)}/trace`;
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const why = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
    throw new PartnerTraceError(`the partner at ${base} did not answer: ${why}`, 'unreachable');
  }
  const body = await res.text();
  if (res.status === 401 || res.status === 403)
    throw new PartnerTraceError(`the partner at ${base} refused the token (${res.status})`, 'refused');
  if (res.status === 404) throw new PartnerTraceError(`the partner at ${base} has no flow ${workflowId}`, 'notFound');
  if (!res.ok)
    throw new PartnerTraceError(`the partner at ${base} answered ${res.status}: ${body.slice(0, 200)}`, 'unreachable');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new PartnerTraceError(`the partner at ${base} answered something that is not JSON`, 'invalid');
  }
  const parsed = TraceSchema.safeParse(json);
  if (!parsed.success)
    throw new PartnerTraceError(
      `the partner at ${base} answered a trace we cannot read: ${parsed.error.issues[0]?.message ?? ''}`,
      'invalid',
    );
  return parsed.data;
}
