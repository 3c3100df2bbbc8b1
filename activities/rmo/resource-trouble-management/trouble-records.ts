import { z } from 'zod';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { ResourceTroubleState } from '../../../src/domain/assurance/states';
import type { Ports } from '../../../src/ports';
import type { ResourceTroubleRecord } from '../../../src/ports/resource-troubles';

/** The resource trouble report as the Resource Trouble Management processes (1.A.3.3) see it. */

export const Id = z.string().min(1);

/** How the resource was put right (1.A.3.3.3), `none` until it is. */
export const Recovery = z.enum(['switchedToRedundant', 'repaired', 'replaced', 'none']);

export const TroubleView = z.object({
  troubleId: Id,
  state: ResourceTroubleState,
  resourceId: Id,
  faultResourceId: Id.nullable(),
  recovery: Recovery.nullable(),
  detail: z.string(),
});
export type TroubleView = z.infer<typeof TroubleView>;

export const view = (t: ResourceTroubleRecord, detail: string): TroubleView => ({
  troubleId: t.id,
  state: t.state,
  resourceId: t.resourceId,
  faultResourceId: t.faultResourceId,
  recovery: t.recovery,
  detail,
});

export const mustTrouble = async (troubles: Ports['resourceTroubles'], id: string) =>
  (await troubles.get(id)) ?? reject(BusinessErrorType.NotFound, `no resource trouble ${id}`);
