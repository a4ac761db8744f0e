// Safe DOM construction. Every string that reaches the page goes through
// textContent or setAttribute on an allow-listed attribute; there is no
// innerHTML anywhere in the workbench.

const SAFE_ATTRS = new Set([
  'class', 'id', 'title', 'role', 'type', 'name', 'value', 'placeholder', 'for', 'tabindex',
  'colspan', 'rowspan', 'min', 'max', 'step', 'disabled', 'selected', 'checked', 'rows', 'cols',
  'autocomplete', 'spellcheck', 'lang', 'dir', 'target', 'rel', 'list', 'maxlength', 'open',
  'scope', 'hidden', 'pattern', 'inputmode', 'required', 'multiple', 'size', 'datetime', 'download',
]);

/** Is this URL safe for an href that leaves the workbench (http/https only)? */
export function safeExternalUrl(u) {
  if (typeof u !== 'string' || !u) return null;
  try {
    const url = new URL(u, 'http://invalid.invalid/');
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== 'invalid.invalid') return url.href;
  } catch {
    /* not a URL */
  }
  return null;
}

function setAttr(el, k, v) {
  if (v === null || v === undefined || v === false) return;
  if (k === 'href') {
    // Internal routes (#/...) or vetted http(s) URLs only.
    const s = String(v);
    const ok = s.startsWith('#/') ? s : safeExternalUrl(s);
    if (ok) el.setAttribute('href', ok);
    return;
  }
  if (k === 'text') {
    el.textContent = String(v);
    return;
  }
  if (k === 'style') {
    // CSSOM only (never the style attribute): CSP-friendly and not parsed as markup.
    for (const [p, val] of Object.entries(v)) if (val !== null && val !== undefined) el.style.setProperty(p, String(val));
    return;
  }
  if (k === 'dataset') {
    for (const [p, val] of Object.entries(v)) if (val !== null && val !== undefined) el.dataset[p] = String(val);
    return;
  }
  if (k === 'on') {
    for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    return;
  }
  if (k === 'testid') {
    el.setAttribute('data-testid', String(v));
    return;
  }
  if (SAFE_ATTRS.has(k) || k.startsWith('data-') || k.startsWith('aria-')) {
    el.setAttribute(k, v === true ? '' : String(v));
    return;
  }
  throw new Error(`attribute not allowed: ${k}`);
}

/**
 * h('a', {href: '#/x', class: 'y'}, 'text', child, [more])
 * Children: strings/numbers become text nodes; null/false are skipped; arrays are flattened.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) for (const [k, v] of Object.entries(attrs)) setAttr(el, k, v);
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** Code-point aware text: offsets in dyad/1 are Unicode code points. */
export class CpText {
  constructor(text) {
    this.cps = Array.from(text || '');
  }
  get length() {
    return this.cps.length;
  }
  slice(a, b) {
    return this.cps.slice(a, b).join('');
  }
}

export function fmtNum(n, digits = 2) {
  if (n === null || n === undefined || Number.isNaN(n)) return '';
  return Number.isInteger(n) ? String(n) : Number(n).toFixed(digits);
}

/** A <select> with options [{value, label}] (or strings). */
export function select(attrs, options, current) {
  const el = h('select', attrs);
  for (const o of options) {
    const opt = typeof o === 'string' ? { value: o, label: o } : o;
    const oe = h('option', { value: opt.value }, opt.label);
    if (String(opt.value) === String(current ?? '')) oe.selected = true;
    el.append(oe);
  }
  return el;
}

export function spinner(label = 'Loading…') {
  return h('div', { class: 'loading', role: 'status' }, h('span', { class: 'spin', 'aria-hidden': 'true' }), label);
}

export function errorBox(err) {
  const title = err && err.title ? err.title : 'Request failed';
  const detail = err && (err.detail || err.message) ? err.detail || err.message : String(err);
  return h(
    'div',
    { class: 'error', role: 'alert', testid: 'error' },
    h('strong', null, title),
    ' ',
    h('span', null, detail),
    err && err.code ? h('code', { class: 'err-code' }, err.code) : null,
  );
}

export function empty(msg) {
  return h('div', { class: 'empty' }, msg);
}
