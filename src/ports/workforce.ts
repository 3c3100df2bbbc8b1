export interface Technician {
  id: string;
  name: string;
  region: string;
  skills: string[];
}

export interface WorkOrder {
  id: string;
  reference: string;
  kind: string;
  skill: string;
  region: string;
  technicianId: string | null;
  state: 'assigned' | 'inProgress' | 'completed' | 'cancelled';
  createdAt: string;
  completedAt: string | null;
  notes: string | null;
  /** How many times the work order passed its repair target and was escalated (1.O.3.1.6). */
  escalations?: number;
  escalatedAt?: string | null;
}

/**
 * Field workforce (1.O.3.1.6 Manage Workforce owns it): technicians, their skills and regions,
 * and the work orders dispatched to them.
 */
export interface WorkforcePort {
  /** Dispatches to an available technician with the skill in the region, least loaded first. */
  dispatch(
    idempotencyKey: string,
    order: { reference: string; kind: string; skill: string; region: string; notes?: string },
  ): Promise<WorkOrder>;
  complete(idempotencyKey: string, workOrderId: string, notes: string): Promise<WorkOrder>;
  cancel(idempotencyKey: string, workOrderId: string, reason: string): Promise<WorkOrder>;
  /**
   * The work order passed its repair target: hands it to another available technician with the
   * skill in the region (least loaded) when there is one, else leaves it with the same one;
   * either way it is flagged escalated. Refused (InvalidStateTransition) once it is closed.
   */
  escalate(idempotencyKey: string, workOrderId: string, reason: string): Promise<WorkOrder>;
  get(workOrderId: string): Promise<WorkOrder | undefined>;
  byReference(reference: string): Promise<WorkOrder[]>;
  /** Work orders a technician holds and has not closed (assigned or in progress), oldest first. */
  open(): Promise<WorkOrder[]>;
  technicians(region?: string): Promise<Technician[]>;
  /**
   * Adds a technician to a region's field force (1.O.3.1.6 acting on a readiness action for more
   * capacity there), available at once to dispatch. Once per key.
   */
  addTechnician(idempotencyKey: string, t: { name: string; region: string; skills: string[] }): Promise<Technician>;
}
