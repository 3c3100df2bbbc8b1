/**
 * The dashboard's calls to /dashboard/api, each with the bearer token `etom dev` printed in the
 * page's first URL (`#token=…`): step inputs hold customers' data, so the data needs the same
 * token as the TMF APIs. The token is kept for the tab's life in sessionStorage.
 */
const TOKEN_KEY = 'etom.dashboard.token';
export const API = '/dashboard/api';

/** Takes `token=` out of the address (it must not stay in the history or a copied link). */
export function adoptTokenFromUrl(): void {
  const match = /(?:^#|[&#?])token=([^&]+)/.exec(location.hash);
  if (!match?.[1]) return;
  sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
  const rest = location.hash.replace(/[&#?]?token=[^&]+/, '').replace(/^#?&/, '#');
  history.replaceState(null, '', `${location.pathname}${location.search}${rest === '' || rest === '#' ? '#/' : rest}`);
}

export const token = (): string | null => sessionStorage.getItem(TOKEN_KEY);
export const setToken = (value: string): void => sessionStorage.setItem(TOKEN_KEY, value.trim());

/** The dashboard cannot read its data: no token, or one the server refuses. */
export class AccessError extends Error {
  constructor(readonly status: 401 | 403 | null) {
    super(
      status === null
        ? 'No access token. Open the link `etom dev` printed (http://…/#token=…), or paste the token below.'
        : status === 401
          ? 'The server refused the access token (401). Open the link `etom dev` printed again, or paste a valid token below.'
          : 'This token may not read the dashboard (403): it needs the read scope.',
    );
    this.name = 'AccessError';
  }
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

function headers(): Record<string, string> {
  const t = token();
  if (!t) throw new AccessError(null);
  return { authorization: `Bearer ${t}`, accept: 'application/json' };
}

async function failureOf(res: Response): Promise<Error> {
  if (res.status === 401 || res.status === 403) return new AccessError(res.status);
  // The server's errors are TMF Error bodies: their reason and message say what went wrong.
  const body = (await res.json().catch(() => null)) as { reason?: string; message?: string } | null;
  return new ApiFailure(res.status, [body?.reason, body?.message].filter(Boolean).join(': ') || res.statusText);
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(`${API}${path}`, { headers: headers(), signal });
  if (!res.ok) throw await failureOf(res);
  return (await res.json()) as T;
}

export interface ServerEvent {
  event: string;
  data: string;
}

/**
 * Reads a text/event-stream with fetch (EventSource cannot send the Authorization header) and
 * hands each event to `onEvent` until the stream ends or `signal` aborts. Comment lines (the
 * server's keep-alives) are skipped.
 */
export async function readStream(
  path: string,
  onEvent: (e: ServerEvent) => void,
  signal: AbortSignal,
  onOpen?: () => void,
): Promise<void> {
  const res = await fetch(`${API}${path}`, {
    headers: { ...headers(), accept: 'text/event-stream' },
    signal,
  });
  if (!res.ok || !res.body) throw await failureOf(res);
  onOpen?.();
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = text;
        else if (field === 'data') data.push(text);
      }
      if (data.length > 0) onEvent({ event, data: data.join('\n') });
    }
  }
}
