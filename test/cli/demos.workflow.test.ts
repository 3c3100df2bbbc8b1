import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';

/**
 * `npx etom demo <flow> --json` as a user runs it, against the shared test server: its own
 * data directory (a new store, so the installed base is there) and its own task queues. The
 * last stdout line is the summary.
 */
const bin = path.resolve(__dirname, '../../bin/etom.cjs');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** The summary (stdout's last line), and what the demo told the person watching (stderr) under `told`. */
function demo(flow: string, dataDir?: string): Promise<Record<string, unknown>> {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `etom-demo-${flow}-`));
  if (!dataDir) dirs.push(dir);
  const env = {
    ...process.env,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_NAMESPACE: inject('temporalNamespace'),
    ETOM_DATA_DIR: dir,
    ETOM_TASK_QUEUE_PREFIX: `demo-${flow}-${path.basename(dir).slice(-6)}`,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'demo', flow, '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`etom demo ${flow} exited with ${code}:\n${err.slice(-3000)}`));
      resolve({ ...(JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>), told: err });
    });
  });
}

interface FlowSummary {
  flow: string;
  outcome: Record<string, unknown>;
  processesByLayer: Record<string, string[]>;
}

describe('the demos, as a user runs them', () => {
  it('assurance: a technician, an alarm storm, a supplier fault and an SLA credit, each with its eTOM ids by layer', async () => {
    const summary = (await demo('assurance')) as {
      flows: FlowSummary[];
      told: string;
      assuranceProcesses: { ran: number; of: number; missing: string[] };
    };
    const [technician, storm, supplier, sla] = summary.flows;
    // For the storm and the ticket, the command that draws the flow from its histories.
    expect(summary.told).toMatch(/draw the storm, down to the customers told: npx etom trace \S+ --format mermaid/);
    expect(summary.told).toMatch(/draw the ticket: npx etom trace \S+ --format mermaid/);

    expect(technician!.outcome).toMatchObject({ state: 'closed', technicianId: 'TECH-03' });
    // The closed report goes on to Retention & Loyalty: the survey answered, the risk weighed.
    // The qualified problem told Customer QoS/SLA Management of its impact at once (1.A.1.7.2).
    expect(technician!.processesByLayer).toMatchObject({
      CRM: [
        '1.A.1.6.1',
        '1.A.1.6.2',
        '1.A.1.6.3',
        '1.A.1.6.4',
        '1.A.1.7.2',
        '1.FAB.1.2.3',
        '1.FAB.1.9.2',
        '1.FAB.1.9.3',
        '1.FAB.1.9.5',
      ],
      'SM&O': ['1.A.2.3.1', '1.A.2.3.2', '1.A.2.3.3', '1.A.2.3.4', '1.A.2.3.5'],
      'RM&O': ['1.O.3.1.6'],
    });

    // Hundreds of alarms, one trouble, and only the customers of the failed card told.
    expect(storm!.outcome['alarms']).toBeGreaterThan(300);
    expect(storm!.outcome['resourceTroubles']).toEqual([
      expect.objectContaining({ resourceId: 'CARD-PAR-1-1', recovery: 'switchedToRedundant' }),
    ]);
    expect(storm!.outcome['customersNotified']).toEqual(['CUST-1001', 'CUST-2001']);
    expect(storm!.processesByLayer['RM&O']).toEqual([
      '1.A.3.3.1',
      '1.A.3.3.2',
      '1.A.3.3.3',
      '1.A.3.3.4',
      '1.A.3.3.5',
      '1.A.3.3.6',
      // 1.A.3.3.3 asks Resource Provisioning to switch to the mate card and record it (#13).
      '1.F.3.2.2',
      '1.F.3.2.4',
    ]);

    expect(supplier!.outcome).toMatchObject({ state: 'closed' });
    // Alpha's month (today's fault and an earlier cut) misses its SLA: restoration is requested.
    expect(supplier!.outcome['supplierScorecard']).toMatchObject({
      slaMet: false,
      restorationReference: expect.stringMatching(/\S/),
    });
    expect(supplier!.processesByLayer['S/PRM']).toEqual(
      expect.arrayContaining(['1.A.4.3.1', '1.A.4.3.2', '1.A.4.3.3', '1.A.4.4.1', '1.A.4.4.2', '1.A.4.4.3']),
    );
    // Every Level-3 Assurance process of the catalog ran (1.A.*: 32).
    expect(summary.assuranceProcesses).toEqual({ ran: 32, of: 32, missing: [] });

    const credits = sla!.outcome['credits'] as Array<{ customer_id: string; amount_minor: number }>;
    expect(credits.map((c) => c.customer_id)).toEqual(['CUST-2001']);
    expect(Number.isInteger(credits[0]!.amount_minor) && credits[0]!.amount_minor > 0).toBe(true);
    expect(sla!.processesByLayer).toMatchObject({
      'RM&O': ['1.A.3.4.1', '1.A.3.4.2', '1.A.3.4.3', '1.A.3.4.4'],
      'SM&O': ['1.A.2.4.1', '1.A.2.4.2', '1.A.2.4.3', '1.A.2.4.4'],
      CRM: ['1.A.1.7.1', '1.A.1.7.2', '1.A.1.7.3'],
    });
  }, 300_000);

  it('lifecycle: campaign to fulfilled sale, a retention offer, every readiness schedule run once and a shortfall filled', async () => {
    const summary = (await demo('lifecycle')) as {
      sale: { outcome: string; orderState: string };
      riskReviews: Array<{ customerId: string; retentionOfferId: string | null }>;
      readiness: string[];
      traceProcesses: Record<string, string[]>;
    };
    expect(summary.sale).toMatchObject({ outcome: 'won', orderState: 'completed' });
    expect(summary.riskReviews.filter((r) => r.retentionOfferId).map((r) => r.customerId)).toEqual(['CUST-1004']);
    expect(summary.readiness).toHaveLength(4);
    const ids = new Set(Object.values(summary.traceProcesses).flat());
    for (const id of ['1.F.1.3.1', '1.F.1.3.2', '1.F.1.4.1', '1.F.1.4.3', '1.FAB.1.9.4', '1.FAB.1.9.5', '1.FAB.4.6.1'])
      expect(ids, id).toContain(id);
    // Every Operations Support & Readiness process ran once: 9 + 5 + 6 + 5.
    expect([...ids].filter((id) => id.startsWith('1.O.') && id !== '1.O.3.1.6')).toHaveLength(25);
  }, 300_000);

  it('billing: a bill cycle from its schedule, a credit applied, dunning to suspension and back, a supplier dispute', async () => {
    const summary = (await demo('billing')) as {
      processesByLayer: Record<string, string[]>;
      totals: { usageChargeMinor: number; billedUsageMinor: number; creditsMinor: number; billedTotalMinor: number };
      collections: Array<{ state: string }>;
      settlement: Array<{ disputeState: string }>;
      invoiceFiles: string[];
      inquiry: { state: string } | null;
    };
    // Dunning's suspension and the payment's resumption are SM&O service orders (#12), whose RM&O orders block the port.
    expect(Object.values(summary.processesByLayer).flat()).toHaveLength(20);
    expect(summary.processesByLayer['SM&O']).toEqual(expect.arrayContaining(['1.F.2.2.1', '1.F.2.2.6']));
    expect(summary.processesByLayer['RM&O']).toEqual(expect.arrayContaining(['1.F.3.2.2']));
    expect(summary.totals.billedUsageMinor).toBe(summary.totals.usageChargeMinor);
    expect(summary.totals.creditsMinor).toBeLessThan(0);
    expect(summary.collections.map((c) => c.state)).toContain('restored');
    expect(summary.settlement[0]?.disputeState).toBeTruthy();
    for (const f of summary.invoiceFiles) expect(fs.readFileSync(f, 'utf8')).toMatch(/BILL-\d+/);
    expect(summary.inquiry?.state).toMatch(/upheld|notUpheld/);
  }, 300_000);
});
