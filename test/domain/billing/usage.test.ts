import { describe, expect, it } from 'vitest';
import { formatCdr, parseCdr, type UsageEvent, utcMillis } from '../../../src/domain/billing/usage';
import { prng } from '../../../src/simulators/usage';

const CALL: UsageEvent = {
  usageType: 'voice',
  correlationId: 'CALL-VPORT-PAR-1-1-7',
  elementId: 'VPORT-PAR-1-1',
  seq: 7,
  startedAt: '2026-06-14T19:59:59Z',
  quantity: 184,
  party: '+33612345678',
};

describe('parseCdr, the mediation parser', () => {
  it('reads back what a network element wrote, with the start in epoch milliseconds', () => {
    const rand = prng(7);
    for (let i = 0; i < 2_000; i++) {
      const ms = Date.UTC(1990, 0, 1) + Math.floor(rand() * 60 * 365 * 86_400_000);
      const e: UsageEvent = {
        usageType: i % 2 ? 'voice' : 'data',
        correlationId: `C-${i}`,
        elementId: `EL-${i % 13}`,
        seq: i,
        startedAt: new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        quantity: Math.floor(rand() * 1e6),
        party: i % 5 ? 'internet' : '',
      };
      const parsed = parseCdr(formatCdr(e));
      expect(parsed).toEqual({ ok: true, event: { ...e, startedAtMs: Math.floor(ms / 1000) * 1000 } });
    }
  });

  it.each([
    ['VOICE,C,EL,1,2026-06-14T19:59:59Z,184', 'expected 7 fields, got 6'],
    ['VOICE,C,EL,1,2026-06-14T19:59:59Z,184,x,y', 'expected 7 fields, got 8'],
    ['SMS,C,EL,1,2026-06-14T19:59:59Z,1,x', "unknown record type 'SMS'"],
    ['VOICEX,C,EL,1,2026-06-14T19:59:59Z,1,x', "unknown record type 'VOICEX'"],
    ['VOICE,,EL,1,2026-06-14T19:59:59Z,1,x', 'missing correlation or element id'],
    ['DATA,C,,1,2026-06-14T19:59:59Z,1,x', 'missing correlation or element id'],
    ['DATA,C,EL,one,2026-06-14T19:59:59Z,1,x', "sequence 'one' is not a whole number"],
    ['DATA,C,EL,1,not-a-time,,', "start 'not-a-time' is not a UTC timestamp"],
    ['DATA,C,EL,1,2026-06-14 19:59:59Z,1,x', "start '2026-06-14 19:59:59Z' is not a UTC timestamp"],
    ['DATA,C,EL,1,2026-06-14T19:59:59,1,x', "start '2026-06-14T19:59:59' is not a UTC timestamp"],
    ['DATA,C,EL,1,2026-13-14T19:59:59Z,1,x', "start '2026-13-14T19:59:59Z' is not a UTC timestamp"],
    ['DATA,C,EL,1,2026-06-14T24:00:00Z,1,x', "start '2026-06-14T24:00:00Z' is not a UTC timestamp"],
    ['DATA,C,EL,1,2026-06-14T19:59:59+01:00,1,x', "start '2026-06-14T19:59:59+01:00' is not a UTC timestamp"],
    ['DATA,C,EL,1,2026-06-14T19:59:59Z,,x', "quantity '' is not a whole number"],
    ['DATA,C,EL,1,2026-06-14T19:59:59Z,-4,x', "quantity '-4' is not a whole number"],
    ['DATA,C,EL,1,2026-06-14T19:59:59Z,1.5,x', "quantity '1.5' is not a whole number"],
    ['DATA,C,EL,1,2026-06-14T19:59:59Z,1e3,x', "quantity '1e3' is not a whole number"],
  ])('refuses %s: %s', (line, error) => {
    expect(parseCdr(line)).toEqual({ ok: false, error });
  });

  it('keeps an empty party and fractional seconds, which the format allows', () => {
    const parsed = parseCdr(formatCdr({ ...CALL, party: '', startedAt: '2026-06-14T19:59:59.250Z' }));
    expect(parsed.ok && parsed.event).toMatchObject({
      party: '',
      startedAt: '2026-06-14T19:59:59.250Z',
      startedAtMs: Date.parse('2026-06-14T19:59:59Z'),
    });
  });
});

describe('utcMillis', () => {
  it.each([
    '2024-02-29T12:00:00Z',
    '2000-02-29T00:00:00Z',
    '1999-12-31T23:59:59Z',
    '2100-03-01T00:00:00Z',
    '1970-01-01T00:00:00Z',
  ])('gives the value Date.parse gives for %s', (iso) => expect(utcMillis(iso)).toBe(Date.parse(iso)));

  it('is NaN for anything that is not a UTC timestamp', () => {
    for (const bad of ['', '2026-06-14', '2026-06-14T19:59:59', '2026-00-14T19:59:59Z', '2026-06-14T19:60:00Z'])
      expect(utcMillis(bad)).toBeNaN();
  });
});
