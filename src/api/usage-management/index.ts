import type { FastifyInstance } from 'fastify';
import type { Ports } from '../../ports';
import type { TmfSpec } from '../spec';

/** The spec file this API follows. */
export const USAGE_MANAGEMENT_SPEC = 'TMF635-UsageManagement-v4.0.0.swagger.json';

export interface UsageManagementOptions {
  ports: Ports;
  spec: TmfSpec;
}

/** TMF635 Usage Management: registered with its hub; its resources are being built (#10). */
export async function usageManagement(_app: FastifyInstance, _opts: UsageManagementOptions): Promise<void> {}
