import type { Bill } from '../domain/billing/billing';

/** Money for people: 12345 minor units → "123.45 EUR". */
export const money = (minor: number, currency: string): string => {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')} ${currency}`;
};

/** The bill as the customer reads it (1.B.1.8.3): a Markdown document. */
export function renderInvoice(
  bill: Bill,
  to: { customerName: string; billingAddress: string | null },
  usage: Array<{
    serviceId: string;
    usageType: string;
    records: number;
    units: number;
    allowanceUnits: number;
    chargeMinor: number;
  }>,
): string {
  const m = (x: number) => money(x, bill.currency);
  const lines = bill.lines.map((l) => `| ${l.lineNo} | ${l.description} | ${l.quantity} | ${m(l.amountMinor)} |`);
  const detail = usage.map(
    (u) =>
      `| ${u.serviceId} | ${u.usageType} | ${u.records} | ${u.units} | ${u.allowanceUnits} | ${m(u.chargeMinor)} |`,
  );
  return [
    `# Invoice ${bill.id}`,
    '',
    `**${to.customerName}** — account ${bill.billingAccountId}${to.billingAddress ? `, ${to.billingAddress}` : ''}`,
    '',
    `Period: ${bill.periodStart.slice(0, 19)}Z to ${bill.periodEnd.slice(0, 19)}Z  `,
    `Issued: ${bill.issuedAt?.slice(0, 10) ?? '-'} — due: ${bill.dueAt?.slice(0, 10) ?? '-'}`,
    '',
    '| # | Description | Qty | Amount |',
    '|---|---|---:|---:|',
    ...lines,
    '',
    `Net: ${m(bill.netMinor)}  `,
    `VAT: ${m(bill.taxMinor)}  `,
    `**Total due: ${m(bill.totalMinor)}**`,
    '',
    ...(detail.length
      ? [
          '## Usage detail',
          '',
          '| Service | Type | Records | Units | Included | Charge |',
          '|---|---|---:|---:|---:|---:|',
          ...detail,
          '',
        ]
      : []),
    `Questions about this bill? Quote ${bill.id}; each charge can be traced to its usage records.`,
    '',
  ].join('\n');
}
