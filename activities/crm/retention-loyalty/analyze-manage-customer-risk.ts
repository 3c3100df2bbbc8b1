import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { CustomerId } from '../../../src/domain/customer';
import {
  RISK_THRESHOLD,
  RISK_WEIGHTS,
  RiskAssessment,
  type RiskFactor,
  riskFactors,
  riskScore,
} from '../../../src/domain/lifecycle/relationship';
import type { Ports } from '../../../src/ports';
import { mustCustomer } from './customer';

export const RiskInput = z.object({ customerId: CustomerId });
export const RiskOutput = RiskAssessment;

/**
 * 1.FAB.1.9.3 — the one risk assessment of the enterprise (RISK_WEIGHTS in
 * src/domain/lifecycle/relationship.ts), computed from the latest insight and kept with its factors.
 */
export function createAnalyzeAndManageCustomerRisk(
  ports: Pick<Ports, 'customerRelationships' | 'customerManagement' | 'clock'>,
) {
  const { customerRelationships: crm, customerManagement: customers, clock } = ports;
  const now = () => clock().toISOString();
  return defineProcess(
    { etomId: '1.FAB.1.9.3', input: RiskInput, output: RiskOutput },
    async ({ customerId }, call) => {
      await mustCustomer(customers, customerId);
      const insight = await crm.latestInsight(customerId);
      if (!insight)
        return reject(BusinessErrorType.NotFound, `no insight on ${customerId}: build it first (1.FAB.1.9.2)`);
      const factors = riskFactors(insight);
      const score = riskScore(factors);
      const weighted = (Object.keys(RISK_WEIGHTS) as RiskFactor[])
        .map((f) => [f, RISK_WEIGHTS[f] * factors[f]] as const)
        .filter(([, w]) => w > 0)
        .sort((a, b) => b[1] - a[1]);
      const fraud = insight.payment.fraudFlag;
      return crm.recordRisk(call.idempotencyKey, {
        customerId,
        insightId: insight.id,
        score,
        factors,
        mainFactor: weighted[0]?.[0] ?? null,
        fraud,
        atRisk: fraud || score >= RISK_THRESHOLD,
        assessedAt: now(),
      });
    },
  );
}
