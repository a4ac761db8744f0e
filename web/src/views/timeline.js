import * as Plot from '@observablehq/plot';
import { h, spinner, errorBox, empty, select, clear } from '../dom.js';
import { api } from '../api.js';
import { QUAD } from '../codes.js';
import { pageHeader } from './common.js';
import { href } from '../router.js';

const QUAD_NAMES = Object.values(QUAD).map((q) => q.name);
const QUAD_COLORS = Object.values(QUAD).map((q) => q.color);

export async function render(main, route, ctx) {
  const p = route.params;
  const chart = h('div', { class: 'chart', testid: 'timeline-chart' }, spinner('Loading timeline…'));
  const breakdown = h('div', { class: 'breakdown' });
  const dyadChips = h('div', { class: 'chips', testid: 'dyad-chips' });
  const form = h('form', { class: 'filters', testid: 'timeline-filters' });
  main.append(
    pageHeader('Timeline', 'Events per day, stacked by quad class. Pick a dyad (source → target, code prefixes) or an actor; leave empty for everything.'),
    form,
    dyadChips,
    h('section', { class: 'panel' }, chart),
    breakdown,
  );

  // Actor choices: /v1/actors (codes with counts); the dyad chips: the network's heaviest edges.
  const [actorsRes, netRes] = await Promise.allSettled([api.actors({ limit: 1000 }), api.network({ from: p.from, to: p.to })]);
  if (!ctx.isCurrent()) return;
  const actors = actorsRes.status === 'fulfilled' ? actorsRes.value.items || [] : [];
  const codes = actors.filter((a) => (a.events_as_source || 0) + (a.events_as_target || 0) > 0).map((a) => ({ value: a.code, label: a.name ? `${a.code} — ${a.name}` : a.code }));
  const opts = (label) => [{ value: '', label }, ...codes];
  const srcSel = select({ name: 'source', id: 'tl-source', testid: 'timeline-source' }, opts('any source'), p.source);
  const tgtSel = select({ name: 'target', id: 'tl-target', testid: 'timeline-target' }, opts('any target'), p.target);
  for (const [sel, v] of [[srcSel, p.source], [tgtSel, p.target]]) {
    if (v && ![...sel.options].some((o) => o.value === v)) sel.append(h('option', { value: v, selected: true }, v));
  }
  const either = h('input', { type: 'checkbox', name: 'either_order', id: 'tl-either' });
  either.checked = p.either_order === 'true';
  const from = h('input', { type: 'date', name: 'from', value: p.from || null });
  const to = h('input', { type: 'date', name: 'to', value: p.to || null });
  const actorIn = h('input', { type: 'text', name: 'actor', value: p.actor || null, placeholder: 'RUS', size: 8 });
  form.append(
    h('label', { class: 'field', for: 'tl-source' }, h('span', { class: 'field-label' }, 'Source'), srcSel),
    h('label', { class: 'field', for: 'tl-target' }, h('span', { class: 'field-label' }, 'Target'), tgtSel),
    h('label', { class: 'field field-check', for: 'tl-either' }, h('span', { class: 'field-label' }, 'Either order'), either),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, 'Or actor (either side)'), actorIn),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, 'From'), from),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, 'To'), to),
    h('div', { class: 'field field-actions' }, h('button', { type: 'submit', class: 'btn primary' }, 'Show'), h('button', { type: 'button', class: 'btn', on: { click: () => (location.hash = href('timeline')) } }, 'Reset')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = href('timeline', [], { source: srcSel.value, target: tgtSel.value, either_order: either.checked ? 'true' : '', actor: actorIn.value.trim(), from: from.value, to: to.value });
  });
  if (netRes.status === 'fulfilled') {
    const edges = (netRes.value.edges || []).filter((e) => e.source && e.target);
    const pairs = new Map();
    for (const e of edges) {
      // Unordered pairs: the chips show both directions (either_order).
      const k = [e.source, e.target].sort().join('\u0000');
      pairs.set(k, (pairs.get(k) || 0) + (e.count || 0));
    }
    const top = [...pairs.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12);
    if (top.length) {
      dyadChips.append(h('span', { class: 'legend-h' }, 'Busiest dyads'));
      for (const [k, n] of top) {
        const [s, t] = k.split('\u0000');
        dyadChips.append(h('a', { class: 'chip', href: href('timeline', [], { source: s, target: t, either_order: 'true', from: p.from, to: p.to }) }, `${s} ⇄ ${t}`, h('span', { class: 'count' }, String(n))));
      }
    }
  }

  const dyad = p.source || p.target ? `${p.source || ''},${p.target || ''}` : '';
  let res;
  try {
    res = await api.timeline({ dyad, either_order: p.either_order === 'true' ? 'true' : '', actor: p.actor, from: p.from, to: p.to });
  } catch (e) {
    clear(chart).append(errorBox(e));
    return;
  }
  if (!ctx.isCurrent()) return;
  const items = (res.items || []).filter((d) => d.date && /^\d{4}-\d{2}-\d{2}/.test(d.date));
  clear(chart);
  if (!items.length) {
    chart.append(empty('No events for this selection.'));
    return;
  }
  const data = items.map((d) => ({ ...d, day: new Date(`${d.date.slice(0, 10)}T00:00:00Z`), quad: QUAD[d.quad_class] ? QUAD[d.quad_class].name : String(d.quad_class), dyad: `${d.source || '?'} → ${d.target || '?'}` }));
  const total = data.reduce((s, d) => s + (d.count || 0), 0);
  const title = dyad ? `${p.source || 'any'} ${p.either_order === 'true' ? '⇄' : '→'} ${p.target || 'any'}` : p.actor ? `Events involving ${p.actor}` : 'All events';
  const width = Math.max(480, Math.min(1200, chart.getBoundingClientRect().width || 900));
  const plot = Plot.plot({
    width,
    height: 320,
    marginLeft: 44,
    marginBottom: 36,
    x: { type: 'utc', label: null },
    y: { label: 'events per day', grid: true, tickFormat: (d) => (Number.isInteger(d) ? String(d) : '') },
    color: { domain: QUAD_NAMES, range: QUAD_COLORS, legend: true },
    marks: [
      Plot.rectY(data, Plot.binX({ y: 'sum' }, { x: 'day', y: 'count', fill: 'quad', interval: 'day', inset: 0.5, tip: { format: { x: (d) => d.toISOString().slice(0, 10) } } })),
      Plot.ruleY([0]),
    ],
  });
  chart.append(h('h2', null, title, h('span', { class: 'count' }, `${total} event${total === 1 ? '' : 's'}`)), plot);

  // Per-dyad breakdown table.
  const rows = new Map();
  for (const d of data) {
    if (!rows.has(d.dyad)) rows.set(d.dyad, { dyad: d, q: [0, 0, 0, 0, 0], n: 0 });
    const r = rows.get(d.dyad);
    r.q[d.quad_class] = (r.q[d.quad_class] || 0) + d.count;
    r.n += d.count;
  }
  const table = h('table', { class: 'grid compact', testid: 'timeline-breakdown' }, h('thead', null, h('tr', null, h('th', null, 'Dyad'), Object.values(QUAD).map((q) => h('th', { class: 'num' }, h('span', { class: 'swatch', style: { background: q.color } }), ` ${q.short}`)), h('th', { class: 'num' }, 'Total'), h('th', null, ''))));
  const tb = h('tbody');
  for (const r of [...rows.values()].sort((a, b) => b.n - a.n)) {
    tb.append(
      h(
        'tr',
        null,
        h('td', null, h('code', { class: 'actor-code' }, r.dyad.source || '?'), ' → ', h('code', { class: 'actor-code' }, r.dyad.target || '?')),
        [1, 2, 3, 4].map((q) => h('td', { class: 'num' }, r.q[q] ? String(r.q[q]) : '')),
        h('td', { class: 'num' }, String(r.n)),
        h('td', null, r.dyad.source && r.dyad.target ? h('a', { href: href('events', [], { source: r.dyad.source, target: r.dyad.target, from: p.from, to: p.to }) }, 'events →') : null),
      ),
    );
  }
  table.append(tb);
  breakdown.append(h('section', { class: 'panel' }, h('h2', null, 'By dyad'), h('div', { class: 'table-wrap' }, table)));
}
