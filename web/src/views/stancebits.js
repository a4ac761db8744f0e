// Small pieces shared by the stances heatmap and the article view's
// "Who stands where" / "Negotiation" panels. Text only (textContent).
import { h, fmtNum, CpText } from '../dom.js';
import { POLARITY, polarityOf } from '../codes.js';

/** A "support 0.83" badge coloured by polarity. */
export function polarityBadge(polarity, strength) {
  const p = polarityOf(polarity);
  return h(
    'span',
    { class: `pol pol-${p}`, dataset: { polarity: p }, style: { '--pol': POLARITY[p].color } },
    p,
    strength !== null && strength !== undefined && strength !== '' ? h('span', { class: 'pol-strength' }, ` ${fmtNum(Number(strength), 2)}`) : null,
  );
}

/** The cue words of a statement: "a; b" strings or arrays, deduplicated, longest first. */
export function cueList(cues) {
  const raw = Array.isArray(cues) ? cues : typeof cues === 'string' ? cues.split(';') : [];
  const out = [];
  for (const c of raw) {
    const s = typeof c === 'string' ? c.trim() : c && typeof c.text === 'string' ? c.text.trim() : '';
    if (s && !out.some((x) => x.toLowerCase() === s.toLowerCase())) out.push(s);
  }
  return out.sort((a, b) => b.length - a.length);
}

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `text` with every whole-word occurrence of the cue words in <mark>. */
export function markCues(text, cues, cls = 'cue-mark') {
  const t = String(text || '');
  const words = cueList(cues);
  const el = h('span', { class: 'sentence-text' });
  if (!words.length) return el.appendChild(document.createTextNode(t)) && el;
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(esc).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  let pos = 0;
  for (const m of t.matchAll(re)) {
    if (!m[0]) continue;
    if (m.index > pos) el.append(t.slice(pos, m.index));
    el.append(h('mark', { class: cls }, m[0]));
    pos = m.index + m[0].length;
  }
  if (pos < t.length) el.append(t.slice(pos));
  return el;
}

/**
 * `text` (which starts at code point `base` of the document) with the
 * spans [{start, end, kind}] (document code points) marked, kind as class.
 */
export function markSpans(text, base, spans) {
  const t = new CpText(text || '');
  const el = h('span', { class: 'sentence-text' });
  const ok = (spans || [])
    .filter((s) => s && Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= base && s.end <= base + t.length && s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  let pos = 0;
  for (const s of ok) {
    const a = s.start - base;
    const b = s.end - base;
    if (a < pos) continue;
    if (a > pos) el.append(t.slice(pos, a));
    el.append(h('mark', { class: `stance-mark mark-${s.kind || 'cue'}`, title: s.kind || null }, t.slice(a, b)));
    pos = b;
  }
  if (pos < t.length) el.append(t.slice(pos));
  return el;
}
