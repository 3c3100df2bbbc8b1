import { describe, expect, it } from 'vitest';
import {
  committedAfterSlip,
  productOrderOfServiceOrder,
  type SupplierDeliveryChange,
} from '../../../src/domain/fulfilment/supplier-delivery';

const change = (previousDelivery: string | null, expectedDelivery: string): SupplierDeliveryChange => ({
  partnerOrderId: 'PO-1/1/CFS-VPN-SITE/PR-RS-ACCESS-CIRCUIT',
  serviceOrderId: 'PO-1/1/CFS-VPN-SITE',
  supplierId: 'SUP-BETA',
  previousDelivery,
  expectedDelivery,
  detail: 'civil works permit delayed',
});

describe('a supplier delivery change (1.F.4.2.3 → 1.F.1.5.4)', () => {
  it('finds the product order a service order was issued for, and none for another id', () => {
    expect(productOrderOfServiceOrder('PO-1/1/CFS-VPN-SITE')).toBe('PO-1');
    expect(productOrderOfServiceOrder('sale-7.order/2/CFS-FIBRE')).toBe('sale-7.order');
    expect(productOrderOfServiceOrder('SO-alone')).toBeNull();
  });

  it('moves the committed date by the slip, never earlier', () => {
    const committed = '2026-01-10T00:00:00.000Z';
    expect(committedAfterSlip(committed, change('2026-01-05T00:00:00.000Z', '2026-01-07T00:00:00.000Z'))).toBe(
      '2026-01-12T00:00:00.000Z',
    );
    // Sooner than promised: the commitment stays.
    expect(committedAfterSlip(committed, change('2026-01-05T00:00:00.000Z', '2026-01-04T00:00:00.000Z'))).toBe(
      committed,
    );
    // No earlier promise: no earlier than the new one.
    expect(committedAfterSlip(committed, change(null, '2026-01-11T00:00:00.000Z'))).toBe('2026-01-11T00:00:00.000Z');
  });
});
