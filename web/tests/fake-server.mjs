// A stand-in for `dyad serve`: serves web/dist and canned JSON (tests/fixtures,
// real dyad output) for every /v1 endpoint the workbench calls, with the same
// filters, cursor pagination and RFC 9457 problem+json errors.
//
//   node tests/fake-server.mjs [--port 8080] [--csp]
//
// import { startFakeServer } from './fake-server.mjs' for tests.
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync, readdirSync } from 'node:fs';
import { dirname, join, normalize, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const FIX = join(here, 'fixtures');
const DIST = resolve(here, '..', 'dist');

// The Content-Security-Policy the workbench is built to run under (recommended for `dyad serve`).
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const load = (f) => JSON.parse(readFileSync(join(FIX, f), 'utf8'));

export function loadFixtures() {
  const articles = load('articles.json');
  const events = load('events.json');
  const quotes = load('quotes.json');
  const actors = load('actors.json');
  const documents = new Map();
  for (const f of readdirSync(join(FIX, 'documents'))) documents.set(Number(f.replace('.json', '')), load(`documents/${f}`));
  return { articles, events, quotes, actors, documents };
}

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2' };

class Problem extends Error {
  constructor(status, title, detail, code) {
    super(detail);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.code = code;
  }
}
const bad = (detail, code = 'invalid_parameter') => new Problem(400, 'Bad request', detail, code);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
function date(q, k) {
  const v = q.get(k);
  if (v === null || v === '') return null;
  if (!DATE.test(v)) throw bad(`${k} must be YYYY-MM-DD, got ${JSON.stringify(v)}`, 'invalid_parameter');
  return v;
}
function int(q, k, def, max = 1000) {
  const v = q.get(k);
  if (v === null || v === '') return def;
  if (!/^\d+$/.test(v)) throw bad(`${k} must be a non-negative integer`);
  return Math.min(Number(v), max);
}
function bool(q, k) {
  const v = q.get(k);
  if (v === null || v === '') return false;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw bad(`${k} must be true or false`);
}
const up = (s) => (s || '').toUpperCase();
const prefix = (code, p) => !!code && up(code).startsWith(up(p));

/** Keyset pagination by id: cursor = last id of the previous page (opaque to clients). */
function page(rows, q) {
  const limit = int(q, 'limit', 50) || 50;
  const cursor = q.get('cursor');
  let after = 0;
  if (cursor) {
    if (!/^\d+$/.test(cursor)) throw bad('invalid cursor', 'invalid_cursor');
    after = Number(cursor);
  }
  const sorted = rows.filter((r) => r.id > after).sort((a, b) => a.id - b.id);
  const items = sorted.slice(0, limit);
  return { items, next_cursor: sorted.length > limit ? String(items[items.length - 1].id) : null };
}

function inDates(d, from, to) {
  if (!from && !to) return true;
  if (!d) return false;
  const day = d.slice(0, 10);
  return (!from || day >= from) && (!to || day <= to);
}

function filterEvents(events, q) {
  const actor = q.get('actor') || '';
  const dyad = q.get('dyad');
  const either = bool(q, 'either_order');
  const code = q.get('code') || '';
  const root = q.get('root') || '';
  const quad = q.get('quad') || '';
  const plover = q.get('plover') || '';
  const modality = q.get('modality') || '';
  const from = date(q, 'from');
  const to = date(q, 'to');
  let src = null;
  let tgt = null;
  if (dyad) {
    const parts = dyad.split(',');
    if (parts.length !== 2) throw bad('dyad must be SOURCE,TARGET', 'invalid_dyad');
    src = parts[0].trim() || null;
    tgt = parts[1].trim() || null;
  }
  if (quad && !/^[1-4]$/.test(quad)) throw bad('quad must be 1..4', 'invalid_quad');
  const matchSide = (e, s, t) => (!s || prefix(e.source_code, s)) && (!t || prefix(e.target_code, t));
  return events.filter((e) => {
    if (actor) {
      const a = actor.toLowerCase();
      const hit = prefix(e.source_code, actor) || prefix(e.target_code, actor) || (e.source_name || '').toLowerCase().includes(a) || (e.target_name || '').toLowerCase().includes(a);
      if (!hit) return false;
    }
    if (src || tgt) {
      if (!(matchSide(e, src, tgt) || (either && matchSide(e, tgt, src)))) return false;
    }
    if (code && !e.code.startsWith(code)) return false;
    if (root && e.root !== root.padStart(2, '0')) return false;
    if (quad && String(e.quad_class) !== quad) return false;
    if (plover && up(e.plover_event) !== up(plover)) return false;
    if (modality && e.modality !== modality) return false;
    return inDates(e.date, from, to);
  });
}

/**
 * The actor × issue matrix of the stored stances, aggregated like
 * dyad_stances::positions: per (actor code, else holder; issue) signed =
 * Σ support − Σ oppose strengths, neutral = Σ neutral strengths; neutral
 * when neutral >= |signed| or |signed| < 0.15, else the sign; strength =
 * that sum / statements, capped at 1, 2 decimals. Filters: issue (ids,
 * comma-separated), actor (code prefix or holder substring), from/to (article day).
 */
export function stances(fx, q) {
  const from = date(q, 'from');
  const to = date(q, 'to');
  const want = (q.get('issue') || '').split(',').map((x) => x.trim()).filter(Boolean);
  const actor = (q.get('actor') || '').trim();
  const issues = new Map();
  const cells = new Map();
  let stanceId = 0;
  for (const a of [...fx.articles].sort((x, y) => x.id - y.id)) {
    const doc = fx.documents.get(a.id);
    if (!doc) continue;
    const labels = new Map((doc.issues || []).map((i) => [i.id, i.label]));
    const day = a.day || a.date || doc.meta?.date || null;
    for (const s of doc.stances || []) {
      stanceId += 1; // ids are stable whatever the filters
      const code = s.actor && s.actor.code ? s.actor.code : null;
      if (want.length && !want.includes(s.issue)) continue;
      if (actor && !(prefix(code, actor) || (s.holder || '').toLowerCase().includes(actor.toLowerCase()))) continue;
      if (!inDates(day, from, to)) continue;
      const key = code || s.holder;
      if (!issues.has(s.issue)) issues.set(s.issue, { id: s.issue, label: labels.get(s.issue) || s.issue, statements: 0 });
      issues.get(s.issue).statements += 1;
      const k = `${key}\u0000${s.issue}`;
      if (!cells.has(k)) cells.set(k, { actor: key, issue: s.issue, polarity: 'neutral', strength: 0, statements: 0, articles: new Set(), holders: [], n_support: 0, n_oppose: 0, n_neutral: 0, evidence: [], signed: 0, neutral: 0 });
      const c = cells.get(k);
      c.statements += 1;
      c.articles.add(a.id);
      if (!c.holders.includes(s.holder)) c.holders.push(s.holder);
      const st = Number(s.strength) || 0;
      if (s.polarity === 'support') (c.signed += st), (c.n_support += 1);
      else if (s.polarity === 'oppose') (c.signed -= st), (c.n_oppose += 1);
      else (c.neutral += st), (c.n_neutral += 1);
      const cues = [];
      for (const e of [s.cue, ...(s.evidence || []).filter((x) => x.kind !== 'issue')]) if (e && e.text && !cues.includes(e.text)) cues.push(e.text);
      const sent = (doc.sentences || [])[s.sentence];
      c.evidence.push({ stance_id: stanceId, article_id: a.id, doc_id: a.doc_id, date: day, sentence: s.sentence, sentence_text: sent ? sent.text : null, text: s.text, start: s.start, end: s.end, polarity: s.polarity, strength: s.strength, cues: cues.join('; '), holder: s.holder });
    }
  }
  const out = [];
  for (const c of cells.values()) {
    const n = Math.max(1, c.statements);
    let strength;
    if (c.neutral >= Math.abs(c.signed) || Math.abs(c.signed) < 0.15) {
      c.polarity = 'neutral';
      strength = c.neutral / n;
    } else {
      c.polarity = c.signed > 0 ? 'support' : 'oppose';
      strength = Math.abs(c.signed) / n;
    }
    const { signed, neutral, articles, ...rest } = c;
    out.push({ ...rest, strength: Math.round(Math.min(1, strength) * 100) / 100, articles: articles.size });
  }
  out.sort((x, y) => (x.issue < y.issue ? -1 : x.issue > y.issue ? 1 : x.actor < y.actor ? -1 : x.actor > y.actor ? 1 : 0));
  const actors = new Map();
  for (const c of out) {
    if (!actors.has(c.actor)) actors.set(c.actor, { code: c.actor, holders: [] });
    for (const hd of c.holders) if (!actors.get(c.actor).holders.includes(hd)) actors.get(c.actor).holders.push(hd);
  }
  return {
    issues: [...issues.values()].sort((x, y) => y.statements - x.statements || (x.id < y.id ? -1 : 1)).map(({ id, label }) => ({ id, label })),
    actors: [...actors.values()].sort((x, y) => (x.code < y.code ? -1 : 1)),
    cells: out,
  };
}

const words = (s) => (s || '').toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];

export function handleApi(fx, method, path, q, body) {
  const m = (re) => path.match(re);
  let r;
  if (method === 'GET' && path === '/v1/articles') {
    const from = date(q, 'from');
    const to = date(q, 'to');
    return page(fx.articles.filter((a) => inDates(a.day || a.date, from, to)), q);
  }
  if (method === 'GET' && (r = m(/^\/v1\/articles\/([^/]+)$/))) {
    const id = Number(r[1]);
    const article = fx.articles.find((a) => a.id === id);
    if (!article || !/^\d+$/.test(r[1])) throw new Problem(404, 'Not found', `no article with id ${r[1]}`, 'not_found');
    return { article, document: fx.documents.get(id) };
  }
  if (method === 'GET' && path === '/v1/events') return page(filterEvents(fx.events, q), q);
  if (method === 'GET' && (r = m(/^\/v1\/events\/(\d+)\/mentions$/))) {
    const e = fx.events.find((x) => x.id === Number(r[1]));
    if (!e) throw new Problem(404, 'Not found', `no event with id ${r[1]}`, 'not_found');
    // The CLI has no mention dump; one mention per report, carrying the event's first evidence.
    const items = Array.from({ length: e.num_mentions }, (_, i) => ({
      id: e.id * 100 + i,
      event_id: e.id,
      article_id: e.article_id,
      doc_id: e.doc_id,
      url: e.url,
      outlet: fx.articles.find((a) => a.id === e.article_id)?.outlet || null,
      index: i,
      sentence: e.sentence,
      sentence_text: e.sentence_text,
      code: e.code,
      root: e.root,
      quad_class: e.quad_class,
      goldstein: e.goldstein,
      plover_event: e.plover_event,
      plover_mode: e.plover_mode,
      source_code: e.source_code,
      source_text: e.source_text,
      target_code: e.target_code,
      target_text: e.target_text,
      trigger: e.trigger,
      trigger_start: e.trigger_start,
      trigger_end: e.trigger_end,
      negated: e.negated,
      modality: e.modality,
      location: e.location,
      location_country: e.location_country,
      date: e.date,
      seen: e.first_seen,
      rule: e.rule,
      confidence: e.confidence,
    }));
    return { items };
  }
  if (method === 'GET' && path === '/v1/quotes') {
    const speaker = (q.get('speaker') || '').toLowerCase();
    const text = q.get('text');
    const kind = q.get('kind') || '';
    const from = date(q, 'from');
    const to = date(q, 'to');
    const aid = q.get('article_id');
    const want = text !== null && text !== '' ? words(text) : null;
    return page(
      fx.quotes.filter((x) => {
        if (speaker && !((x.speaker_name || '').toLowerCase().includes(speaker) || prefix(x.speaker_code, speaker))) return false;
        if (want) {
          if (!want.length) return false;
          const have = new Set(words(x.text));
          if (!want.every((w) => have.has(w))) return false;
        }
        if (kind && x.kind !== kind) return false;
        if (aid && String(x.article_id) !== aid) return false;
        return inDates(x.date, from, to);
      }),
      q,
    );
  }
  if (method === 'GET' && path === '/v1/actors') {
    const p = q.get('prefix') || '';
    const limit = int(q, 'limit', 100, 10000) || 100;
    return { items: fx.actors.filter((a) => prefix(a.code, p) || !p).slice(0, limit) };
  }
  if (method === 'GET' && path === '/v1/network') {
    const ev = filterEvents(fx.events, new URLSearchParams({ actor: q.get('actor') || '', from: q.get('from') || '', to: q.get('to') || '' })).filter((e) => e.source_code && e.target_code);
    const names = new Map(fx.actors.map((a) => [a.code, a.name]));
    const nodes = new Map();
    const edges = new Map();
    for (const e of ev) {
      for (const c of [e.source_code, e.target_code]) {
        if (!nodes.has(c)) nodes.set(c, { id: c, label: names.get(c) || c, events: 0 });
        nodes.get(c).events += 1;
      }
      if (e.source_code === e.target_code) nodes.get(e.source_code).events -= 1;
      const k = `${e.source_code}|${e.target_code}|${e.quad_class}`;
      if (!edges.has(k)) edges.set(k, { source: e.source_code, target: e.target_code, quad_class: e.quad_class, count: 0, event_ids: [] });
      const x = edges.get(k);
      x.count += 1;
      x.event_ids.push(e.id);
    }
    return { nodes: [...nodes.values()], edges: [...edges.values()] };
  }
  if (method === 'GET' && path === '/v1/timeline') {
    const ev = filterEvents(fx.events, new URLSearchParams({ actor: q.get('actor') || '', dyad: q.get('dyad') || '', either_order: q.get('either_order') || '', from: q.get('from') || '', to: q.get('to') || '' }));
    const buckets = new Map();
    for (const e of ev) {
      if (!e.date) continue;
      const k = `${e.date}|${e.source_code}|${e.target_code}|${e.quad_class}`;
      if (!buckets.has(k)) buckets.set(k, { date: e.date, source: e.source_code, target: e.target_code, quad_class: e.quad_class, count: 0 });
      buckets.get(k).count += 1;
    }
    return { items: [...buckets.values()].sort((a, b) => a.date.localeCompare(b.date)) };
  }
  if (method === 'GET' && path === '/v1/stances') return stances(fx, q);
  if (method === 'POST' && path === '/v1/annotate') {
    let req;
    try {
      req = JSON.parse(body || '');
    } catch {
      throw bad('body must be JSON {text, date, title}', 'invalid_json');
    }
    if (!req || typeof req.text !== 'string' || !req.text.trim()) throw bad('text is required', 'missing_text');
    // The fake cannot analyse: it returns the example article when given its
    // text, else the text split into naive sentences with no annotations.
    const riyadh = fx.documents.get(1);
    if (riyadh && req.text.trim() === riyadh.text.trim()) return riyadh;
    const text = req.text;
    const cps = Array.from(text);
    const sentences = [];
    let start = 0;
    for (let i = 0; i <= cps.length; i++) {
      if (i === cps.length || (/[.!?]/.test(cps[i]) && (i + 1 === cps.length || /\s/.test(cps[i + 1])))) {
        let a = start;
        while (a < i && /\s/.test(cps[a])) a++;
        const b = Math.min(i + 1, cps.length);
        if (b > a) sentences.push({ start: a, end: b, paragraph: 0, tokens: [0, 0], text: cps.slice(a, b).join('') });
        start = b;
      }
    }
    return { schema: 'dyad/1', meta: { id: 'annotate', title: req.title || null, date: req.date || null, url: null, source: null, language: null, origin: { path: '-', format: 'text', encoding: 'UTF-8' }, pipeline: [], stats: { chars: cps.length, paragraphs: 1, sentences: sentences.length, tokens: 0 } }, text, paragraphs: [{ start: 0, end: cps.length }], sentences, tokens: [], entities: [], quotes: [], events: [], issues: [], stances: [], negotiations: [] };
  }
  throw new Problem(404, 'Not found', `no route ${method} ${path}`, 'not_found');
}

function sendJson(res, status, obj, type = 'application/json') {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}

export function startFakeServer({ port = 0, host = '127.0.0.1', dist = DIST, csp = false, log = false } = {}) {
  const fx = loadFixtures();
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const path = url.pathname;
    if (log) console.log(req.method, req.url);
    const common = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };
    if (csp) common['Content-Security-Policy'] = CSP;
    for (const [k, v] of Object.entries(common)) res.setHeader(k, v);
    if (path.startsWith('/v1/')) {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        try {
          sendJson(res, 200, handleApi(fx, req.method, path, url.searchParams, body));
        } catch (e) {
          if (e instanceof Problem) sendJson(res, e.status, { type: 'about:blank', title: e.title, status: e.status, detail: e.detail, code: e.code }, 'application/problem+json');
          else {
            console.error(e);
            sendJson(res, 500, { type: 'about:blank', title: 'Internal error', status: 500, detail: String(e.message), code: 'internal' }, 'application/problem+json');
          }
        }
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const rel = path === '/' ? 'index.html' : decodeURIComponent(path).replace(/^\/+/, '');
    const file = normalize(join(dist, rel));
    if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const data = readFileSync(file);
    res.writeHead(200, { 'Content-Type': MIME[extname(file)] || 'application/octet-stream', 'Content-Length': data.length, 'Cache-Control': rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : data);
  });
  return new Promise((resolveP, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: p } = server.address();
      resolveP({ server, url: `http://${host}:${p}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--port');
  const port = i >= 0 ? Number(args[i + 1]) : Number(process.env.PORT || 8080);
  const s = await startFakeServer({ port, csp: args.includes('--csp'), log: args.includes('--log') });
  console.log(`fake dyad server on ${s.url} (serving ${DIST})`);
}
