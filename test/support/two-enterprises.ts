import { createSqliteStore, type SqliteStore } from '../../src/adapters/sqlite';
import { loadApiConfig } from '../../src/api/config';
import { createApiServer, listen } from '../../src/api/server';
import { parseTokens } from '../../src/api/tokens';
import { retailerSuppliers, WHOLESALER_SUPPLIER_ID } from '../../src/demo/b2b';
import { freePort } from '../../src/temporal/dev-server';
import { TEST_TIMINGS } from './fulfilment';
import { type TestRuntime, withWorkers } from './runtime';

/** The retailer's token at the wholesaler's APIs (its only one there): what a test reads them with too. */
export const RETAILER_TOKEN = 'retailer-at-wholesaler-0123456789';
/** The retailer's token at the wholesaler, and the wholesaler's on the retailer's listener. */
const AGREEMENT = {
  retailerToken: RETAILER_TOKEN,
  listenerToken: 'wholesaler-on-retailer-0123456789',
  operatorToken: 'unused-here',
};

export interface Wholesaler extends TestRuntime {
  /** Its API's address, as the retailer's configuration names it (nothing answers there until `open`). */
  base: string;
  /** Its API starts answering at `base` (once: opening it again changes nothing). */
  open(): Promise<void>;
}

export interface TwoEnterprises {
  wholesaler: Wholesaler;
  /** The retailer: its S/PRM buys SUP-ALPHA's products from the wholesaler over TMF622, its listener takes its hub's events. */
  retailer: TestRuntime;
}

/**
 * The retailer and its wholesaler (#15), each this project with its own store, task queues and
 * API server: the retailer's S/PRM reaches the wholesaler only through its TMF APIs (the
 * configuration `etom demo b2b` gives the retailer), and hears it through its listener, where
 * the wholesaler's hub posts its events. The wholesaler's API is closed at first (`open` opens
 * it): a test says when the wholesaler is reachable. The wholesaler's own suppliers are
 * simulated, `supplierSpeed` times faster than real time.
 */
export async function withTwoEnterprises<T>(
  body: (b2b: TwoEnterprises) => Promise<T>,
  opts: { supplierSpeed?: number } = {},
): Promise<T> {
  const tmfDir = loadApiConfig({}).tmfDir;
  const [wholesalerPort, listenerPort] = [await freePort(), await freePort()];
  const base = `http://127.0.0.1:${wholesalerPort}`;
  return withWorkers(
    async (w) => {
      const wholesalerApi = await createApiServer({
        client: w.client,
        ports: w.store.ports,
        tokens: parseTokens(`${AGREEMENT.retailerToken}=read,write`),
        tmfDir,
        taskQueuePrefix: w.prefix,
        orderTimings: TEST_TIMINGS,
      });
      const suppliers = retailerSuppliers(base, { ...AGREEMENT, listenerPort });
      const store: SqliteStore = createSqliteStore({ filename: ':memory:', suppliers });
      try {
        return await withWorkers(
          async (retailer) => {
            const retailerApi = await createApiServer({
              client: retailer.client,
              ports: retailer.store.ports,
              tokens: parseTokens('retailer-operator-0123456789=read'),
              tmfDir,
              taskQueuePrefix: retailer.prefix,
              suppliers,
            });
            await listen(retailerApi, '127.0.0.1', listenerPort);
            try {
              let opened: Promise<unknown> | undefined;
              const open = async () => void (await (opened ??= listen(wholesalerApi, '127.0.0.1', wholesalerPort)));
              return await body({ wholesaler: { ...w, base, open }, retailer });
            } finally {
              await retailerApi.app.close();
            }
          },
          { store },
        );
      } finally {
        await wholesalerApi.app.close();
        store.close();
      }
    },
    // Its own namespace, as its own server would be: its workflows' ids (a ticket under the
    // retailer's problem id) never meet the retailer's.
    { installedBase: true, supplierSpeed: opts.supplierSpeed, namespace: 'wholesaler' },
  );
}

export { WHOLESALER_SUPPLIER_ID };
