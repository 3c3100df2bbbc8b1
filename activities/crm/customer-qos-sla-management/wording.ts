/** Basis points as a percentage, for what the customer reads. */
export const pct = (bp: number) => `${(bp / 100).toFixed(2)} %`;
/** Minor units as an amount, for what the customer reads. */
export const money = (minor: number, currency: string) => `${(minor / 100).toFixed(2)} ${currency}`;
