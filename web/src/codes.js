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

// Stances: polarity colours (heatmap cells, badges).
export const POLARITY = {
  support: { name: 'support', color: '#2e9e4f', rgb: [46, 158, 79] },
  oppose: { name: 'oppose', color: '#d23b33', rgb: [210, 59, 51] },
  neutral: { name: 'neutral', color: '#b7862a', rgb: [183, 134, 42] },
};

export function polarityOf(p) {
  return POLARITY[p] ? p : 'neutral';
}

// Country names for the CAMEO country prefixes most likely in news about diplomacy.
const COUNTRIES = {
  AFG: 'Afghanistan', ARM: 'Armenia', AUS: 'Australia', AUT: 'Austria', AZE: 'Azerbaijan', BEL: 'Belgium', BLR: 'Belarus',
  BRA: 'Brazil', CAN: 'Canada', CHE: 'Switzerland', CHN: 'China', CZE: 'Czechia', DEU: 'Germany', DNK: 'Denmark',
  EGY: 'Egypt', ESP: 'Spain', EST: 'Estonia', EUR: 'Europe', FIN: 'Finland', FRA: 'France', GBR: 'United Kingdom',
  GEO: 'Georgia', GRC: 'Greece', HUN: 'Hungary', IND: 'India', IRN: 'Iran', IRQ: 'Iraq', ISR: 'Israel', ITA: 'Italy',
  JOR: 'Jordan', JPN: 'Japan', KAZ: 'Kazakhstan', KOR: 'South Korea', LBN: 'Lebanon', LTU: 'Lithuania', LVA: 'Latvia',
  MDA: 'Moldova', NLD: 'Netherlands', NOR: 'Norway', PAK: 'Pakistan', PRK: 'North Korea', PSE: 'Palestine', POL: 'Poland',
  QAT: 'Qatar', ROU: 'Romania', RUS: 'Russia', SAU: 'Saudi Arabia', SVK: 'Slovakia', SWE: 'Sweden', SYR: 'Syria',
  TUR: 'Turkey', TWN: 'Taiwan', UKR: 'Ukraine', ARE: 'United Arab Emirates', USA: 'United States', WST: 'the West',
};
const SECTORS = { GOV: 'government', MIL: 'military', CVL: 'civilians', BUS: 'business', MED: 'media', OPP: 'opposition', LEG: 'legislature', JUD: 'judiciary', REB: 'rebels', COP: 'police' };

/** "Russia" for RUS, "Russia government" for RUSGOV, else null (unknown prefix or a holder name). */
export function actorName(code) {
  if (typeof code !== 'string' || !/^[A-Z]{3}(?:[A-Z]{3})*$/.test(code)) return null;
  const c = COUNTRIES[code.slice(0, 3)];
  if (!c) return null;
  const sec = code.length === 6 ? SECTORS[code.slice(3)] : null;
  return sec ? `${c} ${sec}` : c;
}
