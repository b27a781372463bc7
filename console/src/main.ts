import './styles.css';
import { h } from './ui/h.ts';
import { credentialStore, type ConsoleKey } from './aws/credentialStore.ts';
import { MediaPackageVodApi } from './aws/MediaPackageVodApi.ts';
import { EventBridgeApi } from './aws/EventBridgeApi.ts';
import { KinoraApi } from './aws/KinoraApi.ts';
import { errorBox } from './ui/parts.ts';
import type { Page, PageContext } from './PageContext.ts';
import { keyPage } from './pages/keyPage.ts';
import { groupsPage } from './pages/groupsPage.ts';
import { groupPage } from './pages/groupPage.ts';
import { newConfigurationPage } from './pages/newConfigurationPage.ts';
import { configurationPage } from './pages/configurationPage.ts';
import { assetsPage } from './pages/assetsPage.ts';
import { newAssetPage } from './pages/newAssetPage.ts';
import { assetPage } from './pages/assetPage.ts';
import { playerPage } from './pages/playerPage.ts';
import { eventsPage } from './pages/eventsPage.ts';
import { jobsPage } from './pages/jobsPage.ts';
import { notFoundPage } from './pages/notFoundPage.ts';

const BASE = '/console';

interface Route {
  pattern: RegExp;
  names: string[];
  page: Page;
  /** Section of the main navigation it belongs to. */
  section: string;
  /** Pages that call signed APIs need the key first. */
  needsKey: boolean;
}

const route = (path: string, page: Page, section: string, needsKey = true): Route => {
  const names: string[] = [];
  const pattern = new RegExp(`^${path.replace(/:(\w+)/g, (_, n) => (names.push(n), '([^/]+)'))}/?$`);
  return { pattern, names, page, section, needsKey };
};

const routes: Route[] = [
  route('/groups', groupsPage, 'groups'),
  route('/groups/:id', groupPage, 'groups'),
  route('/groups/:id/configurations/new', newConfigurationPage, 'groups'),
  route('/configurations/:id', configurationPage, 'groups'),
  route('/assets', assetsPage, 'assets'),
  route('/assets/new', newAssetPage, 'assets'),
  route('/assets/:id', assetPage, 'assets'),
  route('/player', playerPage, 'player', false),
  route('/events', eventsPage, 'events'),
  route('/jobs', jobsPage, 'jobs'),
];

const nav: [string, string][] = [
  ['groups', 'Packaging'],
  ['assets', 'Assets'],
  ['player', 'Player'],
  ['events', 'Events'],
  ['jobs', 'Transcode jobs'],
];

let key: ConsoleKey | undefined = credentialStore.load();
const currentKey = (): ConsoleKey => {
  if (!key) throw new Error('Enter your access key first.');
  return key;
};
const vod = new MediaPackageVodApi(location.origin, currentKey);
const events = new EventBridgeApi(location.origin, currentKey);
const kinora = new KinoraApi(location.origin, currentKey);

const main = h('main', { id: 'main', tabindex: '-1' });
const navList = h('ul', {});
const keyBox = h('div', { class: 'key-box' });
document.body.replaceChildren(
  h('a', { class: 'skip-link', href: '#main' }, 'Skip to content'),
  h('header', { class: 'topbar' }, h('a', { class: 'brand', href: `${BASE}/groups` }, h('span', { class: 'logo', 'aria-hidden': 'true' }, '▶'), 'Kinora'), h('nav', { 'aria-label': 'Main' }, navList), keyBox),
  main,
);

let cleanups: (() => void)[] = [];
let generation = 0;

function renderKeyBox(): void {
  keyBox.replaceChildren(
    ...(key
      ? [
          h('span', { class: 'key-id', title: 'Access key in use (kept in this tab only)' }, h('span', { class: 'visually-hidden' }, 'Access key '), key.accessKeyId),
          h('button', {
            type: 'button',
            class: 'link',
            onclick: () => {
              credentialStore.clear();
              key = undefined;
              void render();
            },
          }, 'Sign out'),
        ]
      : []),
  );
}

function renderNav(section: string): void {
  navList.replaceChildren(
    ...nav.map(([id, label]) => h('li', {}, h('a', { href: `${BASE}/${id}`, ...(id === section ? { 'aria-current': 'page' } : {}) }, label))),
  );
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const url = path.startsWith(BASE) ? path : `${BASE}${path}`;
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  void render();
}

async function render(): Promise<void> {
  for (const c of cleanups) {
    try {
      c();
    } catch {
      // a failing cleanup must not block the next page
    }
  }
  cleanups = [];
  const mine = ++generation;
  let path = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : location.pathname;
  if (path === '' || path === '/') {
    history.replaceState(null, '', `${BASE}/groups`);
    path = '/groups';
  }
  const found = routes.map((r) => ({ r, m: r.pattern.exec(path) })).find((x) => x.m);
  renderNav(found?.r.section ?? '');
  renderKeyBox();
  const ctx: PageContext = {
    vod,
    events,
    kinora,
    params: found ? Object.fromEntries(found.r.names.map((n, i) => [n, decodeURIComponent(found.m![i + 1])])) : {},
    query: new URLSearchParams(location.search),
    navigate,
    onLeave: (c) => cleanups.push(c),
    left: () => mine !== generation,
    title: (t) => (document.title = `${t} · Kinora`),
  };
  let page: Page = found?.r.page ?? notFoundPage;
  if (found?.r.needsKey && !key) {
    page = keyPage((entered) => {
      key = entered;
      credentialStore.save(entered);
      void render();
    });
  }
  main.replaceChildren(h('p', { class: 'loading', role: 'status' }, 'Loading…'));
  let content: Node;
  try {
    content = await page(ctx);
  } catch (e) {
    content = errorBox(e, () => void render());
  }
  if (mine !== generation) return;
  main.replaceChildren(content);
  const focusTarget = main.querySelector<HTMLElement>('[autofocus]');
  if (focusTarget) focusTarget.focus();
}

// Links inside the console change pages without reloading.
document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element).closest?.('a');
  if (!a || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || !(url.pathname === BASE || url.pathname.startsWith(`${BASE}/`))) return;
  e.preventDefault();
  if (url.pathname + url.search === location.pathname + location.search) return;
  history.pushState(null, '', url.pathname + url.search);
  void render().then(() => main.focus({ preventScroll: true }));
});
window.addEventListener('popstate', () => void render());
void render();
