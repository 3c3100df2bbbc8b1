import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Bearer tokens and their scopes. A scope is `read` or `write` (every API) or
 * `<apiName>:read` / `<apiName>:write` (one API, by the name in its base path). A token is
 * kept only as its SHA-256, compared in constant time, and never logged.
 */
export interface TokenSet {
  /** The scopes of a presented token, or undefined when it is not one of ours. */
  scopesOf(token: string): ReadonlySet<string> | undefined;
  readonly size: number;
}

// The one-shot hash: no Hash object per request (Node ≥ 20.12).
const digest = (token: string) => hash('sha256', token, 'buffer');

/**
 * Parses `token=scope,scope` entries separated by whitespace, newlines or `;` (`#` starts a
 * comment). A token given without scopes may read and write.
 */
export function parseTokens(text: string): TokenSet {
  const entries: Array<{ hash: Buffer; scopes: Set<string> }> = [];
  const uncommented = text
    .split('\n')
    .map((line) => line.split('#')[0]!)
    .join('\n');
  for (const entry of uncommented.split(/[\s;]+/)) {
    if (!entry) continue;
    const [token, scopes] = entry.split('=', 2) as [string, string | undefined];
    if (token.length < 16) throw new Error('an API token has at least 16 characters');
    const list = (scopes ?? 'read,write').split(',').filter(Boolean);
    entries.push({ hash: digest(token), scopes: new Set(list) });
  }
  return {
    size: entries.length,
    scopesOf(token) {
      const hash = digest(token);
      // Every entry is compared, so the time taken says nothing about which one matched.
      let found: Set<string> | undefined;
      for (const e of entries) if (timingSafeEqual(e.hash, hash)) found = e.scopes;
      return found;
    },
  };
}

/** Whether `scopes` allow `access` (read or write) to the API named `apiName`. */
export function allows(scopes: ReadonlySet<string>, apiName: string, access: 'read' | 'write'): boolean {
  return scopes.has(access) || scopes.has(`${apiName}:${access}`);
}

/** ETOM_API_TOKENS: the tokens themselves, or `@file` / an absolute path naming a file of them. */
export function loadTokens(setting: string): TokenSet {
  const file = setting.startsWith('@') ? setting.slice(1) : path.isAbsolute(setting) ? setting : undefined;
  const tokens = parseTokens(file ? fs.readFileSync(file, 'utf8') : setting);
  if (tokens.size === 0) throw new Error('ETOM_API_TOKENS names no token');
  return tokens;
}

/**
 * The default token of a local deployment: made once, kept (owner-only) in
 * `<data dir>/api-token` so it survives restarts, with read and write on every API.
 */
export function defaultToken(dataDir: string): { token: string; file: string } {
  const file = path.join(dataDir, 'api-token');
  if (fs.existsSync(file)) return { token: fs.readFileSync(file, 'utf8').trim(), file };
  const token = randomBytes(24).toString('base64url');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, file };
}
