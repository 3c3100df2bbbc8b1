import type { Tx } from './database';

/**
 * Hands a resource over to Resource Acceptance (1.O.3.1.1), pending its test: a resource handed
 * over again (repaired after it failed) starts afresh. Used by every change that brings goods in.
 */
export async function handOverForAcceptance(
  tx: Tx,
  at: string,
  resourceId: string,
  reason: 'new' | 'repaired' | 'discovered',
  source: string,
): Promise<number> {
  const r = await tx.query(
    `INSERT INTO resource_acceptance (resource_id, reason, source, state, handed_over_at) VALUES ($1, $2, $3, 'pending', $4)
     ON CONFLICT (resource_id) DO UPDATE SET reason = excluded.reason, source = excluded.source, state = 'pending',
       detail = NULL, handed_over_at = excluded.handed_over_at, tested_at = NULL`,
    [resourceId, reason, source, at],
  );
  return r.rowCount ?? 0;
}
