import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SLOW_FIRST } from './slow-files';

describe('the slow-first test order', () => {
  it('names only test files that exist, each once', () => {
    expect(SLOW_FIRST.filter((file) => !fs.existsSync(file))).toEqual([]);
    expect(new Set(SLOW_FIRST).size).toBe(SLOW_FIRST.length);
    expect(SLOW_FIRST.every((file) => file.endsWith('.test.ts'))).toBe(true);
  });
});
