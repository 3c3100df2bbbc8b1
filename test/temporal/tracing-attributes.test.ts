import { describe, expect, it } from 'vitest';
import { processById } from '../../src/catalog';
import { etomAttributes } from '../../src/telemetry/etom-spans';
import * as workflows from '../../workflows';
import { etomIdOfWorkflow } from '../../workflows/shared/summaries';

describe("a span's eTOM attributes", () => {
  it('every registered workflow names a process of the catalog', () => {
    for (const [type, v] of Object.entries(workflows)) {
      if (typeof v !== 'function') continue;
      const id = etomIdOfWorkflow(type);
      expect(id && processById(id), type).toBeTruthy();
    }
  });

  it("an activity's span is its Level-3 process; a workflow's span its workflow's process, layer and flow", () => {
    expect(etomAttributes('RunActivity:authorizeCredit', { temporalWorkflowId: 'ORD-1' })).toEqual({
      'etom.id': '1.F.1.5.2',
      'etom.layer': 'crm',
      'etom.business_id': 'ORD-1',
    });
    expect(
      etomAttributes('StartChildWorkflow:resourceOrder', {
        workflowType: 'serviceOrder',
        workflowId: 'ORD-1/1/CFS',
        taskQueue: 'etom-smo',
        root: { workflowId: 'ORD-1', runId: 'r' },
      }),
    ).toEqual({
      'etom.id': '1.F.2.2',
      'etom.layer': 'smo',
      'etom.business_id': 'ORD-1/1/CFS',
      'etom.flow_id': 'ORD-1',
    });
    expect(etomAttributes('StartWorkflow:productOrder', { temporalWorkflowId: 'ORD-1' })).toMatchObject({
      'etom.id': '1.F.1.5',
      'etom.layer': 'crm',
    });
    // A workflow that serves another's process: the alarm surveillance is 1.A.3.3.1.
    expect(etomAttributes('RunWorkflow:alarmSurveillance', { workflowType: 'alarmSurveillance' })).toMatchObject({
      'etom.id': '1.A.3.3.1',
      'etom.layer': 'rmo',
    });
  });
});
