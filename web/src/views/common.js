import { h, select } from '../dom.js';
import { href, pager } from '../router.js';

/** A filter form; fields: [{name, label, type?, options?, placeholder?, width?}] */
export function filterForm(view, fields, params, { submitLabel = 'Apply', testid } = {}) {
  const form = h('form', { class: 'filters', testid: testid || `${view}-filters`, autocomplete: 'off' });
  for (const f of fields) {
    const id = `f-${view}-${f.name}`;
    let input;
    if (f.options) input = select({ id, name: f.name }, f.options, params[f.name]);
    else if (f.type === 'checkbox') {
      input = h('input', { id, name: f.name, type: 'checkbox' });
      input.checked = params[f.name] === 'true';
    } else {
      input = h('input', { id, name: f.name, type: f.type || 'text', placeholder: f.placeholder || null, value: params[f.name] || null, size: f.size || null });
    }
    form.append(h('label', { class: `field${f.type === 'checkbox' ? ' field-check' : ''}`, for: id }, h('span', { class: 'field-label' }, f.label), input));
  }
  form.append(
    h(
      'div',
      { class: 'field field-actions' },
      h('button', { type: 'submit', class: 'btn primary' }, submitLabel),
      h('button', { type: 'button', class: 'btn', on: { click: () => (location.hash = href(view)) } }, 'Reset'),
    ),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const p = {};
    for (const f of fields) {
      const el = form.elements[f.name];
      if (f.type === 'checkbox') p[f.name] = el.checked ? 'true' : '';
      else p[f.name] = el.value.trim();
    }
    const next = href(view, [], p);
    if (location.hash === next) window.dispatchEvent(new HashChangeEvent('hashchange'));
    else location.hash = next;
  });
  return form;
}

/** Previous / next buttons for cursor pagination; the cursor lives in the hash (`cursor=`). */
export function pagination(view, params, nextCursor, shown) {
  const { cursor, ...filters } = params;
  const key = `${view}:${new URLSearchParams(filters).toString()}`;
  const stack = pager(key);
  if (!cursor) stack.length = 0;
  const page = cursor ? stack.length + 1 : 1;
  return h(
    'div',
    { class: 'pager', testid: 'pager' },
    h(
      'button',
      {
        type: 'button',
        class: 'btn',
        disabled: !cursor,
        on: {
          click: () => {
            const prev = stack.pop();
            location.hash = href(view, [], { ...filters, cursor: prev || '' });
          },
        },
      },
      '← Previous',
    ),
    h('span', { class: 'pager-info' }, `Page ${page} · ${shown} row${shown === 1 ? '' : 's'}`),
    h(
      'button',
      {
        type: 'button',
        class: 'btn',
        testid: 'next-page',
        disabled: !nextCursor,
        on: {
          click: () => {
            stack.push(cursor || '');
            location.hash = href(view, [], { ...filters, cursor: nextCursor });
          },
        },
      },
      'Next →',
    ),
  );
}

export function pageHeader(title, subtitle, ...extra) {
  return h('div', { class: 'page-head' }, h('h1', null, title), subtitle ? h('p', { class: 'sub' }, subtitle) : null, ...extra);
}

export const QUAD_OPTIONS = [
  { value: '', label: 'Any' },
  { value: '1', label: '1 Verbal cooperation' },
  { value: '2', label: '2 Material cooperation' },
  { value: '3', label: '3 Verbal conflict' },
  { value: '4', label: '4 Material conflict' },
];

export function articleLink(articleId, params, label, extra = {}) {
  if (articleId === null || articleId === undefined) return null;
  return h('a', { href: href('article', [articleId], params), class: 'article-link', ...extra }, label);
}
