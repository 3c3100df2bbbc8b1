import './style.css';
import { AccessError, adoptTokenFromUrl, setToken, token } from './api';
import { fill, h, messageOf } from './dom';
import { flowView } from './flow';
import { flowsView } from './flows';
import { mapView } from './map';
import { processPanel } from './process';

/**
 * The dashboard (#11): a hash router over three pages — the eTOM map (`#/`, with a process's
 * panel at `#/process/<id>`), the flows (`#/flows`) and one flow (`#/flow/<id>`).
 */
adoptTokenFromUrl();

const main = document.querySelector<HTMLElement>('main')!;
const banner = document.querySelector<HTMLElement>('#banner')!;
const panel = processPanel();
document.body.append(panel.el);

type Route = { page: 'map'; process: string | null } | { page: 'flows' } | { page: 'flow'; id: string };

function routeOf(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const [page, ...rest] = path.split('/');
  const arg = rest.length > 0 ? decodeURIComponent(rest.join('/')) : null;
  if (page === 'flows') return { page: 'flows' };
  if (page === 'flow' && arg) return { page: 'flow', id: arg };
  return { page: 'map', process: page === 'process' ? arg : null };
}

function tokenForm(): HTMLElement {
  const input = h('input', { type: 'password', placeholder: 'access token', 'aria-label': 'access token' });
  return h(
    'form',
    {
      class: 'token-form',
      onsubmit: (e: Event) => {
        e.preventDefault();
        if (!input.value.trim()) return;
        setToken(input.value);
        location.reload();
      },
    },
    input,
    h('button', { type: 'submit' }, 'Use this token'),
  );
}

/** An error for the reader: a missing or refused token says how to get one; the rest, what failed. */
function showError(err: unknown): void {
  banner.hidden = false;
  if (err instanceof AccessError) {
    banner.className = 'banner access';
    fill(banner, h('p', {}, err.message), tokenForm());
  } else {
    banner.className = 'banner';
    fill(banner, h('p', {}, messageOf(err)));
  }
}

let current: { page: Route['page']; dispose(): void } | undefined;

async function render(): Promise<void> {
  const route = routeOf(location.hash);
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a'))
    a.classList.toggle('current', a.dataset['page'] === route.page);
  if (!token()) return showError(new AccessError(null));
  // Opening or closing a process's panel keeps the map as it is.
  if (route.page === 'map' && current?.page === 'map') {
    panel.show(route.process);
    return;
  }
  current?.dispose();
  current = undefined;
  panel.show(null);
  banner.hidden = true;
  fill(main, h('p', { class: 'muted' }, 'Loading…'));
  try {
    if (route.page === 'map') {
      const v = await mapView(showError);
      // The reader went elsewhere while the map loaded: that page is drawn, not this one.
      if (routeOf(location.hash).page !== 'map') return v.dispose();
      fill(main, v.el);
      current = { page: 'map', dispose: () => v.dispose() };
      panel.show(route.process);
    } else if (route.page === 'flows') {
      const v = flowsView(showError);
      fill(main, v.el);
      current = { page: 'flows', dispose: () => v.dispose() };
    } else {
      const v = flowView(route.id, showError);
      fill(main, v.el);
      current = { page: 'flow', dispose: () => v.dispose() };
    }
  } catch (err) {
    fill(main);
    showError(err);
  }
}

window.addEventListener('hashchange', () => void render());
void render();
