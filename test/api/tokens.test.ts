import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allows, defaultToken, loadTokens, parseTokens } from '../../src/api/tokens';
import { parseListQuery, project } from '../../src/api/query';

describe('API tokens', () => {
  it('reads tokens with scopes, inline or from a file, and knows no other token', () => {
    const tokens = parseTokens(
      'aaaaaaaaaaaaaaaa=read;bbbbbbbbbbbbbbbb=productOrderingManagement:write # ops\ncccccccccccccccc',
    );
    expect(tokens.size).toBe(3);
    expect([...tokens.scopesOf('aaaaaaaaaaaaaaaa')!]).toEqual(['read']);
    expect(allows(tokens.scopesOf('bbbbbbbbbbbbbbbb')!, 'productOrderingManagement', 'write')).toBe(true);
    expect(allows(tokens.scopesOf('bbbbbbbbbbbbbbbb')!, 'troubleTicket', 'write')).toBe(false);
    expect(allows(tokens.scopesOf('cccccccccccccccc')!, 'troubleTicket', 'write')).toBe(true);
    expect(tokens.scopesOf('aaaaaaaaaaaaaaab')).toBeUndefined();
    expect(() => parseTokens('short=read')).toThrow(/16 characters/);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-tokens-'));
    const file = path.join(dir, 'tokens');
    fs.writeFileSync(file, 'dddddddddddddddd=read\n');
    expect(loadTokens(`@${file}`).scopesOf('dddddddddddddddd')).toBeDefined();
    expect(loadTokens(file).size).toBe(1);

    const made = defaultToken(dir);
    expect(made.file).toBe(path.join(dir, 'api-token'));
    expect(fs.statSync(made.file).mode & 0o777).toBe(0o600);
    expect(defaultToken(dir).token).toBe(made.token);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('TMF list conventions', () => {
  it('parses filters, date comparisons and paging, and projects with the identity and required attributes', () => {
    const q = parseListQuery(
      { state: 'completed,failed', 'orderDate.gte': '2026-01-01T00:00:00Z', offset: '10', limit: '5', fields: 'state' },
      { state: 'string', orderDate: 'date' },
    );
    expect(q).toEqual({
      fields: ['state'],
      offset: 10,
      limit: 5,
      filters: [
        { attribute: 'state', op: 'eq', values: ['completed', 'failed'] },
        { attribute: 'orderDate', op: 'gte', values: ['2026-01-01T00:00:00.000Z'] },
      ],
    });
    expect(() => parseListQuery({ limit: '5000' }, {})).toThrow(/limit/);
    expect(() => parseListQuery({ colour: 'blue' }, { state: 'string' })).toThrow(/colour/);
    const resource = { id: '1', href: '/x/1', '@type': 'T', state: 'done', items: [], note: [] };
    expect(project(resource, ['state'], ['items'])).toEqual({
      id: '1',
      href: '/x/1',
      '@type': 'T',
      state: 'done',
      items: [],
    });
  });
});
