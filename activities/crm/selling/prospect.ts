import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import type { Ports } from '../../../src/ports';

/** The prospect a Selling process works on; a missing one refuses the call. */
export const mustProspect = async (sales: Ports['sales'], id: string) =>
  (await sales.getProspect(id)) ?? reject(BusinessErrorType.NotFound, `no prospect ${id}`);
