import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/catalog';
import { registeredActivities } from '../../src/catalog/implemented';
import { LAYER_NAMES } from '../../src/layers';
import {
  LAYER_LABELS,
  layerOfQueue,
  PROCESS_OF_ACTIVITY,
  PROCESS_OF_WORKFLOW,
} from '../../workflows/shared/process-names';
import { readableDuration } from '../../workflows/shared/summaries';

describe('the process names the workflows carry (workflows/shared/process-names.ts)', () => {
  it('are the catalog’s: each Level-3 process by its activity, each Level-2 one by its workflow', () => {
    const byActivity = Object.fromEntries(
      CATALOG.filter((p) => p.activity).map((p) => [p.activity!, `${p.id} ${p.nameEn}`]),
    );
    const byWorkflow = Object.fromEntries(
      CATALOG.filter((p) => p.workflow).map((p) => [p.workflow!, `${p.id} ${p.nameEn}`]),
    );
    expect(PROCESS_OF_ACTIVITY).toEqual(byActivity);
    expect(PROCESS_OF_WORKFLOW).toEqual(byWorkflow);
    for (const a of registeredActivities())
      expect(PROCESS_OF_ACTIVITY[a.name], a.name).toMatch(new RegExp(`^${a.etomId.replace(/\./g, '\\.')} `));
  });

  it('name the layers as src/layers.ts does, and read a layer from its task queue', () => {
    expect(LAYER_LABELS).toEqual(LAYER_NAMES);
    expect(layerOfQueue('etom-rmo')).toBe('RM&O');
    expect(layerOfQueue('t1a2b3c4-sprm')).toBe('S/PRM');
    expect(layerOfQueue('bench-api-bare')).toBeUndefined();
    expect([
      readableDuration(90_000),
      readableDuration(900_000),
      readableDuration(7_200_000),
      readableDuration(1500),
    ]).toEqual(['90 s', '15 min', '2 h', '2 s']);
  });
});
