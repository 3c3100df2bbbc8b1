import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/catalog';
import { BASE, TOKENS, vpnOrder, withApi } from '../api/support';
import { buildDashboard, screenshot, withBrowser } from '../support/browser';

const WEB_UI = 'http://127.0.0.1:8233';
/** Generous bounds: a loaded 2-core machine runs the server, four workers and Chromium at once. */
const LONG = 90_000;

const level3Ids = () =>
  CATALOG.filter((p) => p.level === 3)
    .map((p) => p.id)
    .sort();

/** What the test reads of the page's globals (the project compiles without the DOM's types). */
interface PageNode {
  querySelector(selector: string): PageNode | null;
  textContent: string | null;
}
interface PageGlobals {
  document: PageNode;
  MutationObserver: new (callback: () => void) => { observe(node: PageNode, options: object): void };
  seen: string[];
  notReloaded: boolean;
}

/** The texts of an element's SVG, as the reader sees them drawn. */
const svgTexts = (page: Page, selector: string) =>
  page.$$eval(`${selector} svg text`, (els) => els.map((e) => (e.textContent ?? '').trim()));

describe('the dashboard in Chromium (#11)', () => {
  beforeAll(() => buildDashboard(), 300_000);

  it('asks for a token, then draws the map, a live order on the flows page, the process it ran and its swimlane', async () => {
    await withApi(
      (rt) =>
        withBrowser(async (open) => {
          // Without a token, and with a wrong one, the page says what to do.
          const bare = await open();
          await bare.goto(`${rt.base}/`);
          await bare.getByText('No access token').waitFor({ timeout: LONG });
          await bare.goto(`${rt.base}/#token=not-a-token-0123456789`);
          await bare.reload();
          await bare.getByText('refused the access token (401)').waitFor({ timeout: LONG });

          // The map: every Level-3 process of the catalog, once, each with its figures.
          const page = await open();
          await page.goto(`${rt.base}/#token=${TOKENS.reader}`);
          await page.locator('[data-level="3"][data-etom-id]').first().waitFor({ timeout: LONG });
          expect(page.url(), 'the token leaves the address').not.toContain('token=');
          const ids = await page.$$eval('[data-level="3"][data-etom-id]', (els) =>
            els.map((e) => e.getAttribute('data-etom-id')!),
          );
          expect(ids).toHaveLength(110);
          expect([...ids].sort()).toEqual(level3Ids());
          expect(await page.locator('.proc .figures').count()).toBe(110);
          for (const layer of ['CRM', 'SM&O', 'RM&O', 'S/PRM'])
            await expect(page.locator('.lhead', { hasText: layer }).count()).resolves.toBe(1);

          // The flows page, opened before the order exists: the order arrives by the stream.
          await page.click('nav a[data-page="flows"]');
          await page.locator('.live[data-live="open"]').waitFor({ timeout: LONG });
          const id = rt.id('dash-ui');
          await page.evaluate((workflowId) => {
            const w = globalThis as unknown as PageGlobals;
            w.notReloaded = true;
            w.seen = [];
            const record = () => {
              const tr = w.document.querySelector(`tr[data-workflow-id="${workflowId}"]`);
              if (!tr) return;
              const cell = (f: string) => tr.querySelector(`[data-field="${f}"]`)?.textContent ?? '';
              const seen = `${cell('status')}|${cell('state')}|${cell('layer')}`;
              if (w.seen[w.seen.length - 1] !== seen) w.seen.push(seen);
            };
            new w.MutationObserver(record).observe(w.document.querySelector('tbody')!, {
              childList: true,
              subtree: true,
            });
          }, id);
          const placed = await rt.call('POST', `${BASE}/productOrder`, {
            expect: 'ProductOrder',
            body: vpnOrder(id),
          });
          expect(placed.status).toBe(201);
          const row = page.locator(`tr[data-workflow-id="${id}"]`);
          await row.locator('[data-field="status"]', { hasText: 'completed' }).waitFor({ timeout: LONG });
          const { seen, notReloaded } = await page.evaluate(() => {
            const w = globalThis as unknown as PageGlobals;
            return { seen: w.seen, notReloaded: w.notReloaded };
          });
          expect(notReloaded, 'the page was not reloaded').toBe(true);
          expect(seen[0], `first seen running: ${seen.join(' → ')}`).toMatch(/^running\|/);
          expect(seen.at(-1)).toMatch(/^completed\|completed\|/);
          await expect(row.locator('[data-field="customer"]').textContent()).resolves.toBe('CUST-1002');
          const order = await rt.call<{ state: string }>('GET', `${BASE}/productOrder/${id}`, {
            expect: 'ProductOrder',
          });
          expect(order.body.state).toBe('completed');
          await screenshot(page, 'dashboard-flows', false);

          // The process the order ran: its French text, and the order among the flows that ran it.
          await page.click('nav a[data-page="map"]');
          const proc = page.locator('[data-level="3"][data-etom-id="1.F.3.2.2"]');
          await proc.click();
          const panel = page.locator('.panel[data-etom-id="1.F.3.2.2"]');
          await panel
            .locator('.text-fr', { hasText: 'configuration et activation des ressources' })
            .waitFor({ timeout: LONG });
          await expect(panel.locator('h2').textContent()).resolves.toBe('Configure & Activate Resource');
          await expect(panel.locator('.code code').textContent()).resolves.toBe('configureAndActivateResource');
          // The worker records runs write-behind, and the panel reads them again while open.
          await panel.locator(`.live-flows a[data-workflow-id="${id}"]`).waitFor({ timeout: LONG });
          await proc.locator('[data-figure="runs"]', { hasText: /^[1-9]\d* runs$/ }).waitFor({ timeout: LONG });
          await screenshot(page, 'dashboard-process', false);
          await page.locator('.panel .close').click();
          await panel.waitFor({ state: 'hidden' });
          await screenshot(page, 'dashboard-map');

          // Its swimlane, from the panel's link: the four layers' lanes drawn by mermaid.
          await page.goto(`${rt.base}/#/process/1.F.3.2.2`);
          await page.locator(`.panel .live-flows a[data-workflow-id="${id}"]`).click();
          await page.locator('#swimlane svg').waitFor({ timeout: LONG });
          const texts = await svgTexts(page, '#swimlane');
          for (const lane of ['CRM', 'SM&O', 'RM&O', 'S/PRM', 'Supplier'])
            expect(texts, `the ${lane} lane`).toContain(lane);
          for (const step of ['1.F.3.2.2', '1.F.4.2.3'])
            expect(
              texts.some((t) => t.includes(step)),
              `the step ${step} is drawn`,
            ).toBe(true);
          await screenshot(page, 'dashboard-flow', false);
          // Each step's input and output, and each workflow's link to the Temporal Web UI.
          const step = page.locator('tr.step[data-etom-id="1.F.3.2.2"]').first();
          await step.waitFor({ timeout: LONG });
          const detail = step.locator('xpath=following-sibling::tr[1]');
          await expect(detail.isHidden()).resolves.toBe(true);
          await step.locator('button.expand').click();
          const input = JSON.parse((await detail.locator('pre.json').first().textContent())!) as Record<
            string,
            unknown
          >;
          expect(input).toMatchObject({ action: 'activate', resourceOrderId: expect.stringContaining(id) });
          const link = page.locator(`tr[data-workflow-id="${id}"] a.webui`);
          await expect(link.getAttribute('href')).resolves.toMatch(
            new RegExp(`^${WEB_UI}/namespaces/[^/]+/workflows/${id}/[\\w-]+/history$`),
          );
          await screenshot(page.locator('#swimlane svg'), 'dashboard-swimlane');
        }),
      { webUiUrl: WEB_UI },
    );
  }, 360_000);
});
