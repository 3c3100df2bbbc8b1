import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';

/**
 * 1.O.3.1.7 — warehouses: replenish stock below its reorder level, ship goods taken for a
 * service to the customer's site, return faulty goods to their supplier for repair and take
 * back what comes repaired (to be accepted again by 1.O.3.1.1).
 */
export function createManageLogistics(ports: ReadinessPorts<'logistics' | 'networkActivation'>) {
  return defineReadinessProcess({ etomId: '1.O.3.1.7', layer: 'RM&O' }, ports, async (r, input, call) => {
    const k = call.idempotencyKey;
    const shipped: string[] = [];
    for (const ret of await ports.logistics.shipments('returnForRepair', 'inTransit')) {
      // The supplier has had it since the last run: it comes back repaired.
      for (const rid of ret.resourceIds)
        await ports.networkActivation.repair(`${k}/supplier-repair/${rid}`, rid, `repaired by ${ret.supplierId}`);
      shipped.push((await ports.logistics.receiveRepaired(`${k}/receive/${ret.id}`, ret.id)).id);
    }
    for (const f of await ports.logistics.faultyInStock())
      shipped.push(
        (await ports.logistics.returnForRepair(`${k}/return/${f.resourceId}`, f.resourceId, f.supplierId)).id,
      );
    for (const d of await ports.logistics.awaitingDispatch())
      shipped.push(
        (await ports.logistics.shipToSite(`${k}/ship/${d.resourceId}`, d.resourceId, `site of ${d.customerId}`)).id,
      );
    const stock = await ports.logistics.stock();
    await r.hold(
      'stock.cpeMin',
      stock.map((s) => ({
        subject: s.warehouse,
        value: s.inStock,
        action: `${s.warehouse} is low on ${s.resourceSpecId} (${s.inStock} in stock): replenishment ordered from ${s.supplierId}.`,
      })),
    );
    for (const s of stock.filter((x) => x.inStock + x.incoming < x.reorderLevel))
      shipped.push(
        (
          await ports.logistics.replenish(
            `${k}/replenish/${s.warehouse}`,
            s.warehouse,
            s.resourceSpecId,
            s.reorderQuantity,
          )
        ).id,
      );
    for (const s of stock) r.figures[`${s.warehouse}.${s.resourceSpecId}.inStock`] = s.inStock;
    r.figures['shipments'] = shipped.length;
    return r.finish({ shipments: shipped });
  });
}
