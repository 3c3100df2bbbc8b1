/** Wall-clock time for activities; injected so tests can move it (hold expiry, due dates). */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
