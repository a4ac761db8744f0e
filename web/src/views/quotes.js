import { h, spinner, errorBox, empty, fmtNum } from '../dom.js';
import { api } from '../api.js';
import { speakerColor } from '../codes.js';
import { filterForm, pagination, pageHeader, articleLink } from './common.js';

export async function render(main, route, ctx) {
  const p = route.params;
  main.append(
    pageHeader('Quotes', 'Search what was said (every word must occur) and who said it (name or actor code).'),
    filterForm(
      'quotes',
      [
        { name: 'text', label: 'Words', placeholder: 'ceasefire troops', size: 22 },
        { name: 'speaker', label: 'Speaker', placeholder: 'Lavrov or RUSGOV', size: 16 },
        { name: 'kind', label: 'Kind', options: ['', 'direct', 'partial', 'indirect'].map((x) => ({ value: x, label: x || 'Any' })) },
        { name: 'from', label: 'From', type: 'date' },
        { name: 'to', label: 'To', type: 'date' },
        { name: 'limit', label: 'Rows', options: ['25', '50', '100', '200'] },
      ],
      { limit: '50', ...p },
      { submitLabel: 'Search' },
    ),
  );
  const box = h('div', { class: 'results' }, spinner());
  main.append(box);
  let res;
  try {
    res = await api.quotes({ text: p.text, speaker: p.speaker, kind: p.kind, from: p.from, to: p.to, article_id: p.article_id, limit: p.limit || 50, cursor: p.cursor });
  } catch (e) {
    box.replaceChildren(errorBox(e));
    return;
  }
  if (!ctx.isCurrent()) return;
  const items = res.items || [];
  if (!items.length) {
    box.replaceChildren(empty('No quotes match.'));
    return;
  }
  const list = h('ol', { class: 'quote-results', testid: 'quote-results' });
  for (const q of items) {
    const color = speakerColor(q.speaker_name);
    list.append(
      h(
        'li',
        { class: 'quote-card', testid: 'quote-result', dataset: { speaker: q.speaker_name || '', id: q.id }, style: { '--spk': color } },
        h(
          'div',
          { class: 'qc-head' },
          h('span', { class: 'swatch', style: { background: color } }),
          h('span', { class: 'qc-speaker' }, q.speaker_name || 'Unattributed'),
          q.speaker_title ? h('span', { class: 'muted' }, ` · ${q.speaker_title}`) : null,
          q.speaker_code ? h('code', { class: 'actor-code' }, q.speaker_code) : null,
          h('span', { class: 'qc-right muted small' }, [q.date, q.cue ? `“${q.cue}”` : null, `conf. ${fmtNum(q.confidence, 2)}`].filter(Boolean).join(' · ')),
        ),
        h('blockquote', { class: `qc-text kind-${q.kind}` }, h('span', { class: `kind kind-${q.kind}` }, q.kind), ' ', q.text),
        h('div', { class: 'qc-foot muted small' }, q.doc_id || '', ' ', articleLink(q.article_id, { q: q.start }, 'open in article ↗', { testid: 'quote-article-link' })),
      ),
    );
  }
  box.replaceChildren(list, pagination('quotes', p, res.next_cursor, items.length));
}
