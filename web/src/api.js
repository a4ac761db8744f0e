// Thin client for the dyad HTTP API (/v1). Errors are RFC 9457 problem+json.

export class ApiError extends Error {
  constructor(problem, status) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.title = problem.title || `HTTP ${status}`;
    this.detail = problem.detail || '';
    this.status = problem.status || status;
    this.code = problem.code || null;
    this.type = problem.type || null;
  }
}

/** Build a query string from an object, skipping empty values. */
export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === null || v === undefined || v === '' || v === false) continue;
    u.set(k, String(v));
  }
  const s = u.toString();
  return s ? `?${s}` : '';
}

async function request(path, opts = {}) {
  let res;
  try {
    res = await fetch(path, { headers: { Accept: 'application/json' }, ...opts });
  } catch (e) {
    throw new ApiError({ title: 'Network error', detail: `Could not reach the dyad server (${e.message})` }, 0);
  }
  const type = res.headers.get('content-type') || '';
  let body = null;
  if (type.includes('json')) {
    try {
      body = await res.json();
    } catch {
      body = null;
    }
  }
  if (!res.ok) {
    throw new ApiError(body && typeof body === 'object' ? body : { title: `HTTP ${res.status}`, detail: res.statusText }, res.status);
  }
  if (body === null) throw new ApiError({ title: 'Bad response', detail: `Expected JSON from ${path}` }, res.status);
  return body;
}

export const api = {
  articles: (p) => request(`/v1/articles${qs(p)}`),
  article: (id) => request(`/v1/articles/${encodeURIComponent(id)}`),
  events: (p) => request(`/v1/events${qs(p)}`),
  eventMentions: (id) => request(`/v1/events/${encodeURIComponent(id)}/mentions`),
  quotes: (p) => request(`/v1/quotes${qs(p)}`),
  actors: (p) => request(`/v1/actors${qs(p)}`),
  network: (p) => request(`/v1/network${qs(p)}`),
  timeline: (p) => request(`/v1/timeline${qs(p)}`),
  stances: (p) => request(`/v1/stances${qs(p)}`),
  annotate: (body) =>
    request('/v1/annotate', {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }),
};
