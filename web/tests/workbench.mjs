// Browser test of the dyad workbench (Playwright + Debian's Chromium).
//
//   node tests/workbench.mjs              # starts the fake server on a free port
//   DYAD_URL=http://127.0.0.1:8080 node tests/workbench.mjs   # against `dyad serve`
//
// Env: DYAD_URL (base URL), DYAD_SCREENSHOTS (folder, default web/test-results/),
//      CHROMIUM (browser binary, default /usr/bin/chromium), DYAD_FAKE_CSP=1 (fake server sends the CSP).
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const shots = resolve(process.env.DYAD_SCREENSHOTS || join(here, '..', 'test-results'));
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
mkdirSync(shots, { recursive: true });

let fake = null;
let base = process.env.DYAD_URL;
if (!base) {
  const { startFakeServer } = await import('./fake-server.mjs');
  fake = await startFakeServer({ port: 0, csp: process.env.DYAD_FAKE_CSP === '1' });
  base = fake.url;
}
base = base.replace(/\/+$/, '');

if (!existsSync(executablePath)) {
  console.error(`FAIL: no browser at ${executablePath} (apt-get install -y chromium, or set CHROMIUM)`);
  process.exit(2);
}
const profile = mkdtempSync(join(tmpdir(), 'dyad-chromium-'));
// A fresh profile (--user-data-dir) per run: Playwright takes it as launchPersistentContext's first argument.
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  viewport: { width: 1440, height: 960 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const browser = context;
const page = context.pages()[0] || (await context.newPage());
page.setDefaultTimeout(15000);

const dialogs = [];
const pageErrors = [];
const consoleErrors = [];
page.on('dialog', async (d) => {
  dialogs.push(`${d.type()}: ${d.message()}`);
  await d.dismiss().catch(() => {});
});
page.on('pageerror', (e) => pageErrors.push(String(e && e.stack ? e.stack : e)));
page.on('console', (m) => {
  if (m.type() === 'error') consoleErrors.push(m.text());
});
// Everything must be local: fail on any request that leaves the server under test.
const foreign = [];
page.on('request', (r) => {
  const u = r.url();
  if (!u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('blob:') && !u.startsWith('about:')) foreign.push(u);
});

class Failure extends Error {}
const expect = (cond, msg) => {
  if (!cond) throw new Failure(msg);
};
let stepName = '';
let passed = 0;
async function step(name, fn) {
  stepName = name;
  await fn();
  expect(dialogs.length === 0, `a dialog fired: ${dialogs.join('; ')}`);
  expect(pageErrors.length === 0, `page error: ${pageErrors.join('\n')}`);
  passed++;
  console.log(`  ok  ${name}`);
}
const goto = async (hash) => {
  await page.goto(`${base}/${hash}`);
};

let code = 0;
try {
  console.log(`workbench test against ${base}${fake ? ' (fake server)' : ''}`);

  let riyadhId = null;
  let hostileId = null;
  await step('articles list loads', async () => {
    await goto('#/articles?limit=200');
    await page.waitForSelector('[data-testid="article-row"]');
    const rows = await page.$$eval('[data-testid="article-row"]', (els) => els.map((e) => ({ id: e.dataset.id, doc: e.dataset.docId, text: e.textContent })));
    expect(rows.length > 0, 'no article rows');
    const r = rows.find((x) => /riyadh/i.test(x.doc || '') || /riyadh/i.test(x.text));
    expect(r, `no article mentions riyadh among ${rows.length} rows`);
    riyadhId = r.id;
    const hz = rows.find((x) => (x.doc || '').includes('<script>') || x.text.includes('<script>'));
    hostileId = hz ? hz.id : null;
  });

  await step('article view: Lavrov quote coloured and attributed', async () => {
    await page.click(`[data-testid="article-row"][data-id="${riyadhId}"] [data-testid="article-link"]`);
    await page.waitForSelector('[data-testid="quote"]');
    const quotes = await page.$$eval('[data-testid="quote"]', (els) => {
      const by = new Map();
      for (const e of els) {
        const k = e.dataset.quote;
        if (!by.has(k)) by.set(k, { speaker: e.dataset.speaker, text: '', color: getComputedStyle(e).borderBottomColor });
        by.get(k).text += e.textContent;
      }
      return [...by.values()];
    });
    const lavrov = quotes.filter((q) => /under a different|peacekeep/i.test(q.text));
    expect(lavrov.length > 0, 'no quote containing "under a different" or "peacekeep"');
    expect(lavrov.some((q) => q.speaker === 'Sergei Lavrov'), `that quote's data-speaker is ${lavrov.map((q) => JSON.stringify(q.speaker)).join(', ')}, not "Sergei Lavrov"`);
    const colors = new Set(quotes.filter((q) => q.speaker).map((q) => `${q.speaker}=${q.color}`));
    const bySpeaker = new Map();
    for (const c of colors) {
      const [s, col] = c.split('=');
      bySpeaker.set(s, (bySpeaker.get(s) || new Set()).add(col));
    }
    expect([...bySpeaker.values()].every((s) => s.size === 1), 'a speaker has quotes in more than one colour');
    const wsw = await page.$$eval('[data-testid="who-said-what"] [data-testid="wsw-speaker"]', (els) => els.map((e) => e.dataset.speaker));
    expect(wsw.includes('Sergei Lavrov'), `who-said-what lists ${JSON.stringify(wsw)}, not Sergei Lavrov`);
    const events = await page.$$('[data-testid="article-event"]');
    expect(events.length > 0, 'the article lists no events');
    // Tooltip on hover.
    await page.hover('[data-testid="quote"][data-speaker="Sergei Lavrov"]');
    await page.waitForSelector('[data-testid="tooltip"]:not([hidden])');
    const tip = await page.textContent('[data-testid="tooltip"]');
    expect(tip.includes('Sergei Lavrov') && /cue/i.test(tip), `tooltip does not show the speaker and cue: ${tip.slice(0, 200)}`);
    // Who-said-what click scrolls to the quote.
    await page.click('[data-testid="wsw-speaker"][data-speaker="Sergei Lavrov"] [data-testid="wsw-quote"] button');
    await page.waitForSelector('[data-testid="quote"].focus');
    await page.mouse.move(5, 5);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(shots, 'article.png'), fullPage: false });
  });

  await step('events table links back to the sentence', async () => {
    await goto('#/events?limit=25');
    await page.waitForSelector('[data-testid="events-table"] [data-testid="event-row"]');
    const n = await page.$$eval('[data-testid="event-row"]', (els) => els.length);
    expect(n > 0 && n <= 25, `expected 1..25 event rows, got ${n}`);
    await page.click('[data-testid="event-row"] [data-testid="event-article-link"]');
    await page.waitForSelector('.sent.focus');
    await goto('#/events?quad=4');
    await page.waitForSelector('[data-testid="event-row"]');
    const quads = await page.$$eval('[data-testid="event-row"]', (els) => els.map((e) => e.dataset.quad));
    expect(quads.every((q) => q === '4'), `quad filter: got ${quads}`);
  });

  await step('network: click the busiest actor, its events are listed', async () => {
    await goto('#/network');
    await page.waitForSelector('[data-testid="network"][data-ready="true"]');
    await page.waitForFunction(() => window.dyadNetwork && window.dyadNetwork.nodes().length > 0);
    const target = await page.evaluate(() => {
      const cy = window.dyadNetwork;
      const nodes = cy.nodes().toArray().sort((a, b) => b.data('events') - a.data('events'));
      const n = nodes[0];
      const p = n.renderedPosition();
      const box = cy.container().getBoundingClientRect();
      return { id: n.id(), x: box.left + p.x, y: box.top + p.y, nodes: nodes.length, edges: cy.edges().length };
    });
    expect(target.edges > 0, 'network has no edges');
    await page.mouse.click(target.x, target.y);
    await page.waitForSelector('[data-testid="actor-events"] [data-testid="actor-event"]');
    const heading = await page.textContent('[data-testid="actor-events"] h2');
    expect(heading.includes(target.id), `panel heading "${heading}" is not about ${target.id}`);
    const n = await page.$$eval('[data-testid="actor-events"] [data-testid="actor-event"]', (els) => els.length);
    expect(n >= 1, 'no events for the clicked actor');
    console.log(`      clicked ${target.id} (${target.nodes} nodes, ${target.edges} edges): ${n} events`);
    await page.screenshot({ path: join(shots, 'network.png') });
  });

  await step('timeline renders an SVG chart (all events, then a dyad)', async () => {
    await goto('#/timeline');
    await page.waitForSelector('[data-testid="timeline-chart"] svg g[aria-label="rect"] rect');
    const chip = await page.$('[data-testid="dyad-chips"] a.chip');
    expect(chip, 'no dyad chips from the network');
    await chip.click();
    await page.waitForFunction(() => location.hash.includes('source='));
    await page.waitForSelector('[data-testid="timeline-chart"] svg g[aria-label="rect"] rect');
    const bars = await page.$$eval('[data-testid="timeline-chart"] svg g[aria-label="rect"] rect', (els) => els.length);
    expect(bars > 0, 'no bars');
    await page.screenshot({ path: join(shots, 'timeline.png') });
  });

  await step('quote search', async () => {
    await goto('#/quotes');
    await page.fill('#f-quotes-text', 'Ukraine');
    await page.click('[data-testid="quotes-filters"] button[type="submit"]');
    await page.waitForSelector('[data-testid="quote-result"]');
    const texts = await page.$$eval('[data-testid="quote-result"] blockquote', (els) => els.map((e) => e.textContent));
    expect(texts.length > 0 && texts.every((t) => /ukraine/i.test(t)), `quote results do not all contain "Ukraine": ${texts.length}`);
    await page.fill('#f-quotes-text', '');
    await page.fill('#f-quotes-speaker', 'Lavrov');
    await page.click('[data-testid="quotes-filters"] button[type="submit"]');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="quote-result"]')].every((e) => e.dataset.speaker.includes('Lavrov')));
    await page.screenshot({ path: join(shots, 'quotes.png') });
    await page.click('[data-testid="quote-result"] [data-testid="quote-article-link"]');
    await page.waitForSelector('[data-testid="quote"].focus');
  });

  await step('stances heatmap: Russia opposes foreign troops, evidence on click', async () => {
    await goto('#/stances');
    await page.waitForSelector('[data-testid="stances-heatmap"] [data-testid="stance-cell"], main[data-view="stances"] [data-testid="error"]');
    const problem = await page.$eval('main[data-view="stances"]', (e) => e.querySelector('[data-testid="error"]')?.textContent || null);
    expect(!problem, `the stances view shows an error (does the server have GET /v1/stances?): ${problem}`);
    const cols = await page.$$eval('[data-testid="stances-heatmap"] [data-testid="stance-issue"]', (els) => els.map((e) => ({ id: e.dataset.issue, label: e.textContent.trim() })));
    const troops = cols.find((c) => c.id === 'troops-in-ukraine');
    expect(troops, `no troops-in-ukraine column among ${JSON.stringify(cols.map((c) => c.id))}`);
    expect(troops.label === 'Foreign troops in Ukraine', `troops column is labelled ${JSON.stringify(troops.label)}`);
    const rows = await page.$$eval('[data-testid="stances-heatmap"] [data-testid="stance-row"]', (els) => els.map((e) => e.dataset.actor));
    for (const c of ['RUS', 'POL', 'GBR']) expect(rows.some((r) => r.startsWith(c)), `no heatmap row whose code starts with ${c}: ${JSON.stringify(rows)}`);
    const rus = await page.$$eval('[data-testid="stance-cell"][data-issue="troops-in-ukraine"]', (els) =>
      els.filter((e) => e.dataset.actor.startsWith('RUS')).map((e) => ({ actor: e.dataset.actor, polarity: e.dataset.polarity, label: e.getAttribute('aria-label'), tag: e.tagName })),
    );
    expect(rus.length > 0, 'no RUS × troops-in-ukraine cell');
    expect(rus.every((c) => c.polarity === 'oppose'), `RUS × troops cells: ${JSON.stringify(rus)}`);
    expect(rus.every((c) => c.tag === 'BUTTON' && /Foreign troops in Ukraine: oppose, \d/.test(c.label || '')), `cells are not labelled buttons: ${JSON.stringify(rus)}`);
    const empties = await page.$$eval('[data-testid="stances-heatmap"] td.hm-empty', (els) => els.filter((e) => e.textContent.trim() !== '').length);
    expect(empties === 0, 'empty cells are not blank');
    await page.click(`[data-testid="stance-cell"][data-issue="troops-in-ukraine"][data-actor="${rus[0].actor}"]`);
    await page.waitForSelector('[data-testid="stance-evidence"] [data-testid="stance-statement"]');
    const stmts = await page.$$eval('[data-testid="stance-evidence"] [data-testid="stance-statement"]', (els) =>
      els.map((e) => ({ text: e.querySelector('[data-testid="stance-text"]').textContent, marks: [...e.querySelectorAll('[data-testid="stance-text"] mark')].map((m) => m.textContent), link: e.querySelector('[data-testid="stance-article-link"]')?.getAttribute('href') || '' })),
    );
    const hit = stmts.find((x) => /intolerable|will not accept/i.test(x.text));
    expect(hit, `the evidence panel shows no statement with "intolerable" or "will not accept": ${JSON.stringify(stmts.map((x) => x.text))}`);
    expect(stmts.some((x) => x.marks.length > 0), 'no cue or polarity word highlighted in the evidence');
    expect(/^#\/article\/[^/?]+\?/.test(hit.link), `evidence link is ${JSON.stringify(hit.link)}`);
    expect(await page.$eval('[data-testid="stance-cell"].selected', (e) => e.getAttribute('aria-pressed')) === 'true', 'the clicked cell is not marked selected');
    await page.screenshot({ path: join(shots, 'stances.png') });
    // The evidence links back to the statement in its article.
    await page.click(`[data-testid="stance-article-link"][href="${hit.link}"]`);
    await page.waitForSelector('.sent.focus, [data-testid="quote"].focus');
  });

  await step('article view: who stands where and the negotiation panel', async () => {
    await goto(`#/article/${riyadhId}`);
    await page.waitForSelector('[data-testid="negotiation"]');
    const neg = await page.$$eval('[data-testid="negotiation"]', (els) =>
      els.map((n) => ({
        present: [...n.querySelectorAll('[data-testid="neg-present"]')].map((e) => e.dataset.actor || ''),
        excluded: [...n.querySelectorAll('[data-testid="neg-excluded"]')].map((e) => ({ actor: e.dataset.actor || '', text: e.textContent })),
      })),
    );
    expect(
      neg.some((n) => n.excluded.some((x) => x.actor.startsWith('UKR') && /Ukraine/.test(x.text))),
      `no negotiation lists Ukraine (UKR) as left out: ${JSON.stringify(neg)}`,
    );
    const stances = await page.$$eval('[data-testid="who-stands-where"] [data-testid="stance-item"]', (els) => els.map((e) => ({ issue: e.dataset.issue, polarity: e.dataset.polarity, holder: e.dataset.holder, actor: e.dataset.actor || '' })));
    expect(
      stances.some((x) => x.issue === 'troops-in-ukraine' && x.polarity === 'oppose' && x.actor.startsWith('RUS')),
      `who-stands-where has no RUS opposition to troops-in-ukraine: ${JSON.stringify(stances)}`,
    );
    await page.click('[data-testid="who-stands-where"] [data-testid="stance-item"][data-issue="troops-in-ukraine"] button');
    await page.waitForSelector('.sent.focus');
  });

  await step('annotate page', async () => {
    await goto('#/annotate');
    await page.fill('[data-testid="annotate-text"]', 'Lavrov met Rubio in Riyadh. They talked for hours.');
    await page.click('[data-testid="annotate-form"] button[type="submit"]');
    await page.waitForSelector('[data-testid="annotate-result"] [data-testid="article-text"]');
  });

  await step('hostile article renders literally, nothing runs', async () => {
    expect(hostileId, 'no hostile (<script>) article in the store');
    await goto(`#/article/${hostileId}`);
    await page.waitForSelector('[data-testid="article-text"]');
    // Hover everything that reacts to the mouse, to trigger any injected handler.
    for (const el of await page.$$('[data-testid="quote"], .ent, .trigger, [data-testid="wsw-speaker"], [data-testid="negotiation"] li')) await el.hover().catch(() => {});
    await page.waitForTimeout(300);
    const r = await page.evaluate(() => {
      const app = document.getElementById('app');
      const all = [...app.querySelectorAll('*')];
      return {
        text: document.querySelector('[data-testid="article-text"]').textContent,
        title: document.querySelector('[data-testid="article-title"]').textContent,
        speakers: [...document.querySelectorAll('[data-testid="wsw-speaker"]')].map((e) => e.dataset.speaker),
        wswText: document.querySelector('[data-testid="who-said-what"]').textContent,
        negText: [...document.querySelectorAll('[data-testid="negotiation"]')].map((e) => e.textContent).join(' '),
        scripts: app.querySelectorAll('script, img, iframe, object, embed').length,
        handlers: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName}@${a.name}`)),
        badHrefs: [...app.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')).filter((h) => /^\s*javascript:/i.test(h)),
        pwned: window.__pwned || null,
      };
    });
    expect(r.text.includes('<script>alert(1)</script>'), 'the article text does not show <script>alert(1)</script> literally');
    expect(r.text.includes('" onmouseover="alert(1)'), 'the article text does not show the attribute-breaking quote literally');
    expect(r.title.includes('<script>alert(1)</script>'), `the title is not literal: ${r.title}`);
    if (fake) {
      // The fixtures give this article's speakers hostile names (tests/make-fixtures.mjs).
      expect(r.speakers.some((s) => s.includes('" onmouseover="alert(1)')), `speaker names not literal: ${JSON.stringify(r.speakers)}`);
      expect(r.wswText.includes('<img src=x onerror=alert(1)>'), 'who-said-what does not show the hostile name literally');
      expect(r.negText.includes('<img src=x onerror=alert(1)>'), 'the negotiation panel does not show the hostile name literally');
    }
    expect(r.scripts === 0, `${r.scripts} script/img/iframe elements inside the app`);
    expect(r.handlers.length === 0, `inline handlers in the DOM: ${r.handlers.join(', ')}`);
    expect(r.badHrefs.length === 0, `javascript: links: ${r.badHrefs.join(', ')}`);
    await page.screenshot({ path: join(shots, 'hostile.png') });
    // The hostile rows in the other views.
    await goto('#/events?limit=200');
    await page.waitForSelector('[data-testid="event-row"]');
    await goto('#/quotes?text=onerror');
    await page.waitForSelector('[data-testid="quote-result"]');
    const bad = await page.evaluate(() => document.getElementById('app').querySelectorAll('script, img, b, iframe').length);
    const shown = await page.textContent('[data-testid="quote-results"]');
    expect(shown.includes('<img src=x onerror=alert(1)>'), 'the hostile quote is not shown literally in quote search');
    expect(bad === 0, 'markup from the API was interpreted in the quotes view');
    await page.waitForTimeout(200);
  });

  await step('no external requests, no console errors', async () => {
    expect(foreign.length === 0, `requests outside ${base}: ${foreign.join(', ')}`);
    const errs = consoleErrors.filter((t) => !/favicon/.test(t));
    expect(errs.length === 0, `console errors: ${errs.join(' | ')}`);
  });
  console.log(`PASS: ${passed} steps; screenshots in ${shots}`);
} catch (e) {
  code = 1;
  console.error(`FAIL [${stepName}]: ${e instanceof Failure ? e.message : e && e.stack ? e.stack : e}`);
  if (dialogs.length) console.error(`dialogs: ${dialogs.join('; ')}`);
  if (pageErrors.length) console.error(`page errors: ${pageErrors.join('\n')}`);
  await page.screenshot({ path: join(shots, 'failure.png'), fullPage: true }).catch(() => {});
  console.error(`screenshot of the failure: ${join(shots, 'failure.png')}`);
} finally {
  await browser.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
  if (fake) await fake.close();
}
process.exit(code);
