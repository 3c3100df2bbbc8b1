export interface Notification {
  id: string;
  recipient: string;
  channel: 'email' | 'sms' | 'portal' | 'process';
  subject: string;
  body: string;
  reference: string | null;
  createdAt: string;
}

/** Everything the operator tells a customer, a supplier or another process, kept as sent. */
export interface NotificationPort {
  send(idempotencyKey: string, n: Omit<Notification, 'id' | 'createdAt'>): Promise<Notification>;
  listByReference(reference: string): Promise<Notification[]>;
}
