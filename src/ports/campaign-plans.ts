import type { Figures } from '../domain/readiness/report';

export interface CampaignPlan {
  name: string;
  region: string;
  segment: string;
  productOfferingId: string;
  rationale: string;
  figures: Figures;
  runId: string;
}

/**
 * The market figures campaigns are planned from, and the plans Manage Campaign (1.O.1.1.9)
 * leaves for Marketing Fulfilment Response. Every write takes an idempotency key.
 */
export interface CampaignPlanPort {
  /** Per region: customers, and spare capacity of each offering's resources. */
  marketFigures(): Promise<Array<{ region: string; customers: number; spare: Record<string, number> }>>;
  /** A plan still open for the region and offering is returned instead (`created: false`). */
  planCampaign(key: string, plan: CampaignPlan): Promise<{ id: string; created: boolean }>;
  /**
   * The planned campaign started (its collateral went out: `running`) or reached its end date
   * (`completed`); a plan already there or past it is left as it is. Answers the plan's state.
   */
  markPlan(key: string, planId: string, state: 'running' | 'completed'): Promise<string>;
}
