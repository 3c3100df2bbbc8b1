/**
 * A ticket's relay of SM&O's updates to the reports linked to it (1.A.1.6.3): every update,
 * in order, exactly once to each follower, including the followers who join late and the
 * updates that arrive while a relay is under way. Pure (no Temporal import): the workflow
 * gives it the send; each follower's position moves on only after its update was sent, so
 * nothing that arrives during a send is skipped.
 */
export interface Relay<T> {
  /** An update received: kept for every follower, past and future. */
  record(update: T): void;
  /** A report that follows this ticket from now on: it gets the whole log at the next flush. */
  follow(followerId: string): void;
  /** Sends each follower what it has not had yet, until nothing is left unsent. */
  flush(): Promise<void>;
}

export function createRelay<T>(send: (followerId: string, update: T) => Promise<void>): Relay<T> {
  const log: T[] = [];
  const followers: Array<{ id: string; sent: number }> = [];
  return {
    record: (update) => void log.push(update),
    follow: (id) => void followers.push({ id, sent: 0 }),
    async flush() {
      for (const f of followers) {
        while (f.sent < log.length) {
          await send(f.id, log[f.sent]!);
          f.sent++;
        }
      }
    },
  };
}
