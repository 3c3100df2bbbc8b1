import { type ProductOffering, type RecurringTier } from '../../domain/catalog';
import { VAT_BASIS_POINTS, taxOf } from '../../domain/billing/billing';
import { money } from '../customer-bill/representation';
import { INVENTORY_APIS } from '../inventory/links';
import { apiHref, type Resource, typed } from '../representation';
import type { TmfSpec } from '../spec';

/**
 * The catalog keeps its prices in integer minor units without a currency: every account of the
 * store is opened in its default currency, EUR (migrations 001 and 011), which is what bills
 * charge these prices in.
 */
export const CATALOG_CURRENCY = 'EUR';

/** Every price of the catalog applies while its offering is on sale, as the offering's status. */
const LIFECYCLE = 'Launched';

/**
 * When a tiered price applies: the product's characteristic in (valueFrom, valueTo], the
 * bounds as `recurringFor` reads them (a tier takes values up to and including its `atMost`).
 */
interface Applicability {
  characteristic: string;
  above?: number;
  atMost?: number;
}

/** One price of an offering, before it is shown as a TMF620 ProductOfferingPrice. */
export interface OfferingPrice {
  id: string;
  name: string;
  description: string;
  priceType: 'oneTime' | 'recurring';
  minor: number;
  applies: Applicability[];
}

/** The largest `atMost` below this tier on the same characteristic: the tier's lower bound. */
const below = (tiers: readonly RecurringTier[], t: RecurringTier) =>
  tiers
    .filter((o) => o.characteristic === t.characteristic && o.atMost < t.atMost)
    .reduce<number | undefined>((m, o) => (m === undefined || o.atMost > m ? o.atMost : m), undefined);

/**
 * An offering's prices: its one-off charge, its monthly list price, and a monthly price per
 * recurring tier. The list price applies above every tier (and when the product has no value
 * for the characteristic), so it carries the open range above the highest tier of each.
 */
export function offeringPrices(o: ProductOffering): OfferingPrice[] {
  const tiers = [...o.recurringTiers].sort((a, b) => a.atMost - b.atMost);
  const tops = new Map(tiers.map((t) => [t.characteristic, t.atMost]));
  return [
    {
      id: `${o.id}-ONE-TIME`,
      name: `${o.name}: one-off charge`,
      description: 'Charged once, on the first bill after the product is active',
      priceType: 'oneTime',
      minor: o.oneTimeMinor,
      applies: [],
    },
    {
      id: `${o.id}-MONTHLY`,
      name: `${o.name}: monthly charge`,
      description: tiers.length
        ? `Monthly list price, above every tier or without a value for ${[...tops.keys()].join(', ')}`
        : 'Monthly list price',
      priceType: 'recurring',
      minor: o.recurringMinor,
      applies: [...tops].map(([characteristic, above]) => ({ characteristic, above })),
    },
    ...tiers.map((t): OfferingPrice => {
      const above = below(tiers, t);
      return {
        id: `${o.id}-MONTHLY-${t.characteristic}-${t.atMost}`,
        name: `${o.name}: monthly charge, ${t.characteristic} up to ${t.atMost}`,
        description: `Monthly price of a product whose ${t.characteristic} is at most ${t.atMost}`,
        priceType: 'recurring',
        minor: t.recurringMinor,
        applies: [{ characteristic: t.characteristic, atMost: t.atMost, ...(above === undefined ? {} : { above }) }],
      };
    }),
  ];
}

export const priceHref = (id: string) => apiHref(INVENTORY_APIS.productCatalog, 'productOfferingPrice', id);

/** The offering's reference to one of its prices (TMF620 v4 lists prices by ref only). */
export const priceRef = (p: OfferingPrice) => ({
  id: p.id,
  href: priceHref(p.id),
  name: p.name,
  '@referredType': 'ProductOfferingPrice',
});

/**
 * A tier's range as a TMF620 v4 ProductSpecificationCharacteristicValueUse: the values are
 * strings there; `closedTop` keeps `atMost` in the tier and the bound below it out, `open`
 * (no valueTo) is the list price above the highest tier.
 */
const valueUse = (a: Applicability) => ({
  name: a.characteristic,
  valueType: 'number',
  productSpecCharacteristicValue: [
    {
      ...(a.above === undefined ? {} : { valueFrom: String(a.above) }),
      ...(a.atMost === undefined ? {} : { valueTo: String(a.atMost) }),
      rangeInterval: a.atMost === undefined ? 'open' : 'closedTop',
      valueType: 'number',
    },
  ],
});

/**
 * A price as TMF620 v4 shows it: `price` is the amount bills charge before VAT (Money in major
 * units, from the stored minor units), and `tax` the VAT each bill adds to it.
 */
export function fromPrice(spec: TmfSpec, p: OfferingPrice): Resource {
  return {
    id: p.id,
    href: priceHref(p.id),
    name: p.name,
    description: p.description,
    isBundle: false,
    lifecycleStatus: LIFECYCLE,
    priceType: p.priceType,
    ...(p.priceType === 'recurring' ? { recurringChargePeriodType: 'month', recurringChargePeriodLength: 1 } : {}),
    price: money(p.minor, CATALOG_CURRENCY),
    tax: [
      {
        taxCategory: 'VAT',
        taxRate: VAT_BASIS_POINTS / 10_000,
        taxAmount: money(taxOf(p.minor), CATALOG_CURRENCY),
      },
    ],
    ...(p.applies.length ? { prodSpecCharValueUse: p.applies.map(valueUse) } : {}),
    ...typed(spec, 'ProductOfferingPrice'),
  };
}
