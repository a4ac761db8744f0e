// Regenerates web/tests/fixtures/ from real dyad output.
//
//   node tests/make-fixtures.mjs        (from web/; DYAD_BIN=..., else the newer
//                                        of target/release/dyad and target/debug/dyad)
//
// It ingests examples/riyadh-talks.txt (dated 2025-02-18) and the articles in
// tests/articles/more.jsonl into a throw-away SQLite store, dumps the stored
// rows (`dyad query ... --format jsonl`) and every article's dyad/1 document
// (`dyad analyze --format json[l]`), then makes the last article more hostile
// (speaker names with markup and attribute-breaking quotes) so the browser
// test can check that nothing from the API is ever interpreted as HTML.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
// The newest build wins: a stale release binary would silently drop the newer dyad/1 keys.
const builds = ['target/release/dyad', 'target/debug/dyad'].map((p) => join(repo, p)).filter((p) => existsSync(p));
const dyad = process.env.DYAD_BIN || builds.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
if (!dyad) throw new Error('no dyad binary: build it (cargo build -p dyad-cli) or set DYAD_BIN');
const out = join(here, 'fixtures');
const riyadh = 'examples/riyadh-talks.txt';
const more = 'web/tests/articles/more.jsonl';

const run = (...args) =>
  execFileSync(dyad, args, { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'inherit'] });
const jsonl = (s) => s.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));

const tmp = mkdtempSync(join(tmpdir(), 'dyad-fixtures-'));
const db = `sqlite://${join(tmp, 'fx.db')}`;
try {
  run('ingest', '--db', db, '--no-progress', '--date', '2025-02-18', riyadh);
  run('ingest', '--db', db, '--no-progress', more);
  const q = (table) => jsonl(run('query', table, '--db', db, '--format', 'jsonl', '--limit', '0'));
  const articles = q('articles');
  const events = q('events');
  const quotes = q('quotes');
  const actors = q('actors');

  const docs = [JSON.parse(run('analyze', riyadh, '--date', '2025-02-18', '--format', 'json')), ...jsonl(run('analyze', more, '--format', 'jsonl'))];
  const byDocId = new Map(docs.map((d) => [d.meta.id, d]));
  for (const d of docs) {
    for (const k of ['issues', 'stances', 'negotiations']) if (!Array.isArray(d[k])) throw new Error(`${dyad} is too old: its dyad/1 output has no "${k}" (DYAD_BIN=...)`);
  }

  // The hostile article: its speakers get names that would break out of an
  // attribute or open a script element if ever written as HTML.
  const hostile = articles.find((a) => a.doc_id.startsWith('hostile-'));
  const evilName = (n) => `${n} " onmouseover="alert(1)" <img src=x onerror=alert(1)> <script>alert(1)</script>`;
  if (hostile) {
    const doc = byDocId.get(hostile.doc_id);
    for (const e of doc.entities) if (e.label === 'PERSON') e.name = evilName(e.name);
    for (const qt of doc.quotes) if (qt.speaker) qt.speaker.name = evilName(qt.speaker.name);
    for (const st of doc.stances) st.holder = evilName(st.holder);
    for (const n of doc.negotiations) {
      for (const p of [...n.present, ...n.excluded]) p.name = evilName(p.name);
      for (const p of n.preconditions) p.holder = evilName(p.holder);
    }
    for (const qt of quotes) if (qt.article_id === hostile.id && qt.speaker_name) qt.speaker_name = evilName(qt.speaker_name);
    for (const ev of events) {
      if (ev.article_id !== hostile.id) continue;
      if (ev.source_name) ev.source_name = evilName(ev.source_name);
      if (!ev.target_code) {
        ev.target_code = '<b>X</b>';
        ev.target_name = '" onmouseover="alert(1)';
      }
    }
  }

  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'documents'), { recursive: true });
  const write = (name, v) => writeFileSync(join(out, name), JSON.stringify(v, null, 1) + '\n');
  write('articles.json', articles);
  write('events.json', events);
  write('quotes.json', quotes);
  write('actors.json', actors);
  for (const a of articles) {
    const d = byDocId.get(a.doc_id);
    if (!d) throw new Error(`no document for ${a.doc_id}`);
    writeFileSync(join(out, `documents/${a.id}.json`), JSON.stringify(d) + '\n');
  }
  console.log(`dyad: ${dyad}`);
  console.log(`fixtures: ${articles.length} articles, ${events.length} events, ${quotes.length} quotes, ${actors.length} actors -> ${out}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
