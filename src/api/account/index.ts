import type { FastifyInstance } from 'fastify';
import type { Ports } from '../../ports';
import type { TmfSpec } from '../spec';

/** The spec file this API follows. */
export const ACCOUNT_SPEC = 'TMF666-AccountManagement-v4.0.0.swagger.json';

export interface AccountManagementOptions {
  ports: Ports;
  spec: TmfSpec;
}

/** TMF666 Account Management: registered with its hub; its resources are being built (#10). */
export async function accountManagement(_app: FastifyInstance, _opts: AccountManagementOptions): Promise<void> {}
