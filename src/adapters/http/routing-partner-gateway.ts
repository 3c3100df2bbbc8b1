import { loadApiConfig } from '../../api/config';
import { createSpecLibrary, type SpecLibrary } from '../../api/spec';
import type { SuppliersConfig } from '../../config/suppliers';
import type { PartnerGatewayPort } from '../../ports/partner-gateway';
import type { PartnerOrderPort } from '../../ports/partner-orders';
import type { PartnerProblemPort } from '../../ports/partner-problems';
import { createHttpPartnerGateway } from './partner-gateway';
import { withSupplierHub } from './supplier-hub';

export interface RoutingPartnerGatewayOptions {
  /** The gateway of every supplier not configured otherwise: the simulator, by default. */
  fallback: PartnerGatewayPort;
  /** Supplier id → its own gateway. */
  suppliers: Record<string, PartnerGatewayPort>;
  /** Where a requisition's and a problem's supplier is found: the store's records (their ids are ours). */
  partnerOrders: Pick<PartnerOrderPort, 'get'>;
  partnerProblems: Pick<PartnerProblemPort, 'get'>;
}

/**
 * S/PRM's one gateway over many: each call goes to the gateway of the supplier it is about —
 * named by the requisition or problem placed, or the bill asked for, else found through the store
 * by our id. Contracts, quotes and SLA talks are ours and stay with the fallback; an id the store
 * does not know goes there too, which answers it NotFound as any gateway would.
 */
export function createRoutingPartnerGateway(opts: RoutingPartnerGatewayOptions): PartnerGatewayPort {
  const { fallback, suppliers } = opts;
  const of = (supplierId: string | null | undefined) => (supplierId && suppliers[supplierId]) || fallback;
  const forRequisition = async (requisitionId: string) => of((await opts.partnerOrders.get(requisitionId))?.supplierId);
  const forProblem = async (partnerProblemId: string) =>
    of((await opts.partnerProblems.get(partnerProblemId))?.supplierId);

  return {
    contractsFor: (...args) => fallback.contractsFor(...args),
    quote: (...args) => fallback.quote(...args),
    requestServiceImprovement: (key, request) => of(request.supplierId).requestServiceImprovement(key, request),
    placeRequisition: (key, req) => of(req.supplierId).placeRequisition(key, req),
    status: async (id) => (await forRequisition(id)).status(id),
    cancelRequisition: async (key, id, reason) => (await forRequisition(id)).cancelRequisition(key, id, reason),
    ceaseRequisition: async (key, id, reason) => (await forRequisition(id)).ceaseRequisition(key, id, reason),
    acceptanceTest: async (id) => (await forRequisition(id)).acceptanceTest(id),
    requestRemedy: async (key, id, detail) => (await forRequisition(id)).requestRemedy(key, id, detail),
    reportProblem: (key, problem) => of(problem.supplierId).reportProblem(key, problem),
    problemStatus: async (id) => (await forProblem(id)).problemStatus(id),
    escalateProblem: async (key, id, detail) => (await forProblem(id)).escalateProblem(key, id, detail),
    reopenProblem: async (key, id, detail) => (await forProblem(id)).reopenProblem(key, id, detail),
    closeProblem: async (key, id, resolution) => (await forProblem(id)).closeProblem(key, id, resolution),
    supplierBill: (supplierId, period) => of(supplierId).supplierBill(supplierId, period),
    answerDispute: (supplierId, claim) => of(supplierId).answerDispute(supplierId, claim),
  };
}

/**
 * The partner gateway configuration asks for (ETOM_SUPPLIERS): the configured suppliers over
 * HTTP, each registering our listener at its hubs when it has one, the rest on `simulator`.
 * No supplier configured: the simulator itself, unwrapped.
 */
export function configuredPartnerGateway(
  simulator: PartnerGatewayPort,
  config: SuppliersConfig,
  deps: Pick<RoutingPartnerGatewayOptions, 'partnerOrders' | 'partnerProblems'> & {
    /** The official specifications (default: ETOM_TMF_DIR's, read only when a supplier is configured). */
    specs?: () => SpecLibrary;
    warn?: (message: string) => void;
  },
): PartnerGatewayPort {
  const entries = Object.values(config);
  if (!entries.length) return simulator;
  // A registration that failed is worth a line in the operator's log: events come by polling meanwhile.
  const warn = deps.warn ?? ((message: string) => console.warn(message));
  const specs = deps.specs?.() ?? createSpecLibrary(loadApiConfig().tmfDir);
  const suppliers = Object.fromEntries(
    entries.map((s) => {
      const api = { baseUrl: s.baseUrl, token: s.token, supplierId: s.supplierId, timeoutMs: s.timeoutMs };
      const http = createHttpPartnerGateway({
        ...api,
        specs,
        contracts: simulator,
        buyerId: s.buyerId,
        offerings: s.offerings,
        places: s.places,
      });
      const gateway = s.listenerUrl
        ? withSupplierHub(http, {
            ...api,
            specs,
            listenerUrl: s.listenerUrl,
            listenerToken: s.listenerToken,
            // The supplier and the API, never the callback (it carries the listener's token).
            onError: (apiName, err) =>
              warn(
                `${s.supplierId}: our listener not registered at its ${apiName} hub, following by polling: ${
                  err instanceof Error ? err.message : String(err)
                }`,
              ),
          })
        : http;
      return [s.supplierId, gateway];
    }),
  );
  return createRoutingPartnerGateway({ ...deps, fallback: simulator, suppliers });
}
