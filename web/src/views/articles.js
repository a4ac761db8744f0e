import { h, spinner, errorBox, empty, safeExternalUrl } from '../dom.js';
import { api } from '../api.js';
import { href } from '../router.js';
import { filterForm, pagination, pageHeader } from './common.js';

export async function render(main, route, ctx) {
  const p = route.params;
  main.append(
    pageHeader('Articles', 'Stored articles, in the order they were stored. Open one to read it with its quotes, speakers and events.'),
    filterForm(
      'articles',
      [
        { name: 'from', label: 'From', type: 'date' },
        { name: 'to', label: 'To', type: 'date' },
        { name: 'limit', label: 'Rows', options: ['25', '50', '100', '200'] },
      ],
      { limit: '50', ...p },
    ),
  );
  const box = h('div', { class: 'results' }, spinner());
  main.append(box);
  let res;
  try {
    res = await api.articles({ from: p.from, to: p.to, limit: p.limit || 50, cursor: p.cursor });
  } catch (e) {
    box.replaceChildren(errorBox(e));
    return;
  }
  if (!ctx.isCurrent()) return;
  const items = res.items || [];
  if (!items.length) {
    box.replaceChildren(empty('No articles match. Store some with `dyad ingest`, or try the Annotate page.'));
    return;
  }
  const table = h(
    'table',
    { class: 'grid', testid: 'articles-table' },
    h('thead', null, h('tr', null, ['#', 'Date', 'Title', 'Outlet', 'Sentences', 'Quotes', 'Events'].map((c) => h('th', { scope: 'col' }, c)))),
  );
  const tbody = h('tbody');
  for (const a of items) {
    const url = safeExternalUrl(a.url);
    tbody.append(
      h(
        'tr',
        { testid: 'article-row', dataset: { id: a.id, docId: a.doc_id } },
        h('td', { class: 'num muted' }, String(a.id)),
        h('td', { class: 'nowrap' }, a.day || a.date || ''),
        h(
          'td',
          { class: 'title-cell' },
          h('a', { href: href('article', [a.id]), class: 'article-title', testid: 'article-link' }, a.title || a.doc_id),
          h('div', { class: 'muted small' }, a.title ? a.doc_id : '', url ? ' ' : null, url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'ext' }, 'source ↗') : null),
        ),
        h('td', null, a.source || a.outlet || ''),
        h('td', { class: 'num' }, String(a.num_sentences ?? '')),
        h('td', { class: 'num' }, String(a.num_quotes ?? '')),
        h('td', { class: 'num' }, String(a.num_events ?? '')),
      ),
    );
  }
  table.append(tbody);
  box.replaceChildren(h('div', { class: 'table-wrap' }, table), pagination('articles', p, res.next_cursor, items.length));
}
