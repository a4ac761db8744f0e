// Hash routing: #/view/arg?key=value

export function parseHash(hash = location.hash) {
  const raw = hash.replace(/^#/, '') || '/articles';
  const [path, query = ''] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  const params = Object.fromEntries(new URLSearchParams(query));
  return { view: parts[0] || 'articles', args: parts.slice(1), params };
}

export function href(view, args = [], params = {}) {
  const path = ['', view, ...args.map((a) => encodeURIComponent(String(a)))].join('/');
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '' && v !== false) q.set(k, String(v));
  const s = q.toString();
  return `#${path}${s ? `?${s}` : ''}`;
}

export function go(view, args, params) {
  location.hash = href(view, args, params);
}

/** Cursor pagination with a back stack kept per filter set (cursors are opaque strings). */
const stacks = new Map();
export function pager(key) {
  if (!stacks.has(key)) stacks.set(key, []);
  return stacks.get(key);
}
