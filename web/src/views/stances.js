// #/stances: the actor × issue matrix (GET /v1/stances) as a heatmap.
// Rows are actors (code, else the holder's name), columns issues; a cell's
// colour is its aggregated polarity and its intensity the strength. Clicking
// a cell lists the statements behind it, each linked back to its sentence.
import { h, spinner, errorBox, empty, clear, fmtNum } from '../dom.js';
import { api } from '../api.js';
import { href } from '../router.js';
import { POLARITY, polarityOf, actorName } from '../codes.js';
import { pageHeader } from './common.js';
import { polarityBadge, markCues } from './stancebits.js';

const cellKey = (actor, issue) => `${actor}\u0000${issue}`;
const plural = (n, w) => `${n} ${w}${n === 1 ? '' : 's'}`;
/** A count that may come as a number or as a list of ids. */
const count = (v) => (Array.isArray(v) ? v.length : Number.isInteger(v) ? v : null);

/** Background of a cell: the polarity colour, more opaque the stronger. */
function cellFill(polarity, strength) {
  const [r, g, b] = POLARITY[polarityOf(polarity)].rgb;
  const s = Math.max(0, Math.min(1, Number(strength) || 0));
  const a = 0.12 + 0.88 * s;
  return { background: `rgba(${r}, ${g}, ${b}, ${a.toFixed(3)})`, color: a > 0.55 ? '#fff' : '#1d2433' };
}

function actorTitle(code) {
  const name = actorName(code);
  return name ? `${name} (${code})` : String(code);
}

function legend() {
  const ramp = (p) =>
    h(
      'span',
      { class: 'legend-item' },
      [0.25, 0.5, 0.75, 1].map((s) => h('span', { class: 'hm-sample', style: { background: cellFill(p, s).background } })),
      ` ${p}`,
    );
  return h(
    'div',
    { class: 'legend', testid: 'stances-legend' },
    h('span', { class: 'legend-h' }, 'Polarity'),
    ramp('support'),
    ramp('oppose'),
    ramp('neutral'),
    h('span', { class: 'legend-sep' }),
    h('span', { class: 'legend-item muted' }, 'intensity = strength (0–1, number in the cell) · blank = no statement · click a cell for its evidence'),
  );
}

/** Filters: issues as checkboxes (from the unfiltered matrix), actor, dates. */
function filters(issues, p) {
  const chosen = new Set((p.issue || '').split(',').map((s) => s.trim()).filter(Boolean));
  const all = [...issues];
  for (const id of chosen) if (!all.some((i) => i.id === id)) all.push({ id, label: id });
  const form = h('form', { class: 'filters', testid: 'stances-filters', autocomplete: 'off' });
  const box = h('fieldset', { class: 'field issue-field' }, h('legend', { class: 'field-label' }, 'Issues (none = all)'));
  for (const i of all) {
    const id = `f-stances-issue-${i.id}`;
    const cb = h('input', { type: 'checkbox', name: 'issue', value: i.id, id });
    cb.checked = chosen.has(i.id);
    box.append(h('label', { class: 'issue-check', for: id, title: i.id }, cb, ` ${i.label || i.id}`));
  }
  if (!all.length) box.append(h('span', { class: 'muted small' }, 'no issues'));
  const input = (name, label, attrs) => h('label', { class: 'field', for: `f-stances-${name}` }, h('span', { class: 'field-label' }, label), h('input', { id: `f-stances-${name}`, name, value: p[name] || null, ...attrs }));
  form.append(
    box,
    input('actor', 'Actor', { type: 'text', placeholder: 'RUS or Lavrov', size: 12 }),
    input('from', 'From', { type: 'date' }),
    input('to', 'To', { type: 'date' }),
    h(
      'div',
      { class: 'field field-actions' },
      h('button', { type: 'submit', class: 'btn primary' }, 'Apply'),
      h('button', { type: 'button', class: 'btn', on: { click: () => (location.hash = href('stances')) } }, 'Reset'),
    ),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const picked = [...form.querySelectorAll('input[name="issue"]:checked')].map((x) => x.value);
    const next = href('stances', [], {
      issue: picked.length && picked.length < all.length ? picked.join(',') : '',
      actor: form.elements.actor.value.trim(),
      from: form.elements.from.value,
      to: form.elements.to.value,
    });
    if (location.hash === next) window.dispatchEvent(new HashChangeEvent('hashchange'));
    else location.hash = next;
  });
  return form;
}

function evidencePanel(panel, cell, issueLabel) {
  const ev = Array.isArray(cell.evidence) ? cell.evidence : [];
  const holders = Array.isArray(cell.holders) ? cell.holders : [];
  const counts = [
    ['support', cell.n_support],
    ['oppose', cell.n_oppose],
    ['neutral', cell.n_neutral],
  ].filter(([, n]) => Number.isInteger(n) && n > 0);
  clear(panel).append(
    h('h2', null, h('code', { class: 'actor-code' }, String(cell.actor)), h('span', { class: 'hm-on' }, 'on'), h('span', { class: 'hm-issue' }, issueLabel)),
    h(
      'div',
      { class: 'stance-summary' },
      polarityBadge(cell.polarity, cell.strength),
      h('span', { class: 'muted small' }, [plural(count(cell.statements) ?? ev.length, 'statement'), count(cell.articles) !== null ? plural(count(cell.articles), 'article') : null].filter(Boolean).join(' in ')),
      counts.length ? h('span', { class: 'muted small' }, counts.map(([k, n]) => `${n} ${k}`).join(' · ')) : null,
    ),
    actorName(cell.actor) ? h('div', { class: 'muted small' }, actorName(cell.actor)) : null,
    holders.length ? h('div', { class: 'small stance-holders' }, h('span', { class: 'muted' }, 'Holders: '), holders.join(', ')) : null,
  );
  if (!ev.length) {
    panel.append(empty('No statements returned for this cell.'));
    return;
  }
  const list = h('ol', { class: 'side-events stance-statements' });
  for (const e of ev) {
    const holder = e.holder || (holders.length === 1 ? holders[0] : null);
    const params = { q: Number.isInteger(e.start) ? e.start : '', s: Number.isInteger(e.sentence) ? e.sentence : '' };
    list.append(
      h(
        'li',
        { class: 'side-event stance-statement', testid: 'stance-statement', dataset: { polarity: polarityOf(e.polarity), articleId: e.article_id, stanceId: e.stance_id } },
        h('div', { class: 'stmt-head' }, h('span', { class: 'muted small' }, [e.date, holder, e.doc_id].filter(Boolean).join(' · ')), polarityBadge(e.polarity, e.strength)),
        h('blockquote', { class: 'stmt-text', testid: 'stance-text' }, markCues(e.text, e.cues)),
        h(
          'div',
          { class: 'small stmt-foot' },
          e.cues ? h('span', { class: 'muted' }, `cues: ${Array.isArray(e.cues) ? e.cues.join('; ') : e.cues}`) : null,
          e.article_id !== null && e.article_id !== undefined
            ? h('a', { href: href('article', [e.article_id], params), class: 'article-link', testid: 'stance-article-link', title: 'Open the article at this statement' }, 'open sentence ↗')
            : null,
        ),
      ),
    );
  }
  panel.append(list);
}

export async function render(main, route, ctx) {
  const p = route.params;
  const head = pageHeader('Who stands where', 'Aggregated stances of actors on issues: green support, red oppose, amber neutral; the stronger, the darker.');
  const formSlot = h('div');
  const body = h('div', { class: 'stances-body' }, spinner('Loading stances…'));
  main.append(head, formSlot, legend(), body);
  const base = { actor: p.actor, from: p.from, to: p.to };
  let all;
  let data;
  try {
    [all, data] = await Promise.all([api.stances(base), p.issue ? api.stances({ ...base, issue: p.issue }) : null]);
  } catch (e) {
    if (ctx.isCurrent()) clear(body).append(errorBox(e));
    return;
  }
  if (!ctx.isCurrent()) return;
  data = data || all;
  formSlot.append(filters(all.issues || [], p));
  const issues = data.issues || [];
  const cells = data.cells || [];
  const labels = new Map(issues.map((i) => [i.id, i.label || i.id]));
  for (const c of cells) if (!labels.has(c.issue)) labels.set(c.issue, c.issue);
  const columns = [...labels.keys()];
  const actorRows = new Map();
  for (const a of data.actors || []) actorRows.set(a.code, a.holders || []);
  for (const c of cells) if (!actorRows.has(c.actor)) actorRows.set(c.actor, c.holders || []);
  const byKey = new Map(cells.map((c) => [cellKey(c.actor, c.issue), c]));
  clear(body);
  if (!cells.length) {
    body.append(empty('No stances for these filters.'));
    return;
  }
  // Country-coded actors first (alphabetical), then holders without a code.
  const rows = [...actorRows.keys()].sort((a, b) => (/^[A-Z]{3,}$/.test(b) ? 1 : 0) - (/^[A-Z]{3,}$/.test(a) ? 1 : 0) || String(a).localeCompare(String(b)));

  const panel = h('aside', { class: 'panel side-panel stance-panel', testid: 'stance-evidence', 'aria-live': 'polite' }, h('h2', null, 'Evidence'), h('p', { class: 'muted' }, 'Click a cell to list the statements behind it.'));
  const table = h('table', { class: 'heatmap', testid: 'stances-heatmap' }, h('caption', { class: 'sr-only' }, 'Stances: actors (rows) by issues (columns)'));
  table.append(
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col', class: 'hm-corner' }, 'Actor'),
        columns.map((id) => h('th', { scope: 'col', class: 'hm-col', testid: 'stance-issue', dataset: { issue: id }, title: id }, h('span', { class: 'hm-col-label' }, labels.get(id)))),
      ),
    ),
  );
  let selected = null;
  const select = (btn, cell, push = true) => {
    if (selected) {
      selected.classList.remove('selected');
      selected.setAttribute('aria-pressed', 'false');
    }
    selected = btn;
    btn.classList.add('selected');
    btn.setAttribute('aria-pressed', 'true');
    evidencePanel(panel, cell, labels.get(cell.issue));
    // Linkable without re-rendering: the selection goes into the hash quietly.
    if (push) history.replaceState(null, '', href('stances', [], { ...p, cell: `${cell.actor}|${cell.issue}` }));
  };
  const tbody = h('tbody');
  let toOpen = null;
  for (const code of rows) {
    const holders = actorRows.get(code) || [];
    const name = actorName(code);
    const tr = h(
      'tr',
      { testid: 'stance-row', dataset: { actor: code } },
      h(
        'th',
        { scope: 'row', class: 'hm-row', title: holders.join(', ') || null },
        h('code', { class: 'actor-code' }, code),
        name ? h('span', { class: 'hm-name' }, ` ${name}`) : null,
        holders.length && holders.join('') !== code ? h('div', { class: 'hm-holders' }, holders.join(', ')) : null,
      ),
    );
    for (const issue of columns) {
      const c = byKey.get(cellKey(code, issue));
      if (!c) {
        tr.append(h('td', { class: 'hm-empty' }));
        continue;
      }
      const pol = polarityOf(c.polarity);
      const fill = cellFill(pol, c.strength);
      const btn = h(
        'button',
        {
          type: 'button',
          class: `hm-cell hm-${pol}`,
          testid: 'stance-cell',
          'aria-pressed': 'false',
          'aria-label': `${actorTitle(code)} on ${labels.get(issue)}: ${pol}, ${fmtNum(Number(c.strength), 2)}`,
          title: `${pol} ${fmtNum(Number(c.strength), 2)} · ${plural(count(c.statements) ?? 0, 'statement')}`,
          dataset: { actor: code, issue, polarity: pol, strength: c.strength, r: rows.indexOf(code), c: columns.indexOf(issue) },
          style: { background: fill.background, color: fill.color },
        },
        h('span', { class: 'hm-val' }, fmtNum(Number(c.strength), 2)),
        count(c.statements) > 1 ? h('span', { class: 'hm-n', 'aria-hidden': 'true' }, `×${count(c.statements)}`) : null,
      );
      btn.addEventListener('click', () => select(btn, c));
      if (p.cell === `${code}|${issue}`) toOpen = [btn, c];
      tr.append(h('td', { class: 'hm-td' }, btn));
    }
    tbody.append(tr);
  }
  table.append(tbody);
  // Arrow keys move between filled cells (empty cells are skipped).
  table.addEventListener('keydown', (e) => {
    const d = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] }[e.key];
    const from = e.target instanceof Element ? e.target.closest('.hm-cell') : null;
    if (!d || !from) return;
    let r = Number(from.dataset.r) + d[0];
    let c = Number(from.dataset.c) + d[1];
    while (r >= 0 && r < rows.length && c >= 0 && c < columns.length) {
      const next = table.querySelector(`.hm-cell[data-r="${r}"][data-c="${c}"]`);
      if (next) {
        e.preventDefault();
        next.focus();
        return;
      }
      r += d[0];
      c += d[1];
    }
  });
  body.append(
    h('p', { class: 'muted small' }, `${plural(rows.length, 'actor')} · ${plural(columns.length, 'issue')} · ${plural(cells.length, 'position')}`),
    h('div', { class: 'stances-layout' }, h('div', { class: 'table-wrap heatmap-wrap' }, table), panel),
  );
  if (toOpen) select(toOpen[0], toOpen[1], false);
}
