import { describe, expect, it } from 'vitest';
import type { Notification, NotificationPort } from '../../src/ports/notifications';
import { withHarness } from './harness';

/**
 * The notification port's contract, for every adapter (docs/ADAPTERS.md): what the operator
 * tells a customer, a supplier or another process, kept as sent, once per idempotency key.
 * The port has no business "no": its all-or-nothing is the key's (a retry sends nothing twice).
 * The harness builds an empty store whose clock reads `NOW`.
 */

export const NOW = '2026-03-02T09:00:00.000Z';

export interface NotificationHarness {
  port: NotificationPort;
  /** How many notifications the store holds, counted beside the port. */
  sent(): Promise<number>;
  close(): Promise<void>;
}

const notice = (
  over: Partial<Omit<Notification, 'id' | 'createdAt'>> = {},
): Omit<Notification, 'id' | 'createdAt'> => ({
  recipient: 'alice@example.net',
  channel: 'email',
  subject: 'Your order',
  body: 'Your fibre line is ready.',
  reference: 'ORD-1',
  ...over,
});

export function notificationsContract(adapter: string, make: () => Promise<NotificationHarness>): void {
  const withStore = withHarness(make);

  describe(`notifications port on ${adapter}`, () => {
    it(
      'send: kept as sent, stamped by the clock, listed by reference in the order sent',
      withStore(async (h) => {
        const first = await h.port.send('k/1', notice());
        expect(first).toEqual({ id: expect.any(String), ...notice(), createdAt: NOW });
        const second = await h.port.send('k/2', notice({ channel: 'sms', recipient: '+33600000000', body: 'Ready.' }));
        await h.port.send('k/3', notice({ reference: 'TT-1', channel: 'process', recipient: '1.A.1.6' }));
        await h.port.send('k/4', notice({ reference: null, channel: 'portal' }));
        expect(second.id).not.toBe(first.id);
        expect(await h.port.listByReference('ORD-1')).toEqual([first, second]);
        expect((await h.port.listByReference('TT-1')).map((n) => n.recipient)).toEqual(['1.A.1.6']);
        expect(await h.port.listByReference('NONE')).toEqual([]);
        expect(await h.sent()).toBe(4);
      }),
    );

    it(
      'idempotency: the same key twice sends once and returns the first notification',
      withStore(async (h) => {
        const first = await h.port.send('k/1', notice());
        expect(await h.port.send('k/1', notice({ body: 'a retry that rebuilt its text' }))).toEqual(first);
        expect(await h.sent()).toBe(1);
      }),
    );

    it(
      'concurrent writers: one key from several workers sends once; many keys at once get distinct ids',
      withStore(async (h) => {
        const retries = await Promise.all([1, 2, 3, 4].map(() => h.port.send('k/same', notice())));
        expect(new Set(retries.map((n) => n.id)).size).toBe(1);
        const many = await Promise.all(
          Array.from({ length: 12 }, (_, i) => h.port.send(`k/${i}`, notice({ reference: 'BULK' }))),
        );
        expect(new Set(many.map((n) => n.id)).size).toBe(12);
        expect((await h.port.listByReference('BULK')).map((n) => n.id).sort()).toEqual(many.map((n) => n.id).sort());
        expect(await h.sent()).toBe(13);
      }),
    );
  });
}
