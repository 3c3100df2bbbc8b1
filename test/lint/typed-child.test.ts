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

async function childErrors(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: fixture });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'etom/typed-child').map((m) => m.message);
}

describe('lint: a child workflow is called by its function', () => {
  it('rejects a workflow named by a string', async () => {
    const errors = await childErrors(
      `import { executeChild } from '@temporalio/workflow';\nexport const w = () => executeChild('serviceProblem', { workflowId: 'x', args: [] });\n`,
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('a workflow name');
  });

  it('rejects a hand-written signature and a template name', async () => {
    const errors = await childErrors(
      [
        `import { startChild } from '@temporalio/workflow';`,
        'export const w = (id: string) =>',
        '  startChild<(r: { id: string }) => Promise<string>>(`serviceProblem`, { workflowId: id, args: [{ id }] });',
      ].join('\n'),
    );
    expect(errors).toHaveLength(2);
    expect(errors.join('\n')).toContain('type argument');
  });

  it('accepts the workflow function with its start options', async () => {
    const errors = await childErrors(
      [
        `import { executeChild, startChild } from '@temporalio/workflow';`,
        `import { workOrder, workOrderStart, workOrderWorkflowId } from '../rmo/workforce-management';`,
        `import { customerSla, customerSlaStart } from '../crm/customer-qos-sla-management';`,
        `export const a = (input: Parameters<typeof workOrder>[0]) => executeChild(workOrder, workOrderStart(workOrderWorkflowId('R-1'), input));`,
        `export const b = (input: Parameters<typeof customerSla>[0]) => startChild(customerSla, customerSlaStart('SLA-1', input));`,
      ].join('\n'),
    );
    expect(errors).toEqual([]);
  });

  it('passes on every workflow file of the project', async () => {
    const results = await eslint.lintFiles(['workflows/**/*.ts']);
    const errors = results.flatMap((r) =>
      r.messages.filter((m) => m.ruleId === 'etom/typed-child').map((m) => `${r.filePath}:${m.line} ${m.message}`),
    );
    expect(errors).toEqual([]);
  });
});
