import type { RejectReason, UsageType } from '../../domain/billing/usage';
import type { SubmittedUsage } from '../../ports/usage';
import { money } from '../customer-bill/representation';
import { customerParty, productRef } from '../inventory/links';
import { apiHref, defined, type Resource, typed } from '../representation';
import type { TmfSpec } from '../spec';

/** TMF635, by its name in the base path, and the spec file it follows. */
export const USAGE_API = 'usageManagement';
export const USAGE_MANAGEMENT_SPEC = 'TMF635-UsageManagement-v4.0.0.swagger.json';

export const usageHref = (id: string) => apiHref(USAGE_API, 'usage', id);
export const usageSpecificationHref = (id: string) => apiHref(USAGE_API, 'usageSpecification', id);

/** Why mediation (1.B.2.5.1) refused a record, in words. */
const REJECTED: Record<RejectReason, string> = {
  MALFORMED: 'the record does not follow the record format',
  UNKNOWN_RESOURCE: 'the element it came from meters no known product',
  NO_TARIFF: 'the product’s offering has no tariff for this usage type',
  SERVICE_NOT_ACTIVE: 'the product or its service is not active',
  DUPLICATE: 'the same usage was already received',
};

/** The unit a usage type is counted in, and the characteristic that carries the quantity. */
export const QUANTITY: Record<UsageType, { characteristic: string; unit: string; party: string }> = {
  voice: { characteristic: 'duration', unit: 'seconds', party: 'calledNumber' },
  data: { characteristic: 'volume', unit: 'megabytes', party: 'accessPointName' },
};

/**
 * The charge once Rate Usage Records (1.B.2.5.2) rated the record: the amount before tax on
 * the tariff its product's offering has for the usage type, and whether it fell in the
 * cycle's allowance (TMF635 usageRatingTag).
 */
function ratedProductUsage(u: SubmittedUsage, origin: string) {
  const r = u.record;
  if (!r || (r.state !== 'rated' && r.state !== 'billed') || r.chargeMinor === null) return undefined;
  const product = productRef(u.productId);
  const tag = !u.tariff?.allowanceUnits
    ? 'usage'
    : r.allowanceUnits === r.units
      ? 'included usage'
      : 'non included usage';
  return [
    defined({
      // Billing moves the record on later; until then, its last change is its rating.
      ratingDate: r.state === 'rated' ? r.updatedAt : undefined,
      isBilled: r.state === 'billed',
      ratingAmountType: 'total',
      offerTariffType: u.tariff?.id,
      usageRatingTag: tag,
      taxExcludedRatingAmount: money(r.chargeMinor, u.tariff?.currency ?? 'EUR'),
      productRef: { ...product, href: `${origin}${product.href}` },
      '@type': 'RatedProductUsage',
    }),
  ];
}

/**
 * A usage record posted through TMF635, where it stands in the usage-to-bill flow. TMF635's
 * UsageStatusType names the store's own states (received, guided, rejected, recycled, rated,
 * billed), so `status` is the record's state as is: `received` until mediation guides or
 * rejects it. A rejected record says why in its `rejectionReason` characteristic. `origin`
 * makes the hrefs absolute where the API's hook does not (the events).
 */
export function fromRecord(spec: TmfSpec, u: SubmittedUsage, origin = '') {
  const reason = u.state === 'rejected' ? u.record?.rejectReason : undefined;
  return {
    id: u.id,
    href: `${origin}${usageHref(u.id)}`,
    ...defined({
      description: u.description,
      usageDate: u.usageDate,
      usageType: u.usageType,
      status: u.state,
      usageSpecification: {
        id: u.usageType,
        href: `${origin}${usageSpecificationHref(u.usageType)}`,
        name: u.usageType,
        '@referredType': 'UsageSpecification',
      },
      relatedParty: customerParty(u.customerId),
      usageCharacteristic: [
        ...u.characteristics,
        ...(reason ? [{ name: 'rejectionReason', valueType: 'string', value: `${reason}: ${REJECTED[reason]}` }] : []),
      ],
      ratedProductUsage: ratedProductUsage(u, origin),
    }),
    ...typed(spec, 'Usage'),
  } satisfies Resource;
}
