import type { Ports } from '../../../src/ports';
import { createMonitorAndControlSPServiceQuality } from './monitor-control-sp-service-quality';
import { createRestoreSPServiceQuality } from './restore-sp-service-quality';
import { createTrackSPPerformance } from './track-sp-performance';

/**
 * S/P Performance Management (1.A.4.4): for one supplier and one period, measure the quality
 * of what it supplied against its SLA (1.A.4.4.1), have it restore its quality when it missed
 * the SLA (1.A.4.4.2), and keep its scorecard and rating (1.A.4.4.3), which S/P Requisition
 * Management reads when it chooses suppliers.
 */
export function createSpPerformanceManagementActivities(
  ports: Pick<Ports, 'partnerGateway' | 'partnerProblems' | 'networkActivation' | 'notifications'>,
) {
  return {
    monitorAndControlSPServiceQuality: createMonitorAndControlSPServiceQuality(ports),
    restoreSPServiceQuality: createRestoreSPServiceQuality(ports),
    trackSPPerformance: createTrackSPPerformance(ports),
  };
}
