import { ratePerRow, total } from '../../../src/domain/readiness/assess';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';

/** The questions answered per run: the commonest, asked at least twice in the regions past the objective. */
const ANSWERS_PER_RUN = 3;

/** The published answer to a common question, from how the inquiries that asked it ended. */
const answerTo = (q: { question: string; asked: number; upheld: number; notUpheld: number }) =>
  `"${q.question}": asked ${q.asked} times; the rated record confirmed the charge ${q.notUpheld} time(s) and corrected or refunded it ${q.upheld} time(s). ` +
  'Each usage is rated by the tariff of your offer: rounded up to the unit of the tariff, your allowance used first, then the peak or off-peak price. ' +
  'A charge the rated record does not support is corrected on your account.';

/**
 * 1.O.1.1.4 — billing trends (inquiries, complaints) against the accounts billed, per region; where
 * they are past the objective, the answers to the common questions there are published, which
 * Manage Customer Billing Inquiries (1.B.1.8.1) gives with its own finding.
 */
export function createSupportBillingAndCollections(ports: ReadinessPorts<'operationalTrends' | 'billing'>) {
  return defineReadinessProcess({ etomId: '1.O.1.1.4', layer: 'CRM' }, ports, async (r, input, call) => {
    const t = await ports.operationalTrends.trend('billingInquiries', r.since);
    r.figures['accounts'] = total(t, 'accounts');
    r.figures['inquiries'] = total(t, 'inquiries');
    r.figures['complaints'] = total(t, 'complaints');
    const crossing = await r.hold(
      'billing.inquiryRate',
      ratePerRow(
        t.rows,
        'inquiries',
        'accounts',
        (x) =>
          `Billing inquiries in ${x.group.slice(7)} are frequent (${x.figures['complaints']} complaints): add billing agents and publish answers to the common questions.`,
      ),
    );
    // "Publish answers to the common questions": written where 1.B.1.8.1 reads them.
    const regions = crossing.map((m) => m.subject.replace(/^region:/, ''));
    const common = (await ports.billing.commonQuestions(regions, r.since))
      .filter((q) => q.asked >= 2)
      .slice(0, ANSWERS_PER_RUN);
    for (const q of common) {
      await ports.billing.publishAnswer(`${input.runId}/${call.etomId}/answer/${q.question}`, {
        question: q.question,
        answer: answerTo(q),
        asked: q.asked,
        publishedBy: call.etomId,
        runId: input.runId,
      });
      r.findings.push(`answer published to "${q.question}" (asked ${q.asked} times)`);
    }
    r.figures['answersPublished'] = common.length;
    return r.finish({ sources: t.sources, answersPublished: common.map((q) => q.question) });
  });
}
