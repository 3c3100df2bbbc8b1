import type { FastifyInstance } from 'fastify';
import type { Ports } from '../../ports';
import type { TmfSpec } from '../spec';

/** The spec file this API follows. */
export const ALARM_MANAGEMENT_SPEC = 'TMF642-AlarmManagement-v4.0.0.swagger.json';

export interface AlarmManagementOptions {
  ports: Ports;
  spec: TmfSpec;
}

/** TMF642 Alarm Management: registered with its hub; its resources are being built (#10). */
export async function alarmManagement(_app: FastifyInstance, _opts: AlarmManagementOptions): Promise<void> {}
