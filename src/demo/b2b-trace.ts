import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { buildTrace } from '../trace/build';
import { mergeEnterprises, partnerOrdersOf } from '../trace/enterprises';
import { clientSource } from '../trace/history';
import { renderMermaid } from '../trace/mermaid';
import { fetchPartnerTrace } from '../trace/partner';

/** Where `etom demo b2b` leaves the drawing of its order across the two enterprises. */
export const B2B_TRACE_FILE = 'b2b-trace.mmd';

/**
 * The retailer's order and the wholesaler's product order for its access circuit, side by
 * side (`etom trace <id> --partner`), written to the data dir as mermaid while the wholesaler
 * still runs: the wholesaler's half is read through its dashboard API, with the operator
 * token it gave, as a partner would; the retailer's from its own histories.
 */
export async function writeB2bTrace(
  client: Client,
  dataDir: string,
  wholesaler: { address: string; token: string },
  retailerOrderId: string,
  supplierOrderId: string,
): Promise<{ file: string; lanes: string[] }> {
  const ours = await buildTrace(clientSource(client), retailerOrderId);
  const link = partnerOrdersOf(ours).find((l) => l.supplierOrderWorkflowId === supplierOrderId);
  if (!link) throw new Error(`the retailer's flow ${retailerOrderId} has no partner order for ${supplierOrderId}`);
  const theirs = await fetchPartnerTrace(wholesaler.address, wholesaler.token, supplierOrderId);
  const merged = mergeEnterprises({ name: 'retailer', trace: ours }, { name: 'wholesaler', trace: theirs }, link);
  const file = path.join(dataDir, B2B_TRACE_FILE);
  fs.writeFileSync(file, renderMermaid(merged));
  return { file, lanes: merged.lanes.map((l) => merged.laneTitles[l] ?? l) };
}
