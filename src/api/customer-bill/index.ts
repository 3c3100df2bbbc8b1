import type { FastifyInstance } from 'fastify';
import type { Ports } from '../../ports';
import type { TmfSpec } from '../spec';

/** The spec file this API follows. */
export const CUSTOMER_BILL_SPEC = 'TMF678-CustomerBillManagement-v4.0.0.swagger.json';

export interface CustomerBillManagementOptions {
  ports: Ports;
  spec: TmfSpec;
}

/** TMF678 Customer Bill Management: registered with its hub; its resources are being built (#10). */
export async function customerBillManagement(
  _app: FastifyInstance,
  _opts: CustomerBillManagementOptions,
): Promise<void> {}
