import { h, spinner, errorBox } from '../dom.js';
import { api } from '../api.js';
import { pageHeader } from './common.js';
import { renderDocument } from './docview.js';
import { docHeader } from './article.js';

let last = { text: '', date: '', title: '' };

export async function render(main) {
  const today = new Date().toISOString().slice(0, 10);
  const ta = h('textarea', { name: 'text', rows: 10, placeholder: 'Paste a news article…', spellcheck: 'false', testid: 'annotate-text' });
  ta.value = last.text;
  const date = h('input', { type: 'date', name: 'date', value: last.date || today });
  const title = h('input', { type: 'text', name: 'title', placeholder: 'optional', value: last.title || null, size: 40 });
  const out = h('div', { class: 'results', testid: 'annotate-result' });
  const form = h(
    'form',
    { class: 'annotate-form', testid: 'annotate-form' },
    h('label', { class: 'field wide' }, h('span', { class: 'field-label' }, 'Text'), ta),
    h(
      'div',
      { class: 'filters' },
      h('label', { class: 'field' }, h('span', { class: 'field-label' }, 'Date (actors are resolved for this day)'), date),
      h('label', { class: 'field' }, h('span', { class: 'field-label' }, 'Title'), title),
      h('div', { class: 'field field-actions' }, h('button', { type: 'submit', class: 'btn primary' }, 'Analyse')),
    ),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    last = { text: ta.value, date: date.value, title: title.value };
    if (!ta.value.trim()) return;
    out.replaceChildren(spinner('Analysing…'));
    try {
      const doc = await api.annotate({ text: ta.value, date: date.value || null, title: title.value || null });
      const view = renderDocument(doc);
      out.replaceChildren(docHeader(null, doc), view.el);
    } catch (err) {
      out.replaceChildren(errorBox(err));
    }
  });
  main.append(pageHeader('Annotate text', 'Analyse a text without storing it: quotes, speakers, actors and events, shown as in the article view.'), form, out);
}
