import type { Client } from '@temporalio/client';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { AssuranceTimingsInput } from '../domain/assurance/timings';
import type { FulfilmentTimingsInput } from '../domain/fulfilment/timings';
import type { Ports } from '../ports';
import { ACCOUNT_SPEC, accountManagement } from './account';
import { ALARM_MANAGEMENT_SPEC, alarmManagement } from './alarm-management';
import { bearerAuth } from './auth';
import { codecEndpoint } from './codec';
import { CUSTOMER_BILL_SPEC, customerBillManagement } from './customer-bill';
import { frameworkErrors, installErrorHandlers } from './errors';
import { LIMITS } from '../domain/limits';
import { hub } from './hub';
import { partnerListener } from './partner-listener';
import { PRODUCT_CATALOG_SPEC, productCatalog } from './product-catalog';
import { PRODUCT_INVENTORY_SPEC, productInventory } from './product-inventory';
import { PRODUCT_ORDERING_SPEC, productOrdering } from './product-ordering';
import { RESOURCE_INVENTORY_SPEC, resourceInventory } from './resource-inventory';
import { RESOURCE_ORDERING_SPEC, resourceOrdering } from './resource-ordering';
import { SERVICE_CATALOG_SPEC, serviceCatalog } from './service-catalog';
import { SERVICE_INVENTORY_SPEC, serviceInventory } from './service-inventory';
import { SERVICE_ORDERING_SPEC, serviceOrdering } from './service-ordering';
import { SERVICE_PROBLEM_SPEC, serviceProblemApi } from './service-problem';
import { processMetrics } from '../temporal/process-metrics';
import { dashboardApi } from '../dashboard';
import { dashboardPage } from '../dashboard/static';
import { createSpecLibrary, type TmfSpec } from './spec';
import type { TokenSet } from './tokens';
import type { SuppliersConfig } from '../config/suppliers';
import { TROUBLE_TICKET_SPEC, troubleTicketApi } from './trouble-ticket';
import { USAGE_MANAGEMENT_SPEC, usageManagement } from './usage-management';

/** TMF630: bodies over 1 MB are refused (413) before they are read. */
export const BODY_LIMIT = 1024 * 1024;

export interface ApiServerOptions {
  client: Client;
  ports: Ports;
  tokens: TokenSet;
  /** The official specifications (../shared/tmf). */
  tmfDir: string;
  taskQueuePrefix?: string;
  orderTimings?: FulfilmentTimingsInput;
  /** The waits of the assurance processes a ticket starts (the defaults in production). */
  assuranceTimings?: AssuranceTimingsInput;
  logger?: FastifyServerOptions['logger'];
  /** The Temporal Web UI's address, for the dashboard's links to each workflow. */
  webUiUrl?: string;
  /** The suppliers whose hub events our listener takes (default: ETOM_SUPPLIERS). */
  suppliers?: SuppliersConfig;
}

export interface ApiServer {
  app: FastifyInstance;
  /** Each API's specification, by its name in the base path. */
  specs: Record<string, TmfSpec>;
}

/**
 * The northbound TM Forum Open API server. It keeps no state of its own — a Temporal client
 * and the store's ports — so several can serve one cluster and one store. Each API is served
 * at its specification's base path, `/tmf-api/<apiName>/v4/`.
 */
export async function createApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const app = Fastify({
    // Fastify's request logs name the method and path, never the headers (where the token is).
    logger: opts.logger ?? false,
    bodyLimit: BODY_LIMIT,
    // An id in a path may be as long as an id may be anywhere (src/domain/limits.ts).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: LIMITS.id },
    frameworkErrors,
  });
  installErrorHandlers(app);
  // The TMF APIs speak JSON only: anything else is a 415, not a string to validate.
  app.removeContentTypeParser('text/plain');
  // TMF622 patches are JSON merge patches; they parse as JSON.
  app.addContentTypeParser(
    'application/merge-patch+json',
    { parseAs: 'string', bodyLimit: BODY_LIMIT },
    app.getDefaultJsonParser('error', 'error'),
  );

  const library = createSpecLibrary(opts.tmfDir);
  const specs: Record<string, TmfSpec> = {};
  const apis = [
    { file: PRODUCT_ORDERING_SPEC, plugin: productOrdering },
    { file: SERVICE_ORDERING_SPEC, plugin: serviceOrdering },
    { file: RESOURCE_ORDERING_SPEC, plugin: resourceOrdering },
    { file: PRODUCT_INVENTORY_SPEC, plugin: productInventory },
    { file: SERVICE_INVENTORY_SPEC, plugin: serviceInventory },
    { file: RESOURCE_INVENTORY_SPEC, plugin: resourceInventory },
    { file: PRODUCT_CATALOG_SPEC, plugin: productCatalog },
    { file: SERVICE_CATALOG_SPEC, plugin: serviceCatalog },
    { file: TROUBLE_TICKET_SPEC, plugin: troubleTicketApi },
    { file: SERVICE_PROBLEM_SPEC, plugin: serviceProblemApi },
    { file: ALARM_MANAGEMENT_SPEC, plugin: alarmManagement },
    { file: USAGE_MANAGEMENT_SPEC, plugin: usageManagement },
    { file: CUSTOMER_BILL_SPEC, plugin: customerBillManagement },
    { file: ACCOUNT_SPEC, plugin: accountManagement },
  ];
  for (const { file, plugin } of apis) {
    const spec = library.load(file);
    specs[spec.apiName] = spec;
    await app.register(
      async (api) => {
        api.addHook('onRequest', bearerAuth(opts.tokens, spec.apiName));
        await plugin(api, { ...opts, spec });
        await hub(api, { ...opts, spec });
      },
      { prefix: spec.basePath },
    );
  }
  // For the operator's Prometheus: the Level-3 processes the workers of this process ran. Outside
  // the TMF base paths, with no token (it holds catalog ids and timings, no business data).
  app.get('/metrics', async (_request, reply) =>
    reply.type(processMetrics.contentType).send(await processMetrics.metrics()),
  );
  // Our listener for the suppliers' hubs (#15): their tokens, not ours, so outside the TMF base paths.
  await partnerListener(app, opts);
  // The dashboard (#11): its data behind the same tokens, its page at `/`.
  await dashboardApi(app, opts);
  await dashboardPage(app);
  // Temporal's remote codec (#16), when this deployment's client seals payloads.
  const codecs = opts.client.options.loadedDataConverter.payloadCodecs;
  if (codecs.length)
    await codecEndpoint(app, { codecs, tokens: opts.tokens, origins: opts.webUiUrl ? [opts.webUiUrl] : [] });
  return { app, specs };
}

/** Starts listening; resolves with the base address (`http://127.0.0.1:8622`). */
export async function listen(server: ApiServer, host: string, port: number): Promise<string> {
  await server.app.listen({ host, port });
  const address = server.app.server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
}
