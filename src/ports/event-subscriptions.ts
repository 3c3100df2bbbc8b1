/**
 * The TMF Open API hub (TMF630): the listeners subscribed to an API's events, and the events
 * the processes published, stored before they are sent. Delivery reads the events a listener
 * has not yet acknowledged, in the order they were stored, and moves its cursor past each one.
 */

/** A TMF event as every listener receives it: the envelope and the resource it is about. */
export interface EventEnvelope {
  eventId: string;
  eventTime: string;
  /** The specification's name of the event, e.g. `ProductOrderStateChangeEvent`. */
  eventType: string;
  /** An attribute value change's attribute (TMF `fieldPath`), e.g. `expectedCompletionDate`. */
  fieldPath?: string;
  /** `{ <resource>: {…} }`, e.g. `{ productOrder: {…} }`. */
  event: Record<string, unknown>;
}

/** An event a state change publishes, stored in the same transaction as the change. */
export interface NewEvent {
  /** The API's name in its base path, e.g. `productOrderingManagement`. */
  api: string;
  entityType: string;
  entityId: string;
  eventType: string;
  /** Which attribute changed, for an attribute value change: its listeners tell a new date from a moved item. */
  fieldPath?: string;
  event: Record<string, unknown>;
}

/** A stored event: its place in the outbox (`seq`) and in its entity's own changes (`entitySeq`). */
export interface StoredEvent {
  seq: number;
  entityId: string;
  entitySeq: number;
  envelope: EventEnvelope;
}

export interface EventSubscription {
  id: string;
  api: string;
  /** An http(s) URL: the listener. */
  callback: string;
  /** The listener's filter (`eventType=ProductOrderStateChangeEvent&event.productOrder.state=completed`). */
  query: string | null;
  createdAt: string;
}

export interface EventSubscriptionPort {
  /** A new listener of `api`, which gets the events stored from now on. */
  subscribe(s: { api: string; callback: string; query: string | null }, at: string): Promise<EventSubscription>;
  /** The subscription, while it lasts. */
  get(id: string): Promise<EventSubscription | undefined>;
  /** Ends a subscription (DELETE /hub/{id}, or its listener answered 410); false when none was active. */
  unsubscribe(id: string, reason: string, at: string): Promise<boolean>;
  /** The active subscriptions to one API's events. */
  active(api: string): Promise<EventSubscription[]>;
  /** The next events of the subscription's API that its listener has not acknowledged, oldest first. */
  pending(id: string, limit: number): Promise<StoredEvent[]>;
  /** The listener has the events up to `seq`; false when the subscription has ended meanwhile. */
  delivered(id: string, seq: number): Promise<boolean>;
}
