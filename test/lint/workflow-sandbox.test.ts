import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
// A path under workflows/ that no real file occupies: the project's own config applies to it.
const fixture = path.join(root, 'workflows/__lint__/fixture.ts');

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function sandboxErrors(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: fixture });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'etom/workflow-sandbox').map((m) => m.message);
}

describe('lint fences the workflow code', () => {
  it('rejects a Node built-in', async () => {
    const errors = await sandboxErrors(`import fs from 'node:fs';\nexport const x = fs.existsSync('x');\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("'node:fs'");
  });

  it('rejects an adapter value import', async () => {
    const errors = await sandboxErrors(
      `import { createSqliteStore } from '../../src/adapters/sqlite';\nexport const s = createSqliteStore;\n`,
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('src/adapters/sqlite');
  });

  it('rejects an activity implementation and require()', async () => {
    const errors = await sandboxErrors(
      `import { createCrmActivities } from '../../activities/crm';\nexport const a = createCrmActivities;\nexport const b = require('node:path');\n`,
    );
    expect(errors).toHaveLength(2);
  });

  it('accepts @temporalio/workflow, other workflow files and type-only imports', async () => {
    const errors = await sandboxErrors(
      [
        `import { sleep } from '@temporalio/workflow';`,
        `import { SYSTEM_CALL } from '../shared/activity-options';`,
        `import type { CrmActivities } from '../../activities/crm';`,
        `import { type Ports } from '../../src/ports';`,
        `export const x: [typeof sleep, typeof SYSTEM_CALL, CrmActivities | undefined, Ports | undefined] = [sleep, SYSTEM_CALL, undefined, undefined];`,
      ].join('\n'),
    );
    expect(errors).toEqual([]);
  });

  it('accepts zod and the domain schemas, which a workflow checks its own input with (#16)', async () => {
    const errors = await sandboxErrors(
      [
        `import { z } from 'zod';`,
        `import { ProductOrderRequest } from '../../src/domain/fulfilment/product-order';`,
        `export const x = [z.string(), ProductOrderRequest];`,
      ].join('\n'),
    );
    expect(errors).toEqual([]);
  });

  it('makes a floating promise an error', async () => {
    const [result] = await eslint.lintText(
      `import { sleep } from '@temporalio/workflow';\nexport async function w() { sleep(1); }\n`,
      { filePath: fixture },
    );
    expect(result?.messages.map((m) => m.ruleId)).toContain('@typescript-eslint/no-floating-promises');
  });
});
