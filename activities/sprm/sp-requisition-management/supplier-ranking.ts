import type { SupplierContract } from '../../../src/ports/partner-gateway';

const DAY_MS = 86_400_000;

const meetsDate = (c: SupplierContract, now: Date, requiredBy?: string) =>
  !requiredBy || now.getTime() + c.leadTimeDays * DAY_MS <= Date.parse(requiredBy);

/**
 * Best first. Suppliers that can deliver by the required date come before those that cannot;
 * among those that can, the cheaper wins (arriving earlier than needed is worth nothing), then
 * the better rated, the better SLA. With no date to meet, or none meeting it, the service
 * order waits on delivery: the shorter lead time wins, then price, rating, SLA.
 */
export function rankContracts(
  contracts: SupplierContract[],
  opts: { now?: Date; requiredBy?: string } = {},
): SupplierContract[] {
  const now = opts.now ?? new Date(0);
  const quality = (a: SupplierContract, b: SupplierContract) =>
    b.supplierRating - a.supplierRating || b.availabilitySlaPct - a.availabilitySlaPct;
  return [...contracts].sort((a, b) => {
    const aMeets = meetsDate(a, now, opts.requiredBy);
    const bMeets = meetsDate(b, now, opts.requiredBy);
    if (aMeets !== bMeets) return aMeets ? -1 : 1;
    const byPriceFirst = opts.requiredBy !== undefined && aMeets;
    return (
      (byPriceFirst
        ? a.priceMinor - b.priceMinor || quality(a, b) || a.leadTimeDays - b.leadTimeDays
        : a.leadTimeDays - b.leadTimeDays || a.priceMinor - b.priceMinor || quality(a, b)) || a.id.localeCompare(b.id)
    );
  });
}
