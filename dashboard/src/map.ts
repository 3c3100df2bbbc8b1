import { getJson } from './api';
import { duration, fill, h } from './dom';
import type { EtomMap, Grouping, Level2Box, MapProcess, RunFigures } from './types';

/** The verticals the F/A/B block spans, in the standard's order (OSR has a column of its own). */
const FAB = ['F', 'A', 'B'];
const REFRESH_MS = 5000;

const openProcess = (id: string) => () => {
  location.hash = `#/process/${id}`;
};

function figures(p: RunFigures): HTMLElement {
  const el = h('span', { class: 'figures' });
  setFigures(el, p);
  return el;
}

/** Runs, running now, failed and p50: the live counts each process shows. */
function setFigures(el: HTMLElement, p: RunFigures): void {
  fill(
    el,
    h('span', { 'data-figure': 'runs', title: 'runs' }, `${p.runs} runs`),
    h(
      'span',
      { 'data-figure': 'running', title: 'running now', class: p.running > 0 ? 'hot' : null },
      `${p.running} ▶`,
    ),
    h('span', { 'data-figure': 'failed', title: 'failed', class: p.failed > 0 ? 'bad' : null }, `${p.failed} ✗`),
    h('span', { 'data-figure': 'p50', title: 'median duration (p50)' }, `p50 ${duration(p.p50Ms)}`),
  );
  el.closest('.proc')?.classList.toggle('ran', p.runs > 0);
}

function processButton(p: MapProcess, figureEls: Map<string, HTMLElement>): HTMLElement {
  const f = figures(p);
  figureEls.set(p.id, f);
  const el = h(
    'button',
    {
      class: `proc${p.implemented ? ' implemented' : ''}`,
      type: 'button',
      'data-etom-id': p.id,
      'data-level': 3,
      'data-implemented': p.implemented,
      title: `${p.nameFr}${p.activity ? ` — activity ${p.activity}` : ''}${p.implemented ? '' : ' (not implemented)'}`,
      onclick: openProcess(p.id),
    },
    h(
      'span',
      { class: 'mark', 'aria-label': p.implemented ? 'implemented' : 'not implemented' },
      p.implemented ? '●' : '○',
    ),
    h('span', { class: 'pid' }, p.id),
    h('span', { class: 'pname' }, p.name),
    f,
  );
  el.classList.toggle('ran', p.runs > 0);
  return el;
}

function level2Box(box: Level2Box, figureEls: Map<string, HTMLElement>): HTMLElement {
  const cols = box.verticals.map((v) => FAB.indexOf(v)).filter((i) => i >= 0);
  const style = cols.length > 0 ? `grid-column: ${Math.min(...cols) + 1} / span ${cols.length}` : '';
  return h(
    'section',
    { class: `l2 v-${box.verticals.join('')}`, style, 'data-l2': box.id },
    h(
      'button',
      { class: 'l2-title', type: 'button', 'data-etom-id': box.id, 'data-level': 2, onclick: openProcess(box.id) },
      h('span', { class: 'pid' }, box.id),
      ' ',
      h('span', { class: 'pname' }, box.name),
      box.workflow ? h('code', { class: 'wf', title: 'the workflow that runs it' }, box.workflow) : null,
    ),
    h(
      'div',
      { class: 'procs' },
      box.processes.map((p) => processButton(p, figureEls)),
    ),
  );
}

function groupingBand(title: string, groups: Grouping[], cls: string): HTMLElement {
  return h(
    'section',
    { class: `band ${cls}` },
    h('h2', {}, title),
    h(
      'div',
      { class: 'groups' },
      groups.map((g) =>
        h(
          'div',
          { class: 'group' },
          h(
            'button',
            {
              class: 'l2-title',
              type: 'button',
              'data-etom-id': g.id,
              'data-level': g.level,
              onclick: openProcess(g.id),
            },
            h('span', { class: 'pid' }, g.id),
            ' ',
            h('span', { class: 'pname' }, g.name),
          ),
          h(
            'ul',
            {},
            g.processes.map((p) =>
              h(
                'li',
                {},
                h(
                  'button',
                  {
                    class: 'sub',
                    type: 'button',
                    'data-etom-id': p.id,
                    'data-level': p.level,
                    title: p.nameFr,
                    onclick: openProcess(p.id),
                  },
                  h('span', { class: 'pid' }, p.id),
                  ' ',
                  p.name,
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

/** The Operations block: the verticals as columns across the four layers as rows (a CSS grid). */
function operations(map: EtomMap, figureEls: Map<string, HTMLElement>): HTMLElement {
  const grid = h('div', { class: 'ops', role: 'table', 'aria-label': 'eTOM Operations' });
  grid.append(h('div', { class: 'corner' }));
  for (const v of map.verticals) grid.append(h('div', { class: `vhead v-${v.code}`, 'data-vertical': v.code }, v.name));
  for (const layer of map.layers) {
    const boxes = map.level2.filter((b) => b.layer === layer.key);
    grid.append(h('div', { class: 'lhead', 'data-layer': layer.key }, layer.name));
    grid.append(
      h(
        'div',
        { class: 'osr-cell' },
        boxes.filter((b) => !b.verticals.some((v) => FAB.includes(v))).map((b) => level2Box(b, figureEls)),
      ),
    );
    grid.append(
      h(
        'div',
        { class: 'fab-cell' },
        boxes.filter((b) => b.verticals.some((v) => FAB.includes(v))).map((b) => level2Box(b, figureEls)),
      ),
    );
  }
  return grid;
}

export interface MapView {
  el: HTMLElement;
  dispose(): void;
}

/**
 * The eTOM map at `/`, drawn as the standard draws it: SIP above, Operations (OSR, Fulfilment,
 * Assurance, Billing across CRM, SM&O, RM&O, S/PRM), Enterprise Management below. Every Level-3
 * process shows whether it is implemented and its live counts, read again every few seconds.
 */
export async function mapView(onError: (err: unknown) => void): Promise<MapView> {
  const map = await getJson<EtomMap>('/map');
  const figureEls = new Map<string, HTMLElement>();
  const implemented = map.level2.flatMap((b) => b.processes).filter((p) => p.implemented).length;
  const total = map.level2.reduce((n, b) => n + b.processes.length, 0);
  const el = h(
    'div',
    { class: 'map-view' },
    h(
      'p',
      { class: 'legend' },
      `${total} Level-3 operations processes, ${implemented} implemented (● implemented, ○ not). `,
      'Each shows its runs, running now (▶), failed (✗) and median duration. Click one for its text and flows.',
    ),
    groupingBand(
      'Strategy, Infrastructure & Product',
      map.groupings.filter((g) => g.id.startsWith('1.SIP')),
      'sip',
    ),
    operations(map, figureEls),
    groupingBand(
      'Enterprise Management',
      map.groupings.filter((g) => !g.id.startsWith('1.SIP')),
      'em',
    ),
  );
  let stopped = false;
  let timer: number | undefined;
  const refresh = async () => {
    try {
      const next = await getJson<EtomMap>('/map');
      for (const p of next.level2.flatMap((b) => b.processes)) {
        const f = figureEls.get(p.id);
        if (f) setFigures(f, p);
      }
    } catch (err) {
      onError(err);
    }
    if (!stopped) timer = window.setTimeout(() => void refresh(), REFRESH_MS);
  };
  timer = window.setTimeout(() => void refresh(), REFRESH_MS);
  return {
    el,
    dispose() {
      stopped = true;
      window.clearTimeout(timer);
    },
  };
}
