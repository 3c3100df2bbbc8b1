export interface MaintenanceJob {
  id: string;
  resourceId: string;
  kind: 'preventive' | 'repair';
  reason: string;
  state: 'requested' | 'passed' | 'repaired' | 'failed';
}

/**
 * Preventive maintenance and repairs of resources (1.O.3.1.3, asked for by 1.O.3.1.1 and
 * 1.O.3.1.4 too). Every write takes an idempotency key.
 */
export interface MaintenanceJobPort {
  /** A job still open on the same resource and kind is returned instead of a new one. */
  requestMaintenance(
    key: string,
    j: { resourceId: string; kind: MaintenanceJob['kind']; reason: string },
  ): Promise<MaintenanceJob>;
  openMaintenance(): Promise<MaintenanceJob[]>;
  completeMaintenance(
    key: string,
    jobId: string,
    state: 'passed' | 'repaired' | 'failed',
    result: string,
  ): Promise<void>;
  /** Out-of-service network elements nobody holds, nor waits to accept, nor ships: to repair. */
  idleOutOfService(types: string[]): Promise<string[]>;
}
