/** A product offering whose services meter a usage type that no tariff prices. */
export interface TariffGap {
  productOfferingId: string;
  usageType: string;
  serviceIds: string[];
}

export interface RatingReference {
  /** The tariff table rating reads, when it holds tariffs. */
  tariffSource: string | null;
  classes: Array<{ cfsSpecId: string; content: unknown }>;
}

/**
 * The reference data rating uses for each service class (1.O.2.1.5): what it is now, and the
 * versions recorded each time it changed. Every write takes an idempotency key.
 */
export interface RatingReferencePort {
  ratingReference(): Promise<RatingReference>;
  latestRatingVersion(cfsSpecId: string): Promise<{ version: number; checksum: string } | undefined>;
  /** A new version only when the checksum differs from the latest; returns the version that holds. */
  recordRatingVersion(
    key: string,
    v: { cfsSpecId: string; checksum: string; source: string; content: unknown },
  ): Promise<number>;
  /** Offerings whose active services meter a usage type with no tariff: mediation would reject their records. */
  tariffGaps(): Promise<TariffGap[]>;
  /** Records mediation rejected for want of a tariff that now has one: ready to be recycled. */
  pricedSinceRejected(): Promise<number>;
}
