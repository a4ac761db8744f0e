// Colours and names for codes: quad classes, CAMEO roots, entity labels, speakers.

export const QUAD = {
  1: { name: 'Verbal cooperation', short: 'Verbal coop.', color: '#2e9e4f' },
  2: { name: 'Material cooperation', short: 'Material coop.', color: '#2f6fd0' },
  3: { name: 'Verbal conflict', short: 'Verbal conflict', color: '#ee8a1c' },
  4: { name: 'Material conflict', short: 'Material conflict', color: '#d23b33' },
};

export function quadColor(q) {
  return (QUAD[q] && QUAD[q].color) || '#888';
}

export const CAMEO_ROOTS = {
  '01': 'Make public statement',
  '02': 'Appeal',
  '03': 'Express intent to cooperate',
  '04': 'Consult',
  '05': 'Engage in diplomatic cooperation',
  '06': 'Engage in material cooperation',
  '07': 'Provide aid',
  '08': 'Yield',
  '09': 'Investigate',
  10: 'Demand',
  11: 'Disapprove',
  12: 'Reject',
  13: 'Threaten',
  14: 'Protest',
  15: 'Exhibit force posture',
  16: 'Reduce relations',
  17: 'Coerce',
  18: 'Assault',
  19: 'Fight',
  20: 'Use unconventional mass violence',
};

export function rootName(root) {
  return CAMEO_ROOTS[String(root).padStart(2, '0')] || '';
}

export const PLOVER_EVENTS = [
  'AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE', 'REJECT',
  'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT',
];

export const LABELS = {
  PERSON: { name: 'Person', color: '#7b4fc9' },
  ORG: { name: 'Organisation', color: '#0f8a8a' },
  GPE: { name: 'Country / city', color: '#b5651d' },
  LOC: { name: 'Location', color: '#6b7f1e' },
  NORP: { name: 'Nationality / group', color: '#c2417a' },
};

// Speaker palette: distinguishable on white, none of them the quad colours' exact hue.
const PALETTE = [
  '#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#e377c2', '#8c564b', '#17becf', '#bcbd22',
  '#ff7f0e', '#393b79', '#637939', '#ad494a', '#7b4173', '#3182bd', '#e6550d', '#31a354',
  '#756bb1', '#636363',
];

function hash(s) {
  let x = 2166136261;
  for (let i = 0; i < s.length; i++) {
    x ^= s.charCodeAt(i);
    x = Math.imul(x, 16777619);
  }
  return x >>> 0;
}

/**
 * A colour per speaker name: stable across pages (hash of the name), and
 * distinct within one article (assign() walks the palette on collisions).
 */
export class SpeakerColors {
  constructor() {
    this.map = new Map();
    this.used = new Set();
  }
  assign(name) {
    const key = name || '';
    if (this.map.has(key)) return this.map.get(key);
    if (!name) {
      this.map.set(key, '#8a8f98');
      return '#8a8f98';
    }
    let i = hash(name) % PALETTE.length;
    for (let n = 0; n < PALETTE.length && this.used.has(PALETTE[i]); n++) i = (i + 1) % PALETTE.length;
    const c = PALETTE[i];
    this.used.add(c);
    this.map.set(key, c);
    return c;
  }
}

export function speakerColor(name) {
  if (!name) return '#8a8f98';
  return PALETTE[hash(name) % PALETTE.length];
}
