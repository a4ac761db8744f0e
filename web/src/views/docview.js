// Renders a dyad/1 document: the text with sentences, quotes (coloured by
// speaker), entity mentions (coloured by label), cues and event triggers,
// a hover tooltip, the "Who said what" panel and the article's events.
import { h, CpText, fmtNum, clear } from '../dom.js';
import { LABELS, QUAD, SpeakerColors, quadColor, rootName } from '../codes.js';
import { polarityBadge, markSpans } from './stancebits.js';

function nonOverlapping(spans) {
  const sorted = spans
    .filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out = [];
  let lastEnd = -1;
  for (const s of sorted) {
    if (s.start >= lastEnd) {
      out.push(s);
      lastEnd = s.end;
    }
  }
  return out;
}

function actorLabel(actor) {
  if (!actor) return null;
  return [actor.code, actor.name && actor.name !== actor.code ? actor.name : null, actor.role].filter(Boolean).join(' · ');
}

function partyText(p) {
  if (!p) return null;
  return p.actor && p.actor.code ? p.actor.code : null;
}

/** One event as "SRC — 040 CONSULT — TGT". */
export function eventLine(ev, opts = {}) {
  const party = (code, words, name) =>
    code || words
      ? h('span', { class: 'party', title: [name, words].filter(Boolean).join(' — ') || null }, code ? h('code', { class: 'actor-code' }, code) : null, words ? h('span', { class: 'party-words' }, code ? ` ${words}` : words) : null)
      : h('span', { class: 'party none' }, '—');
  return h(
    'span',
    { class: 'event-line' },
    party(opts.sourceCode, opts.sourceWords, opts.sourceName),
    h('span', { class: 'arrow', 'aria-hidden': 'true' }, ' → '),
    h(
      'span',
      { class: 'ev-code', style: { '--quad': quadColor(ev.quad_class) }, title: `${QUAD[ev.quad_class] ? QUAD[ev.quad_class].name : ''}${ev.root ? ` · ${ev.root} ${rootName(ev.root)}` : ''}${ev.goldstein !== undefined && ev.goldstein !== null ? ` · Goldstein ${fmtNum(ev.goldstein, 1)}` : ''}` },
      h('span', { class: 'ev-cameo' }, ev.code),
      ev.plover_event ? h('span', { class: 'ev-plover' }, ev.plover_event) : null,
    ),
    ev.negated ? h('span', { class: 'flag', title: 'The verb is negated' }, 'negated') : null,
    ev.modality && ev.modality !== 'asserted' ? h('span', { class: 'flag', title: 'Modality' }, ev.modality) : null,
    h('span', { class: 'arrow', 'aria-hidden': 'true' }, ' → '),
    party(opts.targetCode, opts.targetWords, opts.targetName),
  );
}

/** A sentence with [a, b) (code points, relative) emphasised. */
export function sentenceWithMark(sentence, a, b) {
  const t = new CpText(sentence || '');
  if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && b > a && b <= t.length)) return h('span', { class: 'sentence-text' }, sentence || '');
  return h('span', { class: 'sentence-text' }, t.slice(0, a), h('mark', { class: 'trigger-mark' }, t.slice(a, b)), t.slice(b));
}

/**
 * @param {object} doc dyad/1 document
 * @param {object} opts {focusSentence, focusTrigger: [start,end], focusQuote: start offset}
 */
export function renderDocument(doc, opts = {}) {
  const text = new CpText(doc.text || '');
  const sentences = doc.sentences || [];
  const entities = doc.entities || [];
  const quotes = doc.quotes || [];
  const events = doc.events || [];
  const colors = new SpeakerColors();

  // Speakers in order of first quote.
  const speakers = new Map();
  quotes.forEach((q, i) => {
    const name = (q.speaker && q.speaker.name) || null;
    const key = name || '';
    if (!speakers.has(key)) speakers.set(key, { name, color: colors.assign(name), quotes: [], actor: q.speaker && q.speaker.actor, title: q.speaker && q.speaker.title && q.speaker.title.text });
    speakers.get(key).quotes.push(i);
  });

  const sentenceOf = (offset) => {
    let lo = 0;
    let hi = sentences.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sentences[mid].end <= offset) lo = mid + 1;
      else if (sentences[mid].start > offset) hi = mid - 1;
      else return mid;
    }
    return -1;
  };
  const eventsBySentence = new Map();
  events.forEach((ev, i) => {
    const s = Number.isInteger(ev.sentence) ? ev.sentence : ev.trigger ? sentenceOf(ev.trigger.start) : -1;
    if (!eventsBySentence.has(s)) eventsBySentence.set(s, []);
    eventsBySentence.get(s).push(i);
  });
  const eventsInRange = (a, b) => {
    const out = [];
    for (let s = 0; s < sentences.length; s++) {
      if (sentences[s].end <= a || sentences[s].start >= b) continue;
      for (const i of eventsBySentence.get(s) || []) out.push(i);
    }
    return out;
  };

  // Layers, outermost first. Each layer's spans are made non-overlapping.
  const layers = [
    {
      spans: nonOverlapping((doc.paragraphs || []).map((p, i) => ({ ...p, i }))),
      make: () => h('p', { class: 'para' }),
      paragraphs: true,
    },
    {
      spans: nonOverlapping(sentences.map((s, i) => ({ start: s.start, end: s.end, i }))),
      make: (s, first) => h('span', { class: 'sent', id: first ? `s-${s.i}` : null, dataset: { sentence: s.i } }),
    },
    {
      spans: nonOverlapping(quotes.map((q, i) => ({ start: q.start, end: q.end, i }))),
      make: (s, first) => {
        const q = quotes[s.i];
        const name = (q.speaker && q.speaker.name) || '';
        return h('span', {
          class: `quote quote-${q.kind}${first ? ' quote-first' : ''}`,
          id: first ? `q-${s.i}` : null,
          testid: 'quote',
          dataset: { speaker: name, quote: s.i, kind: q.kind, start: q.start },
          style: { '--spk': colors.assign(name || null) },
        });
      },
    },
    {
      spans: nonOverlapping(entities.flatMap((e) => (e.mentions || []).map((m) => ({ start: m.start, end: m.end, e: e.id ?? entities.indexOf(e), m })))),
      make: (s) => {
        const e = entities[s.e] || {};
        return h('span', {
          class: `ent ent-${e.label || 'X'} ment-${s.m.kind || 'name'}${e.actor ? ' resolved' : ''}`,
          dataset: { entity: s.e, start: s.m.start, actor: e.actor && e.actor.code },
          style: { '--ent': (LABELS[e.label] || { color: '#888' }).color },
        });
      },
    },
    {
      spans: nonOverlapping(quotes.filter((q) => q.cue).map((q) => ({ start: q.cue.start, end: q.cue.end, i: quotes.indexOf(q) }))),
      make: (s) => h('span', { class: 'cue', dataset: { cueOf: s.i }, style: { '--spk': colors.assign((quotes[s.i].speaker && quotes[s.i].speaker.name) || null) } }),
    },
    {
      spans: nonOverlapping(events.filter((e) => e.trigger).map((e) => ({ start: e.trigger.start, end: e.trigger.end, i: events.indexOf(e) }))),
      make: (s) => h('span', { class: 'trigger', dataset: { event: s.i, tstart: s.start, tend: s.end }, style: { '--quad': quadColor(events[s.i].quad_class) } }),
    },
  ];

  function renderRange(parent, a, b, li) {
    if (b <= a) return;
    if (li === layers.length) {
      parent.append(text.slice(a, b));
      return;
    }
    const layer = layers[li];
    let pos = a;
    const gap = (x, y) => {
      if (y <= x) return;
      if (layer.paragraphs) {
        if (text.slice(x, y).trim()) renderRange(parent.appendChild(h('p', { class: 'para' })), x, y, li + 1);
      } else renderRange(parent, x, y, li + 1);
    };
    for (const s of layer.spans) {
      if (s.end <= a) continue;
      if (s.start >= b) break;
      const sa = Math.max(s.start, a);
      const sb = Math.min(s.end, b);
      gap(pos, sa);
      const el = layer.make(s, sa === s.start, sb === s.end);
      renderRange(el, sa, sb, li + 1);
      parent.append(el);
      pos = sb;
    }
    gap(pos, b);
  }

  const body = h('div', { class: 'doc-text', testid: 'article-text' });
  renderRange(body, 0, text.length, 0);

  // ---- tooltip ----
  const tip = h('div', { class: 'tooltip', role: 'tooltip', testid: 'tooltip', hidden: true });
  const row = (k, v) => (v === null || v === undefined || v === '' ? null : h('div', { class: 'tip-row' }, h('span', { class: 'tip-k' }, k), h('span', { class: 'tip-v' }, String(v))));
  const eventRows = (idxs) =>
    idxs.length
      ? h(
          'div',
          { class: 'tip-events' },
          h('div', { class: 'tip-h' }, 'Events in this sentence'),
          idxs.map((i) => {
            const ev = events[i];
            return h('div', { class: 'tip-event' }, eventLine(ev, { sourceCode: partyText(ev.source), sourceWords: ev.source && ev.source.text, targetCode: partyText(ev.target), targetWords: ev.target && ev.target.text }));
          }),
        )
      : null;

  function tipContent(target) {
    const parts = [];
    const trig = target.closest('.trigger');
    const ent = target.closest('.ent');
    const quoteEl = target.closest('.quote');
    let sentIdx = null;
    if (trig) {
      const ev = events[Number(trig.dataset.event)];
      parts.push(
        h('div', { class: 'tip-sec' }, h('div', { class: 'tip-h' }, 'Event trigger'), eventLine(ev, { sourceCode: partyText(ev.source), sourceWords: ev.source && ev.source.text, targetCode: partyText(ev.target), targetWords: ev.target && ev.target.text }), row('Root', `${ev.root} ${rootName(ev.root)}`), row('Goldstein', fmtNum(ev.goldstein, 1)), row('Rule', ev.rule)),
      );
    }
    if (ent) {
      const e = entities[Number(ent.dataset.entity)] || {};
      const m = (e.mentions || []).find((x) => String(x.start) === ent.dataset.start);
      parts.push(
        h(
          'div',
          { class: 'tip-sec' },
          h('div', { class: 'tip-h' }, 'Entity'),
          h('div', { class: 'tip-title' }, e.name || ''),
          row('Type', e.label ? `${e.label} (${(LABELS[e.label] || {}).name || ''})` : null),
          row('Mention', m ? `${m.text} (${m.kind})` : null),
          row('Actor', e.actor ? e.actor.code : 'unresolved'),
          row('Name', e.actor && e.actor.name),
          row('Role', e.actor && e.actor.role),
          row('Sector', e.actor && e.actor.sector),
          row('Resolved by', e.actor && e.actor.rule),
        ),
      );
    }
    if (quoteEl) {
      const q = quotes[Number(quoteEl.dataset.quote)];
      const sp = q.speaker || {};
      parts.push(
        h(
          'div',
          { class: 'tip-sec' },
          h('div', { class: 'tip-h' }, `Quote · ${q.kind}`),
          h('div', { class: 'tip-title' }, h('span', { class: 'swatch', style: { background: colors.assign(sp.name || null) } }), sp.name || 'Unattributed speaker'),
          row('Title', sp.title && sp.title.text),
          row('Actor', sp.actor && [sp.actor.code, sp.actor.role].filter(Boolean).join(' · ')),
          row('Named as', sp.mention && sp.mention.text),
          row('Cue', q.cue ? (q.cue.lemma && q.cue.lemma !== q.cue.text ? `${q.cue.text} (${q.cue.lemma})` : q.cue.text) : 'none (continuation)'),
          row('Confidence', fmtNum(q.confidence, 2)),
          row('Rule', q.rule),
        ),
      );
      parts.push(eventRows(eventsInRange(q.start, q.end)));
      sentIdx = -1;
    }
    if (sentIdx === null && (ent || trig)) {
      const s = target.closest('.sent');
      if (s && !trig) parts.push(eventRows(eventsBySentence.get(Number(s.dataset.sentence)) || []));
    }
    return parts.filter(Boolean);
  }

  let tipFor = null;
  body.addEventListener('mouseover', (ev) => {
    const t = ev.target instanceof Element ? ev.target.closest('.trigger, .ent, .quote') : null;
    if (!t) {
      tip.hidden = true;
      tipFor = null;
      return;
    }
    if (t !== tipFor) {
      tipFor = t;
      clear(tip).append(...tipContent(t));
    }
    tip.hidden = false;
    placeTip(ev);
  });
  body.addEventListener('mousemove', (ev) => {
    if (!tip.hidden) placeTip(ev);
  });
  body.addEventListener('mouseleave', () => {
    tip.hidden = true;
    tipFor = null;
  });
  function placeTip(ev) {
    const pad = 14;
    const r = tip.getBoundingClientRect();
    let x = ev.clientX + pad;
    let y = ev.clientY + pad;
    if (x + r.width > window.innerWidth - 8) x = Math.max(8, ev.clientX - r.width - pad);
    if (y + r.height > window.innerHeight - 8) y = Math.max(8, ev.clientY - r.height - pad);
    tip.style.left = `${x}px`;
    tip.style.top = `${y}px`;
  }

  // ---- focus helpers ----
  const flash = (el) => {
    if (!el) return;
    el.classList.remove('flash');
    void el.offsetWidth;
    el.classList.add('flash');
    el.scrollIntoView({ block: 'center', behavior: 'smooth' });
  };
  function focusSentence(i, trigger) {
    for (const el of body.querySelectorAll('.sent.focus, .trigger.focus')) el.classList.remove('focus');
    const els = body.querySelectorAll(`.sent[data-sentence="${Number(i)}"]`);
    for (const el of els) el.classList.add('focus');
    if (trigger) {
      for (const el of body.querySelectorAll(`.trigger[data-tstart="${Number(trigger[0])}"]`)) el.classList.add('focus');
    }
    if (els[0]) els[0].scrollIntoView({ block: 'center' });
  }
  function focusQuote(i) {
    const el = body.querySelector(`#q-${Number(i)}`);
    for (const x of body.querySelectorAll('.quote.focus')) x.classList.remove('focus');
    for (const x of body.querySelectorAll(`.quote[data-quote="${Number(i)}"]`)) x.classList.add('focus');
    flash(el);
  }

  // ---- legend ----
  const legend = h(
    'div',
    { class: 'legend', testid: 'legend' },
    h('span', { class: 'legend-h' }, 'Entities'),
    Object.entries(LABELS).map(([k, v]) => h('span', { class: 'legend-item' }, h('span', { class: 'ent-sample', style: { '--ent': v.color } }, k), ` ${v.name}`)),
    h('span', { class: 'legend-sep' }),
    h('span', { class: 'legend-item' }, h('span', { class: 'trigger-sample' }, 'verb'), ' event trigger'),
    h('span', { class: 'legend-item' }, h('span', { class: 'cue-sample' }, 'said'), ' speech cue'),
    h('span', { class: 'legend-item' }, h('span', { class: 'quote-sample' }, 'quote'), ' quote (speaker colour)'),
  );

  // ---- who said what ----
  const wsw = h('section', { class: 'panel who-said-what', testid: 'who-said-what' }, h('h2', null, 'Who said what', h('span', { class: 'count' }, String(quotes.length))));
  if (!quotes.length) wsw.append(h('div', { class: 'empty' }, 'No quotes found in this text.'));
  const sorted = [...speakers.values()].sort((a, b) => b.quotes.length - a.quotes.length || (a.name ? 0 : 1) - (b.name ? 0 : 1));
  for (const sp of sorted) {
    const list = h('ol', { class: 'wsw-quotes' });
    for (const i of sp.quotes) {
      const q = quotes[i];
      const snippet = new CpText(q.text);
      list.append(
        h(
          'li',
          { class: 'wsw-quote', testid: 'wsw-quote', dataset: { quote: i } },
          h(
            'button',
            { type: 'button', class: 'linklike', title: 'Show in the text', on: { click: () => focusQuote(i) } },
            h('span', { class: `kind kind-${q.kind}` }, q.kind),
            ' ',
            snippet.length > 180 ? `${snippet.slice(0, 180)}…` : q.text,
          ),
        ),
      );
    }
    wsw.append(
      h(
        'div',
        { class: 'wsw-speaker', testid: 'wsw-speaker', dataset: { speaker: sp.name || '' }, style: { '--spk': sp.color } },
        h(
          'div',
          { class: 'wsw-head' },
          h('span', { class: 'swatch', style: { background: sp.color } }),
          h('span', { class: 'wsw-name' }, sp.name || 'Unattributed'),
          h('span', { class: 'count' }, String(sp.quotes.length)),
        ),
        sp.actor || sp.title ? h('div', { class: 'wsw-meta' }, [sp.actor && sp.actor.code, sp.title || (sp.actor && sp.actor.role)].filter(Boolean).join(' · ')) : null,
        list,
      ),
    );
  }

  // ---- events of the article ----
  const evSec = h('section', { class: 'panel article-events', testid: 'article-events' }, h('h2', null, 'Who did what to whom', h('span', { class: 'count' }, String(events.length))));
  if (!events.length) evSec.append(h('div', { class: 'empty' }, 'No events coded in this text.'));
  const evList = h('ol', { class: 'ev-list' });
  events.forEach((ev, i) => {
    const s = sentences[ev.sentence];
    const rel = s && ev.trigger ? [ev.trigger.start - s.start, ev.trigger.end - s.start] : [null, null];
    evList.append(
      h(
        'li',
        { class: 'ev-item', testid: 'article-event', dataset: { event: i, sentence: ev.sentence } },
        h(
          'div',
          { class: 'ev-head' },
          eventLine(ev, {
            sourceCode: partyText(ev.source),
            sourceWords: ev.source && ev.source.text,
            sourceName: ev.source && actorLabel(ev.source.actor),
            targetCode: partyText(ev.target),
            targetWords: ev.target && ev.target.text,
            targetName: ev.target && actorLabel(ev.target.actor),
          }),
          h('span', { class: 'ev-meta' }, [ev.date, ev.location && ev.location.text ? `in ${ev.location.text}` : null, `conf. ${fmtNum(ev.confidence, 2)}`].filter(Boolean).join(' · ')),
        ),
        s
          ? h(
              'button',
              { type: 'button', class: 'linklike ev-sentence', title: 'Show the sentence in the text', on: { click: () => focusSentence(ev.sentence, ev.trigger && [ev.trigger.start, ev.trigger.end]) } },
              sentenceWithMark(s.text, rel[0], rel[1]),
            )
          : null,
      ),
    );
  });
  evSec.append(evList);

  // ---- who stands where / negotiation (dyad/1 documents with the stances stage) ----
  const issueLabel = new Map((Array.isArray(doc.issues) ? doc.issues : []).map((i) => [i.id, i.label || i.id]));
  const stances = Array.isArray(doc.stances) ? doc.stances : null;
  const sentOf = (x) => (x && Number.isInteger(x.sentence) ? x.sentence : x && Number.isInteger(x.start) ? sentenceOf(x.start) : -1);
  const focusBtn = (x, title, ...kids) => {
    const si = sentOf(x);
    return si >= 0 ? h('button', { type: 'button', class: 'linklike stance-jump', title, on: { click: () => focusSentence(si) } }, ...kids) : h('span', { class: 'stance-jump' }, ...kids);
  };
  const holderLine = (name, actor, ...extra) =>
    h('span', { class: 'holder-line' }, h('span', { class: 'holder-name' }, name || 'Unattributed'), actor && actor.code ? h('code', { class: 'actor-code' }, actor.code) : null, ...extra);
  const stanceLine = (st, withIssue) =>
    focusBtn(
      st,
      'Show the sentence in the text',
      h('span', { class: 'stance-line-head' }, holderLine(st.holder, st.actor), withIssue ? h('span', { class: 'muted small' }, issueLabel.get(st.issue) || st.issue) : null, polarityBadge(st.polarity, st.strength)),
      h('span', { class: 'stance-text' }, markSpans(st.text, st.start, st.evidence)),
    );
  let standSec = null;
  if (stances) {
    standSec = h('section', { class: 'panel who-stands-where', testid: 'who-stands-where' }, h('h2', null, 'Who stands where', h('span', { class: 'count' }, String(stances.length))));
    if (!stances.length) standSec.append(h('div', { class: 'empty' }, 'No stances on known issues in this text.'));
    const order = [...issueLabel.keys()];
    for (const st of stances) if (!order.includes(st.issue)) order.push(st.issue);
    const quiet = [];
    for (const id of order) {
      const these = stances.filter((st) => st.issue === id);
      if (!these.length) {
        quiet.push(issueLabel.get(id) || id);
        continue;
      }
      standSec.append(
        h(
          'div',
          { class: 'stance-issue', testid: 'stance-issue', dataset: { issue: id } },
          h('h3', null, issueLabel.get(id) || id),
          h(
            'ol',
            { class: 'stance-list' },
            these.map((st) => h('li', { class: 'stance-item', testid: 'stance-item', dataset: { issue: id, holder: st.holder || '', actor: st.actor && st.actor.code, polarity: st.polarity } }, stanceLine(st, false))),
          ),
        ),
      );
    }
    if (quiet.length) standSec.append(h('p', { class: 'muted small' }, `Also mentioned, no stance: ${quiet.join(', ')}`));
  }
  const negSecs = (Array.isArray(doc.negotiations) ? doc.negotiations : []).map((n, ni, all) => {
    const party = (x, testid) =>
      h('li', { class: 'neg-party', testid, dataset: { actor: x.actor && x.actor.code, name: x.name || x.text || '' } }, focusBtn(x, 'Show the sentence in the text', holderLine(x.name || x.text, x.actor)));
    const block = (title, items, opts = {}) =>
      items.length || opts.always
        ? h('div', { class: 'neg-block', testid: opts.testid }, h('h3', null, title), items.length ? h('ul', { class: `neg-list${opts.inline ? ' inline' : ''}` }, items) : h('div', { class: 'muted small' }, opts.none || 'none found'))
        : null;
    const redLines = (n.red_lines || []).map((i) => (stances || [])[i]).filter(Boolean);
    const agreements = (n.agreements || []).map((i) => events[i]).filter(Boolean);
    return h(
      'section',
      { class: 'panel negotiation', testid: 'negotiation', dataset: { index: ni } },
      h('h2', null, all.length > 1 ? `Negotiation ${ni + 1}` : 'Negotiation', h('span', { class: 'count', title: 'events of the talks' }, String((n.events || []).length))),
      n.place ? h('div', { class: 'neg-place', testid: 'neg-place' }, h('span', { class: 'meta-k' }, 'place'), ' ', focusBtn(n.place, 'Show the sentence in the text', n.place.text)) : null,
      block('At the table', (n.present || []).map((x) => party(x, 'neg-present')), { always: true, testid: 'neg-present-list', inline: true }),
      block('Left out', (n.excluded || []).map((x) => party(x, 'neg-excluded')), { always: true, testid: 'neg-excluded-list', none: 'nobody reported as left out', inline: true }),
      block(
        'Red lines',
        redLines.map((st) => h('li', { class: 'stance-item', testid: 'neg-red-line', dataset: { issue: st.issue, polarity: st.polarity } }, stanceLine(st, true))),
        { testid: 'neg-red-lines' },
      ),
      block(
        'Preconditions',
        (n.preconditions || []).map((pc) =>
          h(
            'li',
            { class: 'stance-item', testid: 'neg-precondition' },
            focusBtn(pc, 'Show the sentence in the text', h('span', { class: 'stance-line-head' }, holderLine(pc.holder, pc.actor)), h('span', { class: 'stance-text' }, markSpans(pc.text, pc.start, pc.cue ? [{ ...pc.cue, kind: 'cue' }] : []))),
          ),
        ),
        { testid: 'neg-preconditions' },
      ),
      block(
        'Agreements',
        agreements.map((ev) =>
          h(
            'li',
            { class: 'stance-item', testid: 'neg-agreement' },
            focusBtn(ev, 'Show the sentence in the text', eventLine(ev, { sourceCode: partyText(ev.source), sourceWords: ev.source && ev.source.text, targetCode: partyText(ev.target), targetWords: ev.target && ev.target.text })),
          ),
        ),
        { testid: 'neg-agreements' },
      ),
    );
  });

  const root = h(
    'div',
    { class: 'doc-layout' },
    h('div', { class: 'doc-main' }, legend, body, evSec),
    h('aside', { class: 'doc-side' }, negSecs, standSec, wsw),
    tip,
  );

  function applyFocus() {
    if (opts.focusQuote !== undefined && opts.focusQuote !== null) {
      const i = quotes.findIndex((q) => String(q.start) === String(opts.focusQuote));
      if (i >= 0) focusQuote(i);
      else if (opts.focusSentence !== undefined && opts.focusSentence !== null && opts.focusSentence !== '') focusSentence(Number(opts.focusSentence), opts.focusTrigger);
    } else if (opts.focusSentence !== undefined && opts.focusSentence !== null && opts.focusSentence !== '') {
      focusSentence(Number(opts.focusSentence), opts.focusTrigger);
    }
  }
  return { el: root, applyFocus, focusSentence, focusQuote, destroy: () => tip.remove() };
}
