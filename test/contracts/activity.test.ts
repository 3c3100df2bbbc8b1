import { ApplicationFailure } from '@temporalio/activity';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineProcess } from '../../src/contracts/activity';
import { BusinessErrorType, BusinessRejection, TransientErrorType, TransientFault } from '../../src/contracts/errors';

const Input = z.object({ n: z.number().int().positive() });
const Output = z.object({ doubled: z.number() });

async function failureOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

describe('defineProcess: the activity contract', () => {
  it('parses input, runs the process and returns its parsed output', async () => {
    let ran = 0;
    const double = defineProcess({ etomId: '1.X.9.9.1', input: Input, output: Output }, async ({ n }) => {
      ran++;
      return { doubled: n * 2 };
    });
    expect(double.etomId).toBe('1.X.9.9.1');
    await expect(double({ n: 4 })).resolves.toEqual({ doubled: 8 });
    expect(ran).toBe(1);
  });

  it('refuses bad input with a non-retryable InvalidInput naming the field, before any work', async () => {
    let ran = 0;
    const double = defineProcess({ etomId: '1.X.9.9.1', input: Input, output: Output }, async ({ n }) => {
      ran++;
      return { doubled: n };
    });
    const f = await failureOf(double({ n: -1 }));
    expect(f.type).toBe(BusinessErrorType.InvalidInput);
    expect(f.nonRetryable).toBe(true);
    expect(f.message).toMatch(/^1\.X\.9\.9\.1: invalid input: n: /);
    expect(ran).toBe(0);
  });

  it('maps a business rejection to a non-retryable failure of the same type', async () => {
    const refuse = defineProcess({ etomId: '1.X.9.9.2', input: Input, output: Output }, async () => {
      throw new BusinessRejection(BusinessErrorType.CreditRefused, 'score too low', { score: 300 });
    });
    const f = await failureOf(refuse({ n: 1 }));
    expect(f.type).toBe('CreditRefused');
    expect(f.nonRetryable).toBe(true);
    expect(f.details?.[0]).toMatchObject({ etomId: '1.X.9.9.2', score: 300 });
  });

  it('maps a transient fault to a retryable failure', async () => {
    const flaky = defineProcess({ etomId: '1.X.9.9.3', input: Input, output: Output }, async () => {
      throw new TransientFault(TransientErrorType.SystemUnavailable, 'inventory did not answer');
    });
    const f = await failureOf(flaky({ n: 1 }));
    expect(f.type).toBe('SystemUnavailable');
    expect(f.nonRetryable).toBe(false);
  });

  it('refuses output that breaks the contract', async () => {
    const broken = defineProcess({ etomId: '1.X.9.9.4', input: Input, output: Output }, async () => {
      return { doubled: 'two' } as unknown as { doubled: number };
    });
    const f = await failureOf(broken({ n: 1 }));
    expect(f.type).toBe(BusinessErrorType.ContractViolation);
    expect(f.nonRetryable).toBe(true);
  });

  it('gives the process an idempotency key, stable when the caller supplies one', async () => {
    const keys: string[] = [];
    const echo = defineProcess({ etomId: '1.X.9.9.5', input: Input, output: Output }, async ({ n }, call) => {
      keys.push(call.idempotencyKey);
      return { doubled: n };
    });
    await echo({ n: 1 }, { idempotencyKey: 'wf-1/3' });
    await echo({ n: 1 }, { idempotencyKey: 'wf-1/3' });
    await echo({ n: 1 });
    expect(keys[0]).toBe('wf-1/3');
    expect(keys[1]).toBe('wf-1/3');
    expect(keys[2]).toMatch(/^local\//);
  });
});
