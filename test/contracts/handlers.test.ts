import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineProcessHandlers } from '../../src/contracts/activity';

describe('defineProcessHandlers', () => {
  const calls: string[] = [];
  const activity = defineProcessHandlers(
    {
      etomId: '9.Z.9.9.9',
      handlers: {
        plan: { input: z.object({ spec: z.string().min(1) }), output: z.object({ needs: z.array(z.string()) }) },
        release: {
          input: z.object({ id: z.string(), reason: z.string().default('none') }),
          output: z.object({ released: z.boolean() }),
        },
      },
    },
    {
      plan: async ({ spec }) => {
        calls.push(`plan ${spec}`);
        return { needs: [spec] };
      },
      release: async ({ id, reason }) => {
        calls.push(`release ${id} ${reason}`);
        return { released: id !== 'bad' ? true : ('yes' as unknown as boolean) };
      },
    },
  );

  it('dispatches on action to the named handler, with its defaults applied', async () => {
    expect(activity.etomId).toBe('9.Z.9.9.9');
    expect(await activity({ action: 'plan', spec: 'FIBRE' })).toEqual({ needs: ['FIBRE'] });
    expect(await activity({ action: 'release', id: 'R1' })).toEqual({ released: true });
    expect(calls).toEqual(['plan FIBRE', 'release R1 none']);
  });

  it('refuses input that fits no handler before any handler runs', async () => {
    calls.length = 0;
    const bad = activity({ action: 'plan', spec: '' });
    await expect(bad).rejects.toBeInstanceOf(ApplicationFailure);
    await expect(bad).rejects.toMatchObject({ type: 'InvalidInput', nonRetryable: true });
    await expect(activity({ action: 'nope' } as never)).rejects.toMatchObject({ type: 'InvalidInput' });
    expect(calls).toEqual([]);
  });

  it("checks each handler's output against its own schema", async () => {
    await expect(activity({ action: 'release', id: 'bad' })).rejects.toMatchObject({
      type: 'ContractViolation',
      message: expect.stringContaining('9.Z.9.9.9 release: output breaks its contract'),
    });
  });
});
