import { z } from 'zod';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import type { Ports } from '../../../src/ports';

/**
 * One run of Service Quality Management (the serviceQuality workflow's id): what its
 * processes take to name it, and what they read of it.
 */

export const Id = z.string().min(1);
export const Run = { runId: Id };
export const RunInput = z.object(Run);

/** The run's quality events that affect the quality delivered (those set aside are not). */
export const keptEvents = async (quality: Ports['serviceQuality'], runId: string) =>
  (await quality.events(runId)).filter((e) => e.filteredReason === null);

/** The run's KQIs; none yet is a refusal: analysis (1.A.2.4.2) comes first. */
export const mustKqis = async (quality: Ports['serviceQuality'], runId: string) => {
  const kqis = await quality.kqis(runId);
  if (kqis.length === 0) return reject(BusinessErrorType.InvalidStateTransition, `run ${runId} has no KQIs yet`);
  return kqis;
};

/** The processes quality proposals and constraints are addressed to. */
export const TO_SMO_CONFIGURATION = 'SM&O 1.F.2.2 Service Configuration & Activation';
export const TO_SMO_PROBLEMS = 'SM&O 1.A.2.3 Service Problem Management';
export const TO_RMO_PERFORMANCE = 'RM&O 1.A.3.4 Resource Performance Management';
