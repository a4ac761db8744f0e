import { h, spinner, errorBox, safeExternalUrl } from '../dom.js';
import { api } from '../api.js';
import { href } from '../router.js';
import { renderDocument } from './docview.js';

export function docHeader(article, doc, extra) {
  const meta = (doc && doc.meta) || {};
  const title = (article && article.title) || meta.title || (article && article.doc_id) || meta.id || 'Untitled text';
  const url = safeExternalUrl((article && article.url) || meta.url);
  const stats = [
    ['date', (article && (article.day || article.date)) || meta.date],
    ['outlet', (article && (article.source || article.outlet)) || meta.source],
    ['language', (article && article.language) || meta.language],
    ['sentences', (doc.sentences || []).length],
    ['entities', (doc.entities || []).length],
    ['quotes', (doc.quotes || []).length],
    ['events', (doc.events || []).length],
    ['stances', Array.isArray(doc.stances) ? doc.stances.length : null],
  ].filter(([, v]) => v !== null && v !== undefined && v !== '');
  return h(
    'div',
    { class: 'page-head article-head' },
    extra || null,
    h('h1', { testid: 'article-title' }, title),
    h(
      'div',
      { class: 'meta-line' },
      stats.map(([k, v]) => h('span', { class: 'meta-item' }, h('span', { class: 'meta-k' }, k), ' ', h('span', { class: 'meta-v' }, String(v)))),
      url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'ext meta-item' }, 'original ↗') : null,
    ),
    article && article.title && article.doc_id ? h('div', { class: 'muted small' }, `id ${article.doc_id}`) : null,
  );
}

export async function render(main, route, ctx) {
  const id = route.args[0];
  const p = route.params;
  main.append(spinner('Loading article…'));
  let res;
  try {
    res = await api.article(id);
  } catch (e) {
    main.replaceChildren(errorBox(e));
    return;
  }
  if (!ctx.isCurrent()) return;
  const doc = res.document || {};
  const trig = p.t && /^\d+-\d+$/.test(p.t) ? p.t.split('-').map(Number) : null;
  const view = renderDocument(doc, { focusSentence: p.s, focusTrigger: trig, focusQuote: p.q });
  main.replaceChildren(docHeader(res.article, doc, h('a', { href: href('articles'), class: 'back' }, '← Articles')), view.el);
  requestAnimationFrame(() => view.applyFocus());
  return () => view.destroy();
}
