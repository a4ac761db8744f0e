import './style.css';
import { h, clear, errorBox } from './dom.js';
import { parseHash, href } from './router.js';

const NAV = [
  { view: 'articles', label: 'Articles', load: () => import('./views/articles.js') },
  { view: 'events', label: 'Events', load: () => import('./views/events.js') },
  { view: 'network', label: 'Network', load: () => import('./views/network.js') },
  { view: 'timeline', label: 'Timeline', load: () => import('./views/timeline.js') },
  { view: 'stances', label: 'Stances', load: () => import('./views/stances.js') },
  { view: 'quotes', label: 'Quotes', load: () => import('./views/quotes.js') },
  { view: 'annotate', label: 'Annotate text', load: () => import('./views/annotate.js') },
];
const ROUTES = { ...Object.fromEntries(NAV.map((n) => [n.view, n.load])), article: () => import('./views/article.js') };

const nav = h('nav', { class: 'nav', 'aria-label': 'Main' });
const header = h(
  'header',
  { class: 'topbar' },
  h('a', { class: 'brand', href: '#/articles', title: 'dyad workbench' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '⇄'), h('span', null, 'dyad'), h('span', { class: 'brand-sub' }, 'workbench')),
  nav,
);
const main = h('main', { id: 'view', class: 'view' });
const app = document.getElementById('app');
app.append(header, main);

for (const n of NAV) nav.append(h('a', { href: href(n.view), 'data-view': n.view, testid: `nav-${n.view}` }, n.label));

let current = { token: 0, cleanup: null };

async function route() {
  const r = parseHash();
  if (!ROUTES[r.view]) {
    location.replace('#/articles');
    return;
  }
  const active = r.view === 'article' ? 'articles' : r.view;
  for (const a of nav.querySelectorAll('a')) a.classList.toggle('active', a.dataset.view === active);
  const token = ++current.token;
  if (typeof current.cleanup === 'function') {
    try {
      current.cleanup();
    } catch {
      /* ignore */
    }
  }
  current.cleanup = null;
  try {
    const mod = await ROUTES[r.view]();
    if (token !== current.token) return;
    clear(main);
    main.dataset.view = r.view;
    const cleanup = await mod.render(main, r, { isCurrent: () => token === current.token });
    if (token === current.token) current.cleanup = cleanup || null;
    else if (typeof cleanup === 'function') cleanup();
  } catch (e) {
    if (token !== current.token) return;
    console.error(e);
    clear(main).append(errorBox(e));
  }
}

window.addEventListener('hashchange', route);
if (!location.hash) location.replace('#/articles');
route();
