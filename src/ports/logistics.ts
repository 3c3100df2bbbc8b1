/** A warehouse's stock of one kind of goods, against its replenishment policy. */
export interface StockLevel {
  warehouse: string;
  region: string;
  resourceSpecId: string;
  inStock: number;
  /** Received and waiting for acceptance: stock soon, so not ordered again. */
  incoming: number;
  reorderLevel: number;
  reorderQuantity: number;
  supplierId: string;
}

export interface Shipment {
  id: string;
  kind: 'replenishment' | 'toSite' | 'returnForRepair';
  resourceIds: string[];
  origin: string;
  destination: string;
  supplierId: string | null;
  state: 'inTransit' | 'delivered' | 'returned';
}

/**
 * Manage Logistics (1.O.3.1.7): warehouse stock of CPE and spares, deliveries from suppliers,
 * shipments to the sites where goods are used, and faulty goods returned to suppliers for repair.
 */
export interface LogisticsPort {
  stock(): Promise<StockLevel[]>;
  /** Goods bought to replenish a warehouse arrive: new resources, handed over for acceptance. */
  replenish(key: string, warehouse: string, resourceSpecId: string, quantity: number): Promise<Shipment>;
  /** Goods taken for a service and still in a warehouse. */
  awaitingDispatch(): Promise<Array<{ resourceId: string; warehouse: string; serviceId: string; customerId: string }>>;
  shipToSite(key: string, resourceId: string, site: string): Promise<Shipment>;
  /** Faulty goods sitting idle in a warehouse: to return to their supplier. */
  faultyInStock(): Promise<Array<{ resourceId: string; warehouse: string; supplierId: string }>>;
  returnForRepair(key: string, resourceId: string, supplierId: string): Promise<Shipment>;
  shipments(kind?: Shipment['kind'], state?: Shipment['state']): Promise<Shipment[]>;
  /** A repaired item is back from its supplier: handed over for acceptance. */
  receiveRepaired(key: string, shipmentId: string): Promise<Shipment>;
}
