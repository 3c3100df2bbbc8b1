import { describe, expect, it } from 'vitest';
import { addAlarmTopology, alarmStorm, cardFailure, nodeFailure, transientAlarm } from '../../src/simulators/alarms';
import { useTestStore } from '../support/store';

const t = useTestStore(undefined, { installedBase: true });
const { count } = t;

describe('alarm stream simulator', () => {
  it('a failed card raises its equipment alarm and loss of signal on each port, and breaks them on the network', async () => {
    const events = cardFailure(t.store.db, 'CARD-PAR-1-1', { repeats: 1 });
    expect(events).toHaveLength(18);
    expect(events[0]).toMatchObject({ alarmedObject: 'CARD-PAR-1-1', alarmType: 'equipmentAlarm', state: 'raised' });
    expect(events.slice(1, 9).map((e) => e.alarmedObject)).toEqual(
      Array.from({ length: 8 }, (_, i) => `PORT-PAR-1-1-${i + 1}`),
    );
    expect(events.slice(1, 9).every((e) => e.probableCause === 'lossOfSignal')).toBe(true);
    expect((await t.store.ports.networkActivation.diagnose('CARD-PAR-1-1')).passed).toBe(false);
    expect((await t.store.ports.networkActivation.testResource('PORT-PAR-1-1-1')).passed).toBe(false);
    // The mate card is untouched.
    expect((await t.store.ports.networkActivation.testResource('PORT-PAR-1-2-1')).passed).toBe(true);
  });

  it('a failed node takes its cards, their ports and its own ports with it', () => {
    const events = nodeFailure(t.store.db, 'NODE-PAR-1', { breakNetwork: false });
    // node + 2 cards × (1 + 8 ports) + 8 voice ports
    expect(events).toHaveLength(1 + 2 * 9 + 8);
  });

  it('a transient is raised then cleared within its window', () => {
    const [raised, cleared] = transientAlarm('PORT-PAR-1-1-1', 300, { at: new Date('2026-06-10T10:00:00Z') });
    expect(raised).toMatchObject({ state: 'raised' });
    expect(cleared).toMatchObject({ state: 'cleared', eventTime: '2026-06-10T10:00:00.302Z' });
  });

  it('storms a generated topology of its own region to the size asked', () => {
    const topo = addAlarmTopology(t.store.db, 3000, 'ALM');
    expect(topo.nodes.length * 31).toBeGreaterThanOrEqual(2900);
    expect(count("SELECT COUNT(*) FROM resources WHERE region = 'ALM'")).toBe(
      topo.nodes.length + topo.cards.length + topo.ports.length,
    );
    const plan = alarmStorm(t.store.db, topo, 20_000, { seed: 7 });
    expect(plan.events).toHaveLength(20_000);
    const failures = plan.failures.nodes.length + plan.failures.cards.length + plan.failures.ports.length;
    expect(failures).toBeGreaterThan(10);
    expect(failures).toBeLessThan(1_000);
    expect(alarmStorm(t.store.db, topo, 20_000, { seed: 7 }).events.map((e) => e.alarmedObject)).toEqual(
      plan.events.map((e) => e.alarmedObject),
    );
  });
});
