//! Synthetic articles and events for benchmarks and load tests (not part
//! of the stable API).
//!
//! [`fill`] ingests generated articles (four events each, realistic actor
//! codes with a skewed frequency, 3 years of dates from 2022-01-01, 60
//! outlets) through the normal [`Store::ingest`] path until the store
//! holds at least `n` deduplicated events.

use dyad_core::{Actor, Document, Event, Meta, Modality, Participant, Sentence, Span};

use crate::{BatchReport, IngestOptions, Store, StoreError, dates};

/// SplitMix64: a small deterministic generator (no dependency).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    /// Skewed towards small indices in `0..n` (roughly Zipf-like).
    pub fn skewed(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        a.min(b).min(self.below(n))
    }
}

/// (code, country, sector, name)
pub const ACTORS: &[(&str, &str, &str, &str)] = &[
    ("USAGOV", "USA", "GOV", "United States government"),
    ("RUSGOV", "RUS", "GOV", "Russian government"),
    ("UKRGOV", "UKR", "GOV", "Ukrainian government"),
    ("CHNGOV", "CHN", "GOV", "Chinese government"),
    ("USA", "USA", "", "United States"),
    ("RUS", "RUS", "", "Russia"),
    ("UKR", "UKR", "", "Ukraine"),
    ("RUSMIL", "RUS", "MIL", "Russian military"),
    ("UKRMIL", "UKR", "MIL", "Ukrainian military"),
    ("ISRGOV", "ISR", "GOV", "Israeli government"),
    ("ISRMIL", "ISR", "MIL", "Israel Defense Forces"),
    ("PSE", "PSE", "", "Palestine"),
    ("IRNGOV", "IRN", "GOV", "Iranian government"),
    ("GBRGOV", "GBR", "GOV", "British government"),
    ("FRAGOV", "FRA", "GOV", "French government"),
    ("DEUGOV", "DEU", "GOV", "German government"),
    ("IGOEUREEC", "IGO", "", "European Union"),
    ("IGOUNO", "UNO", "", "United Nations"),
    ("TURGOV", "TUR", "GOV", "Turkish government"),
    ("INDGOV", "IND", "GOV", "Indian government"),
    ("PAKGOV", "PAK", "GOV", "Pakistani government"),
    ("PRKGOV", "PRK", "GOV", "North Korean government"),
    ("KORGOV", "KOR", "GOV", "South Korean government"),
    ("JPNGOV", "JPN", "GOV", "Japanese government"),
    ("SYRGOV", "SYR", "GOV", "Syrian government"),
    ("SAUGOV", "SAU", "GOV", "Saudi government"),
    ("EGYGOV", "EGY", "GOV", "Egyptian government"),
    ("USAMIL", "USA", "MIL", "US military"),
    ("CHNMIL", "CHN", "MIL", "Chinese military"),
    ("USALEG", "USA", "LEG", "US Congress"),
    ("RUSOPP", "RUS", "OPP", "Russian opposition"),
    ("IRQGOV", "IRQ", "GOV", "Iraqi government"),
    ("VENGOV", "VEN", "GOV", "Venezuelan government"),
    ("BRAGOV", "BRA", "GOV", "Brazilian government"),
    ("NGAGOV", "NGA", "GOV", "Nigerian government"),
    ("ZAFGOV", "ZAF", "GOV", "South African government"),
    ("POLGOV", "POL", "GOV", "Polish government"),
    ("BLRGOV", "BLR", "GOV", "Belarusian government"),
    ("AFGREB", "AFG", "REB", "Taliban"),
    ("LBNREB", "LBN", "REB", "Hezbollah"),
];

/// (code, quad class, goldstein, verb, PLOVER type)
pub const CODES: &[(&str, u8, f32, &str, &str)] = &[
    ("010", 1, 0.0, "commented on", "COOPERATE"),
    ("020", 1, 3.0, "appealed to", "REQUEST"),
    ("036", 1, 4.0, "expressed intent to meet", "CONSULT"),
    ("040", 1, 1.0, "consulted", "CONSULT"),
    ("042", 1, 1.9, "visited", "CONSULT"),
    ("043", 1, 2.8, "hosted", "CONSULT"),
    ("051", 1, 3.4, "praised", "COOPERATE"),
    ("057", 1, 8.0, "signed an agreement with", "AGREE"),
    ("061", 2, 6.4, "cooperated economically with", "COOPERATE"),
    ("071", 2, 7.4, "gave economic aid to", "AID"),
    ("090", 3, -2.0, "investigated", "INVESTIGATE"),
    ("111", 3, -2.0, "criticized", "DISAPPROVE"),
    ("112", 3, -2.0, "accused", "DISAPPROVE"),
    ("120", 3, -4.0, "rejected", "REJECT"),
    ("130", 3, -4.4, "threatened", "THREATEN"),
    (
        "138",
        3,
        -7.0,
        "threatened military force against",
        "THREATEN",
    ),
    ("141", 3, -6.5, "protested against", "PROTEST"),
    ("163", 4, -8.0, "imposed an embargo on", "SANCTION"),
    ("172", 4, -5.0, "imposed sanctions on", "SANCTION"),
    ("173", 4, -5.0, "arrested", "COERCE"),
    ("190", 4, -10.0, "used conventional force against", "FIGHT"),
    ("193", 4, -10.0, "fought", "FIGHT"),
    ("195", 4, -10.0, "bombed", "FIGHT"),
];

/// Countries for the stated place (and `None` more often than not).
const PLACES: &[(&str, &str)] = &[
    ("Kyiv", "UKR"),
    ("Moscow", "RUS"),
    ("Washington", "USA"),
    ("Beijing", "CHN"),
    ("Gaza", "PSE"),
    ("Geneva", "CHE"),
    ("Brussels", "BEL"),
];

/// Days in the synthetic period (3 years from 2022-01-01).
pub const DAYS: usize = 3 * 365;

fn actor(i: usize) -> Actor {
    let (code, country, sector, name) = ACTORS[i];
    Actor {
        code: code.into(),
        country: Some(country.into()),
        sector: (!sector.is_empty()).then(|| sector.into()),
        sector2: None,
        name: Some(name.into()),
        role: None,
        rule: "synthetic".into(),
    }
}

/// One synthetic article with `events` events, one per sentence.
pub fn document(rng: &mut Rng, serial: u64, events: usize) -> Document {
    let start = dates::to_days("2022-01-01").unwrap_or(0);
    let day = dates::from_days(start + rng.below(DAYS) as i64);
    let outlet = rng.skewed(60);
    let mut text = String::new();
    let mut doc = Document::default();
    for k in 0..events {
        let s = rng.skewed(ACTORS.len());
        let mut t = rng.skewed(ACTORS.len());
        if t == s {
            t = (t + 1) % ACTORS.len();
        }
        let (code, quad, gold, verb, plover) = CODES[rng.below(CODES.len())];
        let place = (rng.below(3) == 0).then(|| PLACES[rng.below(PLACES.len())]);
        if !text.is_empty() {
            text.push(' ');
        }
        let s0 = text.len();
        let src_name = ACTORS[s].3;
        text.push_str(src_name);
        let src = Span::from_usize(s0, text.len());
        text.push(' ');
        let v0 = text.len();
        text.push_str(verb);
        let trig = Span::from_usize(v0, text.len());
        text.push(' ');
        let t0 = text.len();
        text.push_str(ACTORS[t].3);
        let tgt = Span::from_usize(t0, text.len());
        let location = place.map(|(name, country)| {
            text.push_str(" in ");
            let p0 = text.len();
            text.push_str(name);
            (Span::from_usize(p0, text.len()), Some(country.to_owned()))
        });
        text.push_str(&format!(" (report {serial}-{k})."));
        doc.sentences.push(Sentence {
            span: Span::from_usize(s0, text.len()),
            paragraph: 0,
            tokens: 0..0,
        });
        let part = |span, i| Participant {
            span,
            head: 0,
            entity: None,
            actor: Some(actor(i)),
        };
        doc.events.push(Event {
            code: code.into(),
            root: code[..2].into(),
            quad_class: quad,
            goldstein: gold,
            plover_event: Some(plover.into()),
            plover_mode: None,
            source: Some(part(src, s)),
            target: Some(part(tgt, t)),
            participants: Vec::new(),
            trigger: trig,
            lemma: verb.split(' ').next().unwrap_or(verb).into(),
            sentence: k as u32,
            negated: false,
            modality: Modality::Asserted,
            location,
            date: None,
            rule: "synthetic".into(),
            confidence: 0.9,
        });
    }
    doc.paragraphs.push(Span::from_usize(0, text.len()));
    doc.meta = Meta {
        id: format!("synthetic-{serial}"),
        date: Some(day),
        url: Some(format!("https://outlet{outlet}.example/{serial}")),
        ..Meta::default()
    };
    doc.text = text;
    doc
}

/// Ingest synthetic articles (batches of 2,000, four events each) until
/// the store holds at least `n` events. Returns the summed batch reports.
pub fn fill(store: &mut dyn Store, n: u64, seed: u64) -> Result<BatchReport, StoreError> {
    let mut rng = Rng::new(seed);
    let mut total = BatchReport::default();
    let mut serial = store.counts()?.articles as u64;
    let opts = IngestOptions::default();
    let mut have = store.counts()?.events as u64;
    loop {
        if have >= n {
            return Ok(total);
        }
        let want_docs = ((n - have).div_ceil(4)).clamp(1, 2_000);
        let docs: Vec<Document> = (0..want_docs)
            .map(|_| {
                serial += 1;
                document(&mut rng, serial, 4)
            })
            .collect();
        let report = store.ingest(&docs, &opts)?;
        have += report.events_new;
        total.add(&report);
    }
}
