import { h, spinner, errorBox, empty, fmtNum, safeExternalUrl } from '../dom.js';
import { api } from '../api.js';
import { href } from '../router.js';
import { CAMEO_ROOTS, PLOVER_EVENTS } from '../codes.js';
import { filterForm, pagination, pageHeader, QUAD_OPTIONS, articleLink } from './common.js';
import { eventLine } from './docview.js';

/** The sentence of an EventRow with its trigger emphasised (the trigger's first occurrence as a word). */
export function evidence(sentence, trigger) {
  const s = sentence || '';
  if (!trigger) return h('span', { class: 'sentence-text' }, s);
  const re = new RegExp(`(^|[^\\p{L}\\p{N}])(${trigger.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})(?=$|[^\\p{L}\\p{N}])`, 'u');
  const m = re.exec(s);
  if (!m) return h('span', { class: 'sentence-text' }, s);
  const a = m.index + m[1].length;
  const b = a + m[2].length;
  return h('span', { class: 'sentence-text' }, s.slice(0, a), h('mark', { class: 'trigger-mark' }, s.slice(a, b)), s.slice(b));
}

export function eventRowLine(e) {
  return eventLine(e, {
    sourceCode: e.source_code,
    sourceWords: e.source_name && e.source_name !== e.source_code ? e.source_name : e.source_text,
    sourceName: [e.source_name, e.source_country, e.source_sector].filter(Boolean).join(' · '),
    targetCode: e.target_code,
    targetWords: e.target_name && e.target_name !== e.target_code ? e.target_name : e.target_text,
    targetName: [e.target_name, e.target_country, e.target_sector].filter(Boolean).join(' · '),
  });
}

export function evidenceLink(e, label = 'open ↗') {
  return articleLink(e.article_id, { s: e.sentence, t: Number.isInteger(e.trigger_start) ? `${e.trigger_start}-${e.trigger_end}` : '' }, label, { testid: 'event-article-link', title: 'Open the article at this sentence' });
}

export async function render(main, route, ctx) {
  const p = route.params;
  const rootOpts = [{ value: '', label: 'Any' }, ...Object.entries(CAMEO_ROOTS).map(([k, v]) => ({ value: String(k).padStart(2, '0'), label: `${String(k).padStart(2, '0')} ${v}` }))];
  main.append(
    pageHeader('Events', 'Deduplicated events: who did what to whom, with the sentence it was read from. Actor codes match by prefix (RUS matches RUSGOV).'),
    filterForm(
      'events',
      [
        { name: 'actor', label: 'Actor (either side)', placeholder: 'RUS or Lavrov', size: 12 },
        { name: 'source', label: 'Dyad source', placeholder: 'USA', size: 8 },
        { name: 'target', label: 'Dyad target', placeholder: 'RUS', size: 8 },
        { name: 'either_order', label: 'Either order', type: 'checkbox' },
        { name: 'root', label: 'CAMEO root', options: rootOpts },
        { name: 'code', label: 'Code prefix', placeholder: '036', size: 5 },
        { name: 'quad', label: 'Quad class', options: QUAD_OPTIONS },
        { name: 'plover', label: 'PLOVER', options: ['', ...PLOVER_EVENTS].map((x) => ({ value: x, label: x || 'Any' })) },
        { name: 'modality', label: 'Modality', options: ['', 'asserted', 'intent', 'conditional', 'hypothetical'].map((x) => ({ value: x, label: x || 'Any' })) },
        { name: 'from', label: 'From', type: 'date' },
        { name: 'to', label: 'To', type: 'date' },
        { name: 'limit', label: 'Rows', options: ['25', '50', '100', '200'] },
      ],
      { limit: '50', ...p },
    ),
  );
  const box = h('div', { class: 'results' }, spinner());
  main.append(box);
  const dyad = p.source || p.target ? `${p.source || ''},${p.target || ''}` : '';
  let res;
  try {
    res = await api.events({
      actor: p.actor,
      dyad,
      either_order: p.either_order === 'true' ? 'true' : '',
      code: p.code,
      root: p.root,
      quad: p.quad,
      plover: p.plover,
      modality: p.modality,
      from: p.from,
      to: p.to,
      limit: p.limit || 50,
      cursor: p.cursor,
    });
  } catch (e) {
    box.replaceChildren(errorBox(e));
    return;
  }
  if (!ctx.isCurrent()) return;
  const items = res.items || [];
  if (!items.length) {
    box.replaceChildren(empty('No events match these filters.'));
    return;
  }
  const table = h('table', { class: 'grid events-grid', testid: 'events-table' }, h('thead', null, h('tr', null, ['Date', 'Who did what to whom', 'Evidence', 'Reports', ''].map((c) => h('th', { scope: 'col' }, c)))));
  const tbody = h('tbody');
  for (const e of items) {
    const detail = h('tr', { class: 'detail-row', hidden: true }, h('td', { colspan: 5 }));
    const toggle = h('button', { type: 'button', class: 'btn small', title: 'Show every report of this event', 'aria-expanded': 'false' }, `${e.num_mentions} mention${e.num_mentions === 1 ? '' : 's'}`);
    toggle.addEventListener('click', async () => {
      const open = detail.hidden;
      detail.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
      if (!open || detail.dataset.loaded) return;
      detail.dataset.loaded = '1';
      const cell = detail.firstChild;
      cell.replaceChildren(spinner());
      try {
        const m = await api.eventMentions(e.id);
        const list = h('ol', { class: 'mentions' });
        for (const x of m.items || []) {
          list.append(
            h(
              'li',
              { testid: 'event-mention' },
              h('span', { class: 'muted small' }, [x.seen || x.date, x.outlet, x.code, x.rule].filter(Boolean).join(' · ')),
              ' ',
              evidence(x.sentence_text, x.trigger),
              ' ',
              articleLink(x.article_id, { s: x.sentence, t: Number.isInteger(x.trigger_start) ? `${x.trigger_start}-${x.trigger_end}` : '' }, 'open ↗'),
            ),
          );
        }
        cell.replaceChildren(list.childNodes.length ? list : empty('No mentions.'));
      } catch (err) {
        cell.replaceChildren(errorBox(err));
      }
    });
    const url = safeExternalUrl(e.url);
    tbody.append(
      h(
        'tr',
        { testid: 'event-row', dataset: { id: e.id, code: e.code, quad: e.quad_class } },
        h('td', { class: 'nowrap' }, e.date || '', e.first_seen && e.last_seen && e.first_seen !== e.last_seen ? h('div', { class: 'muted small' }, `seen ${e.first_seen} – ${e.last_seen}`) : null),
        h('td', { class: 'who' }, eventRowLine(e), h('div', { class: 'muted small' }, [e.root ? `${e.root} ${CAMEO_ROOTS[e.root] || CAMEO_ROOTS[Number(e.root)] || ''}` : null, `Goldstein ${fmtNum(e.goldstein, 1)}`, e.location ? `in ${e.location}` : null].filter(Boolean).join(' · '))),
        h('td', { class: 'evidence' }, evidence(e.sentence_text, e.trigger), h('div', { class: 'muted small' }, [e.doc_id, e.rule].filter(Boolean).join(' · '), url ? ' ' : null, url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'ext' }, 'source ↗') : null)),
        h('td', { class: 'nowrap' }, toggle, h('div', { class: 'muted small' }, `${e.num_articles} art. · ${e.num_sources} src.`)),
        h('td', { class: 'nowrap' }, evidenceLink(e)),
      ),
      detail,
    );
  }
  table.append(tbody);
  box.replaceChildren(h('div', { class: 'table-wrap' }, table), pagination('events', p, res.next_cursor, items.length));
}
