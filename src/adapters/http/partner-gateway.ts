import { BusinessErrorType, BusinessRejection, TransientErrorType, TransientFault } from '../../contracts/errors';
import type { SpecLibrary } from '../../api/spec';
import type {
  PartnerGatewayPort,
  ProblemReport,
  RequisitionStatus,
  SupplierProblemStatus,
} from '../../ports/partner-gateway';
import { type SupplierApiOptions, supplierApi } from './supplier-api';
import { createHttpSupplierBill } from './supplier-bill';
import { supplierOrderIdOf } from './supplier-order-id';

export const TMF622_SPEC = 'TMF622-ProductOrdering-v4.0.0.swagger.json';
export const TMF621_SPEC = 'TMF621-TroubleTicket-v4.0.0.swagger.json';

/** What the supplier sells us for one of our resource specifications (configuration, per supplier). */
export interface SupplierOffering {
  productOfferingId: string;
  productCharacteristic?: Array<{ name: string; value: string | number | boolean }>;
}

/** A TMF entity reference, as a ticket names what is affected. */
export interface EntityRef {
  id: string;
  '@referredType': string;
  role?: string;
}

export interface HttpPartnerGatewayOptions extends SupplierApiOptions {
  /** The official specifications (../shared/tmf), each request and answer is checked against. */
  specs: SpecLibrary;
  /** Contracts are ours, not the supplier's: contractsFor, quote and the SLA talks stay with our own data. */
  contracts: Pick<PartnerGatewayPort, 'contractsFor' | 'quote' | 'requestServiceImprovement'>;
  /** Our account at the supplier: the customer party of our orders and tickets. */
  buyerId: string;
  /** Our resource specification → the supplier's product offering. */
  offerings: Record<string, SupplierOffering>;
  /** Our region → the supplier's place id for it (the region's own id when absent). */
  places?: Record<string, string>;
  /**
   * What a problem's ticket names as affected. By default, the products the supplier delivered
   * under the requisition (its order's items).
   */
  affectedEntities?: (problem: ProblemReport) => EntityRef[] | Promise<EntityRef[]>;
  /** How long a cancellation is followed until the supplier has decided it. */
  cancelWaitMs?: number;
}

interface OrderItem {
  id: string;
  state?: string;
  productOffering?: { id: string };
  product?: { id?: string; name?: string; productCharacteristic?: Array<{ name: string; value: unknown }> };
}
interface ProductOrder {
  id: string;
  state?: string;
  expectedCompletionDate?: string;
  requestedCompletionDate?: string;
  productOrderItem: OrderItem[];
}
interface TroubleTicket {
  id: string;
  status?: string;
  statusChangeReason?: string;
  note?: Array<{ author?: string; text?: string }>;
}

/** TMF622 ProductOrder states → where a requisition stands for S/PRM. */
const REQUISITION_STATUS: Record<string, RequisitionStatus['status']> = {
  acknowledged: 'placed',
  inProgress: 'acknowledged',
  pending: 'acknowledged',
  held: 'acknowledged',
  partial: 'acknowledged',
  completed: 'delivered',
  rejected: 'rejected',
  failed: 'rejected',
  cancelled: 'cancelled',
};
/** The supplier is still deciding a cancellation: not yet an answer. */
const CANCELLING = new Set(['assessingCancellation', 'pendingCancellation']);

/** TMF621 TroubleTicket statuses → where a supplier problem stands. */
export const PROBLEM_STATUS: Record<string, SupplierProblemStatus['status']> = {
  acknowledged: 'acknowledged',
  pending: 'inProgress',
  held: 'inProgress',
  inProgress: 'inProgress',
  resolved: 'resolved',
  rejected: 'rejected',
  closed: 'closed',
  cancelled: 'closed',
};
/** The author of the notes that escalate a ticket: they are what counts the escalations. */
const ESCALATION = 'escalation';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * S/PRM's gateway to a supplier that speaks the TM Forum APIs (another etom-temporal, or any
 * TMF622/TMF621/TMF678 server): requisitions are product orders, problems are trouble tickets,
 * each under our own id as its `externalId`, so a retried placement or report is the same order
 * or ticket; its bills to us are its TMF678 customer bills (supplier-bill.ts). What the supplier answers is read back and mapped; its refusals are typed errors.
 */
export function createHttpPartnerGateway(opts: HttpPartnerGatewayOptions): PartnerGatewayPort {
  const ordering = opts.specs.load(TMF622_SPEC);
  const tickets = opts.specs.load(TMF621_SPEC);
  const orders = supplierApi(ordering, opts);
  const troubles = supplierApi(tickets, opts);
  const buyer = [{ id: opts.buyerId, role: 'customer', '@referredType': 'Customer' }];
  const cancelWaitMs = opts.cancelWaitMs ?? 15_000;
  const id = encodeURIComponent;

  const readOrder = (requisitionId: string) =>
    orders<ProductOrder>({
      method: 'GET',
      path: `/productOrder/${id(supplierOrderIdOf(requisitionId))}`,
      response: 'ProductOrder',
    });
  const readTicket = (partnerProblemId: string) =>
    troubles<TroubleTicket>({
      method: 'GET',
      path: `/troubleTicket/${id(partnerProblemId)}`,
      response: 'TroubleTicket',
    });

  const requisitionOf = (requisitionId: string, o: ProductOrder): RequisitionStatus => {
    const status = REQUISITION_STATUS[o.state ?? 'acknowledged'];
    if (!status)
      throw new BusinessRejection(
        BusinessErrorType.ContractViolation,
        `${opts.supplierId} shows order ${o.id} in a state S/PRM does not know: ${o.state}`,
      );
    return {
      requisitionId,
      supplierReference: o.id,
      status,
      deliveryDate: o.expectedCompletionDate ?? o.requestedCompletionDate ?? null,
      delivered:
        status === 'delivered'
          ? o.productOrderItem.map((i) => ({
              name: i.product?.name ?? i.product?.id ?? `${o.id}-${i.id}`,
              attributes: {
                ...(i.product?.id ? { productId: i.product.id } : {}),
                ...(i.productOffering ? { productOfferingId: i.productOffering.id } : {}),
                ...Object.fromEntries((i.product?.productCharacteristic ?? []).map((c) => [c.name, c.value])),
              },
            }))
          : [],
    };
  };

  const problemOf = (partnerProblemId: string, t: TroubleTicket): SupplierProblemStatus => ({
    partnerProblemId,
    supplierReference: t.id,
    status: PROBLEM_STATUS[t.status ?? 'acknowledged'] ?? 'reported',
    escalations: (t.note ?? []).filter((n) => n.author === ESCALATION).length,
    detail: t.statusChangeReason ?? `ticket ${t.id} ${t.status ?? 'acknowledged'}`,
  });

  /** The supplier's products bought under a requisition: what its ticket is about by default. */
  async function deliveredUnder(problem: ProblemReport): Promise<EntityRef[]> {
    const order = await readOrder(problem.requisitionId);
    return order.productOrderItem.flatMap((i) =>
      i.product?.id ? [{ id: i.product.id, role: 'affectedProduct', '@referredType': 'Product' }] : [],
    );
  }

  async function patchTicket(partnerProblemId: string, body: Record<string, unknown>) {
    await troubles({
      method: 'PATCH',
      path: `/troubleTicket/${id(partnerProblemId)}`,
      body,
      request: 'TroubleTicket_Update',
      response: 'TroubleTicket',
    });
    return problemOf(partnerProblemId, await readTicket(partnerProblemId));
  }

  /** The order that ends what a requisition bought (ceaseRequisition's), undefined while there is none. */
  const readCease = (requisitionId: string) =>
    readOrder(`${requisitionId}.cease`).catch((err: unknown) => {
      if (err instanceof BusinessRejection && err.type === BusinessErrorType.NotFound) return undefined;
      throw err;
    });

  /** Where a requisition stands: delivered, then ceased once its cease order completed. */
  const status = async (requisitionId: string): Promise<RequisitionStatus> => {
    const bought = requisitionOf(requisitionId, await readOrder(requisitionId));
    if (bought.status !== 'delivered') return bought;
    const cease = await readCease(requisitionId);
    return cease?.state === 'completed' ? { ...bought, status: 'ceased', delivered: [] } : bought;
  };

  return {
    contractsFor: (...args) => opts.contracts.contractsFor(...args),
    quote: (...args) => opts.contracts.quote(...args),
    requestServiceImprovement: (...args) => opts.contracts.requestServiceImprovement(...args),
    ...createHttpSupplierBill(opts),

    async placeRequisition(_key, req) {
      const offering = opts.offerings[req.resourceSpecId];
      if (!offering)
        throw new BusinessRejection(
          BusinessErrorType.NotFound,
          `${opts.supplierId} sells us nothing configured for ${req.resourceSpecId}`,
        );
      // The supplier takes one product per item: a quantity is that many items.
      const items = Array.from({ length: req.quantity }, (_, n) => ({
        id: String(n + 1),
        action: 'add',
        quantity: 1,
        productOffering: { id: offering.productOfferingId, '@referredType': 'ProductOffering' },
        product: {
          place: [{ id: opts.places?.[req.region] ?? req.region, role: 'installationAddress' }],
          ...(offering.productCharacteristic?.length ? { productCharacteristic: offering.productCharacteristic } : {}),
        },
      }));
      const order = await orders<ProductOrder>({
        method: 'POST',
        path: '/productOrder',
        // Our requisition id is the order's external id: a retry is the same order, never a second.
        body: {
          externalId: supplierOrderIdOf(req.requisitionId),
          channel: [{ id: 'partner', name: 'partner' }],
          relatedParty: buyer,
          productOrderItem: items,
        },
        request: 'ProductOrder_Create',
        response: 'ProductOrder',
      });
      return requisitionOf(req.requisitionId, order);
    },

    status,

    async cancelRequisition(_key, requisitionId, reason) {
      let order = await readOrder(requisitionId);
      // Asked already (this call retried, or the supplier deciding): the one cancellation, not a second.
      if (order.state !== 'cancelled' && !CANCELLING.has(order.state ?? '')) {
        await orders({
          method: 'POST',
          path: '/cancelProductOrder',
          body: {
            productOrder: { id: order.id, '@referredType': 'ProductOrder' },
            cancellationReason: reason.slice(0, 500),
          },
          request: 'CancelProductOrder_Create',
          response: 'CancelProductOrder',
        });
      }
      const until = Date.now() + cancelWaitMs;
      for (order = await readOrder(requisitionId); CANCELLING.has(order.state ?? '');) {
        if (Date.now() > until)
          throw new TransientFault(
            TransientErrorType.Busy,
            `${opts.supplierId} is still deciding the cancellation of ${order.id}`,
            { supplierId: opts.supplierId },
          );
        await sleep(250);
        order = await readOrder(requisitionId);
      }
      return requisitionOf(requisitionId, order);
    },

    async ceaseRequisition(_key, requisitionId, reason) {
      // The cease is a second product order (TMF622 `delete` items of the supplier's products),
      // under its own external id: a retry is the same order, never a second cease.
      const ceaseId = `${supplierOrderIdOf(requisitionId)}.cease`;
      const bought = await readOrder(requisitionId);
      const products = bought.productOrderItem.flatMap((i) => (i.product?.id ? [i.product.id] : []));
      if (bought.state !== 'completed' || products.length === 0)
        throw new BusinessRejection(
          BusinessErrorType.InvalidStateTransition,
          `${opts.supplierId} delivered nothing under ${requisitionId} (order ${bought.state}): cancel it instead`,
        );
      let cease = await orders<ProductOrder>({
        method: 'GET',
        path: `/productOrder/${id(ceaseId)}`,
        response: 'ProductOrder',
      }).catch((err: unknown) => {
        if (err instanceof BusinessRejection && err.type === BusinessErrorType.NotFound) return undefined;
        throw err;
      });
      cease ??= await orders<ProductOrder>({
        method: 'POST',
        path: '/productOrder',
        body: {
          externalId: ceaseId,
          description: reason.slice(0, 500),
          channel: [{ id: 'partner', name: 'partner' }],
          relatedParty: buyer,
          productOrderItem: products.map((productId, n) => ({
            id: String(n + 1),
            action: 'delete',
            quantity: 1,
            product: { id: productId, '@referredType': 'Product' },
          })),
        },
        request: 'ProductOrder_Create',
        response: 'ProductOrder',
      });
      const until = Date.now() + cancelWaitMs;
      while (!['completed', 'rejected', 'failed', 'cancelled'].includes(cease.state ?? '')) {
        if (Date.now() > until)
          throw new TransientFault(TransientErrorType.Busy, `${opts.supplierId} is still ceasing ${requisitionId}`, {
            supplierId: opts.supplierId,
          });
        await sleep(250);
        cease = await orders<ProductOrder>({
          method: 'GET',
          path: `/productOrder/${id(ceaseId)}`,
          response: 'ProductOrder',
        });
      }
      if (cease.state !== 'completed')
        throw new BusinessRejection(
          BusinessErrorType.NotFeasible,
          `${opts.supplierId} did not cease ${requisitionId}: its order ${cease.id} is ${cease.state}`,
        );
      return { ...requisitionOf(requisitionId, bought), status: 'ceased', delivered: [] };
    },

    async acceptanceTest(requisitionId) {
      // The supplier tests what it delivers before it completes the order: completed is passed.
      const s = await status(requisitionId);
      return s.status === 'delivered'
        ? { passed: true, detail: `order ${s.supplierReference} completed: tested by ${opts.supplierId}` }
        : { passed: false, detail: `nothing delivered to test (requisition ${s.status})` };
    },

    async requestRemedy(_key, requisitionId) {
      throw new BusinessRejection(
        BusinessErrorType.NotFeasible,
        `${opts.supplierId} takes no remedy request over TMF622 for ${requisitionId}: report a problem (TMF621)`,
      );
    },

    async reportProblem(_key, problem) {
      const entities = await (opts.affectedEntities ?? deliveredUnder)(problem);
      const ticket = await troubles<TroubleTicket>({
        method: 'POST',
        path: '/troubleTicket',
        // Our problem id is the ticket's external id: a retried report is the same ticket.
        body: {
          externalId: problem.partnerProblemId,
          description: problem.description.slice(0, 500),
          severity: 'Major',
          ticketType: 'supplierProblem',
          relatedParty: buyer,
          ...(entities.length ? { relatedEntity: entities } : {}),
        },
        request: 'TroubleTicket_Create',
        response: 'TroubleTicket',
      });
      return problemOf(problem.partnerProblemId, ticket);
    },

    async problemStatus(partnerProblemId) {
      return problemOf(partnerProblemId, await readTicket(partnerProblemId));
    },

    async escalateProblem(key, partnerProblemId, detail) {
      const now = await readTicket(partnerProblemId);
      const s = problemOf(partnerProblemId, now);
      if (s.status === 'closed' || s.status === 'resolved') return s;
      // TMF621 has no escalation of its own: a note by ESCALATION, once per key (the supplier keeps a note once).
      return patchTicket(partnerProblemId, { note: [{ author: ESCALATION, text: `${detail} [${key}]` }] });
    },

    async reopenProblem(_key, partnerProblemId, detail) {
      // The supplier's state table decides: a refusal is its 409, an InvalidStateTransition.
      return patchTicket(partnerProblemId, { status: 'inProgress', statusChangeReason: detail });
    },

    async closeProblem(_key, partnerProblemId, resolution) {
      const s = problemOf(partnerProblemId, await readTicket(partnerProblemId));
      if (s.status === 'closed') return s;
      // A fix confirmed closes the ticket; before a fix, closing it is withdrawing it (TMF621 cancelled).
      return patchTicket(partnerProblemId, {
        status: s.status === 'resolved' ? 'closed' : 'cancelled',
        statusChangeReason: resolution.slice(0, 500),
      });
    },
  };
}
