import type { CfsSpec } from '../../../src/domain/catalog';
import type { Characteristics } from '../../../src/domain/fulfilment/product-order';

/**
 * The service levels each kind of service is designed to: what the end-to-end test must show
 * and what assurance holds the service to. Business services get the tighter targets.
 */
const SERVICE_LEVELS: Record<string, { maxLatencyMs: number; availabilityPct: number; restoreHours: number }> = {
  broadband: { maxLatencyMs: 20, availabilityPct: 99.9, restoreHours: 4 },
  vpn: { maxLatencyMs: 30, availabilityPct: 99.95, restoreHours: 4 },
  ip: { maxLatencyMs: 20, availabilityPct: 99.9, restoreHours: 4 },
  voice: { maxLatencyMs: 25, availabilityPct: 99.9, restoreHours: 8 },
};
const BEST_EFFORT = { maxLatencyMs: 50, availabilityPct: 99.5, restoreHours: 24 };
/** Below this share of the agreed rate, a test fails whatever else it shows. */
const MIN_THROUGHPUT_PCT = 95;

/** Only the characteristics the spec defines belong to the service. */
export const ownCharacteristics = (spec: CfsSpec, c: Characteristics): Characteristics =>
  Object.fromEntries(Object.entries(c).filter(([k]) => spec.parameters.includes(k)));

/** The QoS and SLA a service of this spec, with these characteristics, is designed to. */
export const serviceLevels = (spec: CfsSpec, characteristics: Characteristics) => {
  const level = SERVICE_LEVELS[spec.serviceType] ?? BEST_EFFORT;
  const bandwidth = characteristics['bandwidthMbps'];
  return {
    qos: {
      maxLatencyMs: level.maxLatencyMs,
      minThroughputPct: MIN_THROUGHPUT_PCT,
      ...(typeof bandwidth === 'number' ? { committedBandwidthMbps: bandwidth } : {}),
    },
    sla: { availabilityPct: level.availabilityPct, restoreHours: level.restoreHours },
  };
};
