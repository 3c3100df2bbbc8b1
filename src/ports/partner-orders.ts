import type { PartnerOrderState } from '../domain/fulfilment/partner-order';

export interface PartnerOrderRecord {
  id: string;
  serviceOrderId: string;
  serviceId: string;
  customerId: string;
  region: string;
  resourceSpecId: string;
  quantity: number;
  state: PartnerOrderState;
  supplierId: string | null;
  contractId: string | null;
  candidates: string[];
  requisitionId: string | null;
  supplierReference: string | null;
  expectedDelivery: string | null;
  reason: string | null;
}

/** Partner orders as S/PRM tracks them, with every event (what supplier analytics read). */
export interface PartnerOrderPort {
  record(
    idempotencyKey: string,
    o: Pick<
      PartnerOrderRecord,
      'id' | 'serviceOrderId' | 'serviceId' | 'customerId' | 'region' | 'resourceSpecId' | 'quantity'
    >,
  ): Promise<PartnerOrderRecord>;
  update(
    id: string,
    change: Partial<
      Pick<
        PartnerOrderRecord,
        | 'state'
        | 'supplierId'
        | 'contractId'
        | 'candidates'
        | 'requisitionId'
        | 'supplierReference'
        | 'expectedDelivery'
        | 'reason'
      >
    >,
  ): Promise<PartnerOrderRecord>;
  get(id: string): Promise<PartnerOrderRecord | undefined>;
  /** The partner orders placed for a service, oldest first: what its cease ends with the suppliers. */
  ofService(serviceId: string): Promise<PartnerOrderRecord[]>;
  /** Records an event once per key (a supplier report delivered twice is one event). False if already there. */
  addEvent(id: string, e: { kind: string; detail: string | null; key: string | null; at: string }): Promise<boolean>;
  /**
   * Takes back the event recorded under `key`, so the key may be recorded again: a claim whose
   * work failed (a supplier event claimed, then not delivered) must not hold the next try off.
   * False if there was none.
   */
  removeEvent(id: string, key: string): Promise<boolean>;
  events(id: string): Promise<Array<{ kind: string; detail: string | null; at: string }>>;
}
