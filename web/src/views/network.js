import cytoscape from 'cytoscape';
import { h, spinner, errorBox, empty, clear } from '../dom.js';
import { api } from '../api.js';
import { QUAD, quadColor } from '../codes.js';
import { filterForm, pageHeader } from './common.js';
import { evidence, eventRowLine, evidenceLink } from './events.js';
import { href } from '../router.js';

function quadLegend() {
  return h(
    'div',
    { class: 'legend', testid: 'network-legend' },
    h('span', { class: 'legend-h' }, 'Edges'),
    Object.entries(QUAD).map(([q, v]) => h('span', { class: 'legend-item' }, h('span', { class: 'line-sample', style: { background: v.color } }), ` ${q} ${v.name}`)),
    h('span', { class: 'legend-sep' }),
    h('span', { class: 'legend-item muted' }, 'width = number of events · node size = events involving the actor · arrow = source → target'),
  );
}

function eventsList(items, title, more) {
  const list = h('ol', { class: 'side-events' });
  for (const e of items) {
    list.append(
      h(
        'li',
        { class: 'side-event', testid: 'actor-event', dataset: { id: e.id } },
        h('div', { class: 'muted small' }, [e.date, e.doc_id].filter(Boolean).join(' · ')),
        eventRowLine(e),
        h('div', { class: 'small' }, evidence(e.sentence_text, e.trigger), ' ', evidenceLink(e)),
      ),
    );
  }
  return [h('h3', null, title), items.length ? list : empty('No events.'), more || null];
}

export async function render(main, route, ctx) {
  const p = route.params;
  const panel = h('aside', { class: 'panel side-panel', testid: 'actor-events' }, h('h2', null, 'Actor events'), h('p', { class: 'muted' }, 'Click a node to list the events of that actor, or an edge for the events of that dyad.'));
  const graph = h('div', { class: 'network-canvas', testid: 'network' });
  main.append(
    pageHeader('Actor network', 'Actors as nodes, coded events as directed edges coloured by quad class.'),
    filterForm(
      'network',
      [
        { name: 'actor', label: 'Around actor', placeholder: 'RUS', size: 10 },
        { name: 'from', label: 'From', type: 'date' },
        { name: 'to', label: 'To', type: 'date' },
      ],
      p,
    ),
    quadLegend(),
    h('div', { class: 'network-layout' }, h('div', { class: 'network-wrap' }, graph), panel),
  );
  graph.append(spinner('Loading network…'));
  let net;
  try {
    net = await api.network({ from: p.from, to: p.to, actor: p.actor });
  } catch (e) {
    clear(graph).append(errorBox(e));
    return;
  }
  if (!ctx.isCurrent()) return;
  clear(graph);
  const nodes = net.nodes || [];
  const edges = net.edges || [];
  if (!nodes.length) {
    graph.append(empty('No actors with events for these filters.'));
    return;
  }
  const maxEv = Math.max(1, ...nodes.map((n) => n.events || 0));
  const maxCount = Math.max(1, ...edges.map((e) => e.count || 0));
  const elements = [
    ...nodes.map((n) => ({ data: { id: String(n.id), label: String(n.id), name: n.label && n.label !== n.id ? String(n.label) : '', events: n.events || 0 } })),
    ...edges
      .filter((e) => e.source !== null && e.target !== null)
      .map((e, i) => ({
        data: { id: `e${i}`, source: String(e.source), target: String(e.target), quad: e.quad_class, count: e.count || 1, color: quadColor(e.quad_class), ids: e.event_ids || [] },
      })),
  ];
  const cy = cytoscape({
    container: graph,
    elements,
    wheelSensitivity: 0.3,
    minZoom: 0.2,
    maxZoom: 4,
    style: [
      {
        selector: 'node',
        style: {
          'background-color': '#3b4a63',
          'border-color': '#fff',
          'border-width': 2,
          width: `mapData(events, 0, ${maxEv}, 18, 64)`,
          height: `mapData(events, 0, ${maxEv}, 18, 64)`,
          label: 'data(label)',
          color: '#1d2433',
          'font-size': 11,
          'font-weight': 600,
          'text-valign': 'bottom',
          'text-margin-y': 4,
          'text-background-color': '#ffffff',
          'text-background-opacity': 0.85,
          'text-background-padding': 2,
        },
      },
      { selector: 'node:selected', style: { 'background-color': '#d9480f', 'border-color': '#1d2433', 'border-width': 3 } },
      {
        selector: 'edge',
        style: {
          'line-color': 'data(color)',
          'target-arrow-color': 'data(color)',
          'target-arrow-shape': 'triangle',
          'curve-style': 'bezier',
          'arrow-scale': 0.9,
          width: `mapData(count, 1, ${Math.max(2, maxCount)}, 1.5, 9)`,
          opacity: 0.75,
        },
      },
      { selector: 'edge:selected', style: { opacity: 1, 'overlay-opacity': 0.15, 'overlay-color': '#000' } },
      { selector: '.faded', style: { opacity: 0.15 } },
    ],
    layout: { name: 'cose', animate: false, randomize: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 90, padding: 30, componentSpacing: 60 },
  });
  window.dyadNetwork = cy;
  graph.dataset.ready = 'true';

  const focus = (ele) => {
    cy.elements().removeClass('faded');
    const keep = ele.isNode() ? ele.closedNeighborhood() : ele.union(ele.connectedNodes());
    cy.elements().not(keep).addClass('faded');
  };

  let req = 0;
  async function showActor(node) {
    const code = node.id();
    const n = ++req;
    const d = node.data();
    clear(panel).append(
      h('h2', null, h('code', { class: 'actor-code big' }, code), d.name ? h('span', { class: 'muted' }, ` e.g. ${d.name}`) : null),
      h('p', { class: 'muted small' }, `${d.events} event${d.events === 1 ? '' : 's'} in the graph · code prefix match · `, h('a', { href: href('events', [], { actor: code }) }, 'all in Events table'), ' · ', h('a', { href: href('timeline', [], { source: code }) }, 'timeline')),
      spinner('Loading events…'),
    );
    try {
      const res = await api.events({ actor: code, from: p.from, to: p.to, limit: 100 });
      if (n !== req) return;
      panel.lastChild.remove();
      panel.append(...eventsList(res.items || [], 'Events', res.next_cursor ? h('a', { href: href('events', [], { actor: code, from: p.from, to: p.to }) }, 'More in the Events table →') : null));
    } catch (e) {
      if (n === req) panel.lastChild.replaceWith(errorBox(e));
    }
  }
  async function showEdge(edge) {
    const d = edge.data();
    const n = ++req;
    clear(panel).append(
      h('h2', null, h('code', { class: 'actor-code' }, d.source), ' → ', h('code', { class: 'actor-code' }, d.target)),
      h('p', { class: 'small' }, h('span', { class: 'swatch', style: { background: d.color } }), ` ${QUAD[d.quad] ? QUAD[d.quad].name : ''} · ${d.count} event${d.count === 1 ? '' : 's'}`),
      spinner('Loading events…'),
    );
    try {
      const res = await api.events({ dyad: `${d.source},${d.target}`, quad: d.quad, from: p.from, to: p.to, limit: 200 });
      if (n !== req) return;
      const ids = new Set((d.ids || []).map(String));
      const items = (res.items || []).filter((e) => (ids.size ? ids.has(String(e.id)) : e.source_code === d.source && e.target_code === d.target));
      panel.lastChild.remove();
      panel.append(...eventsList(items, 'Events of this dyad'));
    } catch (e) {
      if (n === req) panel.lastChild.replaceWith(errorBox(e));
    }
  }
  cy.on('tap', 'node', (e) => {
    focus(e.target);
    showActor(e.target);
  });
  cy.on('tap', 'edge', (e) => {
    focus(e.target);
    showEdge(e.target);
  });
  cy.on('tap', (e) => {
    if (e.target === cy) cy.elements().removeClass('faded');
  });
  const onResize = () => cy.resize();
  window.addEventListener('resize', onResize);
  return () => {
    window.removeEventListener('resize', onResize);
    if (window.dyadNetwork === cy) window.dyadNetwork = null;
    cy.destroy();
  };
}
