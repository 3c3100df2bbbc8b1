import { avg, round, total } from '../../../src/domain/readiness/assess';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';

/** A block of telephone numbers, as a numbering plan would allocate it to the operator. */
const NUMBER_BLOCK_SIZE = 20;

/** 1.O.1.1.2 — order handling trends (cycle time, problems, cancellations) and the number blocks orders allocate from. */
export function createSupportOrderHandling(ports: ReadinessPorts<'operationalTrends' | 'numberBlocks'>) {
  return defineReadinessProcess({ etomId: '1.O.1.1.2', layer: 'CRM' }, ports, async (r, input, call) => {
    const t = await ports.operationalTrends.trend('orders', r.since);
    const orders = total(t, 'orders');
    const completed = total(t, 'completed');
    r.figures['orders'] = orders;
    r.figures['completed'] = completed;
    r.figures['cancelled'] = total(t, 'cancelled');
    r.figures['jeopardies'] = total(t, 'jeopardies');
    r.figures['meanCycleHours'] = round(
      avg(
        t.rows.reduce((a, x) => a + (x.figures['meanCycleHours'] ?? 0) * (x.figures['completed'] ?? 0), 0),
        completed,
      ),
    );
    r.figures['cancellationRate'] = round(avg(r.figures['cancelled'], orders));
    await r.hold(
      'orders.meanCycleHours',
      t.rows
        .filter((x) => (x.figures['completed'] ?? 0) > 0)
        .map((x) => ({
          subject: x.group,
          value: x.figures['meanCycleHours'] ?? 0,
          action: `Orders through ${x.group.slice(8)} take too long to complete: add order handling resources.`,
        })),
    );
    await r.hold(
      'orders.cancellationRate',
      t.rows.map((x) => ({
        subject: x.group,
        value: avg(x.figures['cancelled'] ?? 0, x.figures['orders'] ?? 0),
        action: `Too many orders through ${x.group.slice(8)} are cancelled or fail: review how those orders are taken.`,
      })),
    );

    // Number blocks: a region whose free numbers fall below the objective gets a new block.
    const minFree = await r.objective('numbers.freeMin');
    const blocks = [];
    for (const pool of await ports.numberBlocks.pools('RS-TEL-NUMBER')) {
      r.figures[`numbers.${pool.region}.free`] = pool.free;
      if (pool.free >= minFree.limit) continue;
      const block = await ports.numberBlocks.addBlock(
        `${call.idempotencyKey}/block/${pool.region}`,
        'RS-TEL-NUMBER',
        pool.region,
        NUMBER_BLOCK_SIZE,
        `${pool.free} free numbers in ${pool.region}, objective ${minFree.limit}`,
      );
      blocks.push(block);
      r.findings.push(
        `${pool.region}: ${pool.free} free numbers, block ${block.id} added (${block.firstValue}–${block.lastValue})`,
      );
    }
    return r.finish({ numberBlocks: blocks });
  });
}
