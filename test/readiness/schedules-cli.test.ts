import { describe, expect, it } from 'vitest';
import { formatSchedules, formatTriggered } from '../../src/cli/schedules';
import { readinessCadence, readinessScheduleId } from '../../src/readiness/schedules';

const SCHEDULES = [
  {
    scheduleId: 'etom-readiness-crm',
    workflowType: 'crmReadiness',
    cadence: '1 day',
    paused: false,
    recentRuns: ['etom-readiness-crm-run-1'],
  },
  { scheduleId: 'etom-readiness-rmo', workflowType: 'rmoReadiness', cadence: '6 hours', paused: true, recentRuns: [] },
];

describe('etom schedules output', () => {
  it('prints JSON a script can read back', () => {
    expect(JSON.parse(formatSchedules(SCHEDULES, true))).toEqual(SCHEDULES);
    expect(
      JSON.parse(formatTriggered([{ scheduleId: 'a', workflowId: 'b', workflowType: 'crmReadiness' }], true)),
    ).toEqual([{ scheduleId: 'a', workflowId: 'b', workflowType: 'crmReadiness' }]);
  });

  it('prints one line per schedule for people, and says how to get them when there are none', () => {
    const lines = formatSchedules(SCHEDULES, false).trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^etom-readiness-crm\s+crmReadiness\s+every 1 day\s+active\s+last run etom-readiness-crm-run-1$/,
    );
    expect(lines[1]).toContain('paused');
    expect(formatSchedules([], false)).toContain('etom dev creates them');
  });
});

describe('readiness schedule ids and cadence', () => {
  it('are stable per queue prefix and configurable per layer', () => {
    expect(readinessScheduleId('crm')).toBe('etom-readiness-crm');
    expect(readinessScheduleId('sprm', 'acme')).toBe('acme-readiness-sprm');
    expect(readinessCadence('rmo', {}, {})).toBe('1 day');
    expect(readinessCadence('rmo', {}, { ETOM_READINESS_EVERY: '12 hours' })).toBe('12 hours');
    expect(readinessCadence('rmo', {}, { ETOM_READINESS_EVERY: '12 hours', ETOM_READINESS_EVERY_RMO: '1 hour' })).toBe(
      '1 hour',
    );
    expect(readinessCadence('rmo', { rmo: '5 minutes' }, { ETOM_READINESS_EVERY_RMO: '1 hour' })).toBe('5 minutes');
  });
});
