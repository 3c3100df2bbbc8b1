import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import type { SpecLibrary } from '../../api/spec';
import { SupplierBill } from '../../domain/billing/settlement';
import type { PartnerGatewayPort } from '../../ports/partner-gateway';
import { type SupplierApiOptions, supplierApi } from './supplier-api';

export const TMF678_SPEC = 'TMF678-CustomerBillManagement-v4.0.0.swagger.json';

export interface HttpSupplierBillOptions extends SupplierApiOptions {
  specs: SpecLibrary;
  /** Our account at the supplier: the customer its bills name. */
  buyerId: string;
}

interface Money {
  unit?: string;
  value?: number;
}
interface CustomerBill {
  id: string;
  billDate?: string;
}
interface AppliedRate {
  id: string;
  name?: string;
  description?: string;
  taxExcludedAmount?: Money;
  product?: { id?: string };
  characteristic?: Array<{ name: string; value?: unknown }>;
}

/** The reference of the bill a supplier has not issued: it bills nothing. */
export const NO_BILL = '(no bill issued)';

/** As many as one page of a supplier's collection holds; the next page is asked while one is full. */
const PAGE = 100;

/** A currency's minor units per major unit (2 for EUR), from the ISO 4217 data Intl carries. */
const scale = (currency: string) =>
  10 ** (new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2);

/**
 * A supplier's billing over TMF678 (1.B.4.5.2 on our side): its latest CustomerBill for our
 * account and that bill's AppliedCustomerBillingRate lines, each checked against the official
 * specification, in integer minor units. A line names what it charges by the product the
 * supplier delivered us (its TMF678 `product`), as our records of the supplied resource keep it.
 *
 * TMF678 takes no dispute, nor does any API the supplier serves us: a dispute is answered `open`
 * and stays with us, its amount withheld, until the supplier answers by other means.
 */
export function createHttpSupplierBill(
  opts: HttpSupplierBillOptions,
): Pick<PartnerGatewayPort, 'supplierBill' | 'answerDispute'> {
  const call = supplierApi(opts.specs.load(TMF678_SPEC), opts);
  const q = encodeURIComponent;

  async function all<T>(path: string, response: string): Promise<T[]> {
    const out: T[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await call<T[]>({
        method: 'GET',
        path: `${path}&offset=${offset}&limit=${PAGE}`,
        response,
        list: true,
      });
      out.push(...page);
      if (page.length < PAGE) return out;
    }
  }

  const minorOf = (rate: AppliedRate, billId: string) => {
    const m = rate.taxExcludedAmount;
    if (typeof m?.value !== 'number' || !m.unit)
      throw new BusinessRejection(
        BusinessErrorType.ContractViolation,
        `${opts.supplierId}'s bill ${billId} has a line ${rate.id} without its amount: it cannot be assessed`,
        { supplierId: opts.supplierId },
      );
    return Math.round(m.value * scale(m.unit));
  };

  return {
    async supplierBill() {
      const bills = await all<CustomerBill>(`/customerBill?relatedParty.id=${q(opts.buyerId)}`, 'CustomerBill');
      // The period is ours (a bill run's), the supplier bills on its own cycle: its bill for the
      // period is the last it issued us (never paid twice: the settlement knows the bills it received).
      const latest = bills
        .filter((b) => b.billDate)
        .sort((a, b) => Date.parse(a.billDate!) - Date.parse(b.billDate!))
        .at(-1);
      // None yet: nothing billed, nothing to pay — the cycle goes on, as with a simulated supplier's empty invoice.
      if (!latest) return { supplierReference: NO_BILL, lines: [] };
      const rates = await all<AppliedRate>(
        `/appliedCustomerBillingRate?bill.id=${q(latest.id)}`,
        'AppliedCustomerBillingRate',
      );
      const referenceOf = (r: AppliedRate) =>
        r.product?.id ??
        String(r.characteristic?.find((c) => c.name === 'productId' || c.name === 'serviceId')?.value ?? r.id);
      return SupplierBill.parse({
        supplierReference: latest.id,
        lines: rates.map((r) => ({
          reference: referenceOf(r),
          description: r.description ?? r.name ?? r.id,
          amountMinor: minorOf(r, latest.id),
        })),
      });
    },
    // No TMF API of the supplier's takes a dispute of its bill: ours to follow, unanswered.
    answerDispute: async () => 'open',
  };
}
