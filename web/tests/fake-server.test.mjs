// Quick checks of the fake server (and that web/dist is built): node --test tests/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeServer } from './fake-server.mjs';

let s;
before(async () => {
  s = await startFakeServer({ port: 0, csp: true });
});
after(async () => s && s.close());

const get = async (path) => {
  const r = await fetch(s.url + path);
  return { status: r.status, type: r.headers.get('content-type'), body: r.headers.get('content-type')?.includes('json') ? await r.json() : await r.text(), headers: r.headers };
};

test('serves the built workbench with relative asset paths', async () => {
  const r = await get('/');
  assert.equal(r.status, 200);
  assert.match(r.type, /text\/html/);
  const assets = [...r.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(assets.some((a) => a.includes('assets/') && a.endsWith('.js')), 'index.html references a JS bundle under assets/');
  for (const a of assets) {
    assert.ok(!/^https?:|^\/\//.test(a), `no external asset: ${a}`);
    const f = await get('/' + a.replace(/^\.?\//, ''));
    assert.equal(f.status, 200, a);
  }
  assert.ok(r.headers.get('content-security-policy'));
});

test('articles, with cursor pagination', async () => {
  const p1 = await get('/v1/articles?limit=2');
  assert.equal(p1.body.items.length, 2);
  assert.ok(p1.body.next_cursor);
  const p2 = await get(`/v1/articles?limit=2&cursor=${p1.body.next_cursor}`);
  assert.ok(p2.body.items[0].id > p1.body.items[1].id);
  const all = await get('/v1/articles?limit=100');
  assert.equal(all.body.next_cursor, null);
  assert.ok(all.body.items.some((a) => a.doc_id.includes('riyadh')));
  assert.ok(all.body.items.some((a) => a.doc_id.includes('<script>')));
});

test('article document is dyad/1', async () => {
  const r = await get('/v1/articles/1');
  assert.equal(r.body.document.schema, 'dyad/1');
  assert.ok(r.body.document.quotes.some((q) => q.speaker && q.speaker.name === 'Sergei Lavrov'));
  assert.equal((await get('/v1/articles/999')).status, 404);
});

test('events filters', async () => {
  const all = (await get('/v1/events?limit=1000')).body.items;
  assert.ok(all.length > 20);
  const rus = (await get('/v1/events?actor=RUS&limit=1000')).body.items;
  assert.ok(rus.length && rus.every((e) => (e.source_code || '').startsWith('RUS') || (e.target_code || '').startsWith('RUS') || `${e.source_name} ${e.target_name}`.toLowerCase().includes('rus')));
  const dy = (await get('/v1/events?dyad=USA,RUS&either_order=true&limit=1000')).body.items;
  assert.ok(dy.length && dy.every((e) => ['USA', 'RUS'].some((c) => (e.source_code || '').startsWith(c))));
  const q4 = (await get('/v1/events?quad=4')).body.items;
  assert.ok(q4.length && q4.every((e) => e.quad_class === 4));
  const bad = await get('/v1/events?from=yesterday');
  assert.equal(bad.status, 400);
  assert.match(bad.type, /application\/problem\+json/);
  assert.equal(bad.body.code, 'invalid_parameter');
  const m = await get(`/v1/events/${all[1].id}/mentions`);
  assert.equal(m.body.items.length, all[1].num_mentions);
});

test('quotes full-text and speaker', async () => {
  const r = (await get('/v1/quotes?text=peacekeeping')).body.items;
  assert.ok(r.some((q) => q.speaker_name === 'Sergei Lavrov'));
  const s = (await get('/v1/quotes?speaker=rubio&limit=100')).body.items;
  assert.ok(s.length && s.every((q) => q.speaker_name.toLowerCase().includes('rubio')));
});

test('actors, network, timeline, annotate', async () => {
  assert.ok((await get('/v1/actors?prefix=RUS')).body.items.every((a) => a.code.startsWith('RUS')));
  const n = (await get('/v1/network')).body;
  assert.ok(n.nodes.length > 5 && n.edges.length > 5);
  assert.ok(n.edges.every((e) => e.quad_class >= 1 && e.quad_class <= 4 && e.event_ids.length === e.count));
  const t = (await get('/v1/timeline?dyad=USA,RUS&either_order=true')).body.items;
  assert.ok(t.length && t.every((x) => /^\d{4}-\d{2}-\d{2}$/.test(x.date)));
  const a = await fetch(s.url + '/v1/annotate', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'Lavrov met Rubio. They talked.', date: '2025-02-18' }) });
  const doc = await a.json();
  assert.equal(doc.schema, 'dyad/1');
  assert.equal(doc.sentences.length, 2);
});

test('stances: the actor × issue matrix with evidence', async () => {
  const r = (await get('/v1/stances')).body;
  assert.ok(r.issues.some((i) => i.id === 'troops-in-ukraine' && i.label === 'Foreign troops in Ukraine'));
  for (const c of ['RUS', 'POL', 'GBR']) assert.ok(r.actors.some((a) => a.code.startsWith(c)), c);
  const rus = r.cells.find((c) => c.actor.startsWith('RUS') && c.issue === 'troops-in-ukraine');
  assert.equal(rus.polarity, 'oppose');
  assert.equal(rus.statements, 2);
  assert.equal(rus.n_oppose, 2);
  assert.equal(rus.strength, 0.83); // (0.7 + 0.95) / 2
  assert.ok(rus.evidence.some((e) => /intolerable/.test(e.text) && e.article_id === 1 && Number.isInteger(e.start) && e.cues.includes('intolerable')));
  const deu = r.cells.find((c) => c.actor.startsWith('DEU') && c.issue === 'troops-in-ukraine');
  assert.equal(deu.polarity, 'neutral');
  for (const c of r.cells) {
    assert.ok(c.strength >= 0 && c.strength <= 1);
    assert.equal(c.evidence.length, c.statements);
    assert.equal(c.n_support + c.n_oppose + c.n_neutral, c.statements);
  }
  const f = (await get('/v1/stances?issue=troops-in-ukraine,ceasefire-ukraine&actor=rus')).body;
  assert.deepEqual(f.cells.map((c) => `${c.actor} ${c.issue}`).sort(), ['RUSGOV ceasefire-ukraine', 'RUSGOV troops-in-ukraine']);
  const late = (await get('/v1/stances?from=2025-03-01')).body;
  assert.ok(late.cells.length && late.cells.every((c) => c.evidence.every((e) => e.date >= '2025-03-01')));
  assert.equal((await get('/v1/stances?to=soon')).status, 400);
});

test('article documents carry issues, stances and negotiations', async () => {
  const d = (await get('/v1/articles/1')).body.document;
  assert.ok(d.issues.some((i) => i.id === 'troops-in-ukraine'));
  assert.ok(d.stances.some((s) => s.holder === 'Sergei Lavrov' && s.polarity === 'oppose'));
  assert.ok(d.negotiations[0].excluded.some((x) => x.actor && x.actor.code === 'UKR'));
});
