import type { ProductOffering } from '../../../src/domain/catalog';
import type { Segment } from '../../../src/domain/lifecycle/sales';

/** The credit a new customer starts with, by segment, until billing history builds its own. */
export const STARTER_CREDIT: Record<Segment, { creditScore: number; creditLimitMinor: number }> = {
  residential: { creditScore: 650, creditLimitMinor: 50_000 },
  business: { creditScore: 700, creditLimitMinor: 500_000 },
  wholesale: { creditScore: 700, creditLimitMinor: 2_000_000 },
};

/** Business offerings are for business and wholesale customers; residential ones for anyone. */
export const segmentFits = (offering: ProductOffering, segment: Segment) =>
  offering.segment === 'residential' || segment !== 'residential';
