//! Hand-built documents for the store tests (no NLP pipeline).
#![allow(dead_code, clippy::unwrap_used)]

use dyad_core::{
    Actor, Condition, Cue, Document, Entity, EntityLabel, Event, EvidenceKind, Issue, Meta,
    Modality, Negotiation, Participant, Party, Polarity, Quote, QuoteKind, Sentence, Span, Speaker,
    Stance, StanceEvidence,
};

pub(crate) fn actor(code: &str, name: &str) -> Actor {
    Actor {
        code: code.into(),
        country: code.get(..3).map(str::to_owned),
        sector: code.get(3..6).filter(|s| !s.is_empty()).map(str::to_owned),
        sector2: None,
        name: Some(name.into()),
        role: None,
        rule: "test".into(),
    }
}

/// One side of an event: the words in the sentence and the resolved code.
#[derive(Clone, Copy)]
pub(crate) struct Side<'a> {
    pub(crate) words: &'a str,
    pub(crate) code: Option<&'a str>,
    pub(crate) name: Option<&'a str>,
}

pub(crate) fn side<'a>(words: &'a str, code: &'a str) -> Option<Side<'a>> {
    Some(Side {
        words,
        code: Some(code),
        name: None,
    })
}

pub(crate) fn unknown(words: &str) -> Option<Side<'_>> {
    Some(Side {
        words,
        code: None,
        name: None,
    })
}

#[derive(Clone, Copy)]
pub(crate) struct Ev<'a> {
    pub(crate) code: &'a str,
    pub(crate) source: Option<Side<'a>>,
    pub(crate) target: Option<Side<'a>>,
    pub(crate) trigger: &'a str,
    pub(crate) negated: bool,
    pub(crate) modality: Modality,
    pub(crate) location: Option<(&'a str, Option<&'a str>)>,
    pub(crate) date: Option<&'a str>,
}

impl<'a> Ev<'a> {
    pub(crate) fn new(
        code: &'a str,
        source: Option<Side<'a>>,
        trigger: &'a str,
        target: Option<Side<'a>>,
    ) -> Self {
        Self {
            code,
            source,
            target,
            trigger,
            negated: false,
            modality: Modality::Asserted,
            location: None,
            date: None,
        }
    }
    pub(crate) fn at(mut self, place: &'a str, country: Option<&'a str>) -> Self {
        self.location = Some((place, country));
        self
    }
    pub(crate) fn negated(mut self) -> Self {
        self.negated = true;
        self
    }
    pub(crate) fn modality(mut self, m: Modality) -> Self {
        self.modality = m;
        self
    }
    pub(crate) fn on(mut self, date: &'a str) -> Self {
        self.date = Some(date);
        self
    }
}

pub(crate) struct Doc {
    pub(crate) doc: Document,
}

impl Doc {
    pub(crate) fn new(
        id: &str,
        date: Option<&str>,
        source: Option<&str>,
        url: Option<&str>,
    ) -> Self {
        let doc = Document {
            meta: Meta {
                id: id.into(),
                date: date.map(str::to_owned),
                source: source.map(str::to_owned),
                url: url.map(str::to_owned),
                title: Some(format!("Title of {id}")),
                ..Meta::default()
            },
            ..Document::default()
        };
        Self { doc }
    }

    /// Append a sentence; returns its index.
    pub(crate) fn sentence(&mut self, text: &str) -> u32 {
        if !self.doc.text.is_empty() {
            self.doc.text.push(' ');
        }
        let start = self.doc.text.len();
        self.doc.text.push_str(text);
        let span = Span::from_usize(start, self.doc.text.len());
        self.doc.paragraphs = vec![Span::from_usize(0, self.doc.text.len())];
        self.doc.sentences.push(Sentence {
            span,
            paragraph: 0,
            tokens: 0..0,
        });
        (self.doc.sentences.len() - 1) as u32
    }

    /// The span of `needle` inside sentence `s` (first occurrence).
    pub(crate) fn find(&self, s: u32, needle: &str) -> Span {
        let sent = self.doc.sentences[s as usize].span;
        let at = self.doc.text[sent.range()]
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in sentence {s}"));
        Span::from_usize(
            sent.start as usize + at,
            sent.start as usize + at + needle.len(),
        )
    }

    pub(crate) fn entity(&mut self, name: &str, label: EntityLabel, actor: Option<Actor>) -> u32 {
        self.doc.entities.push(Entity {
            label,
            name: name.into(),
            mentions: vec![],
            gender: None,
            number: None,
            actor,
        });
        (self.doc.entities.len() - 1) as u32
    }

    pub(crate) fn quote(
        &mut self,
        s: u32,
        quoted: &str,
        cue: Option<&str>,
        speaker: Option<(&str, Option<u32>)>,
        kind: QuoteKind,
    ) {
        let span = self.find(s, quoted);
        let cue = cue.map(|c| Cue {
            span: self.find(s, c),
            lemma: c.trim_end_matches('d').into(),
        });
        let speaker = speaker.map(|(name, entity)| Speaker {
            mention: None,
            entity,
            name: name.into(),
            title: None,
        });
        self.doc.quotes.push(Quote {
            kind,
            span,
            cue,
            speaker,
            confidence: 0.75,
            sentence: s,
            rule: "quote/test",
        });
    }

    pub(crate) fn event(&mut self, s: u32, e: &Ev<'_>) {
        let part = |me: &Self, side: Option<Side<'_>>| {
            side.map(|sd| Participant {
                span: me.find(s, sd.words),
                head: 0,
                entity: None,
                actor: sd.code.map(|c| actor(c, sd.name.unwrap_or(sd.words))),
            })
        };
        let event = Event {
            code: e.code.into(),
            root: e.code[..2].into(),
            quad_class: match &e.code[..2] {
                "01" | "02" | "03" | "04" | "05" => 1,
                "06" | "07" | "08" => 2,
                "09" | "10" | "11" | "12" | "13" | "14" | "15" | "16" => 3,
                _ => 4,
            },
            goldstein: -2.5,
            plover_event: Some(
                if e.code.starts_with("04") {
                    "CONSULT"
                } else {
                    "OTHER"
                }
                .into(),
            ),
            plover_mode: None,
            source: part(self, e.source),
            target: part(self, e.target),
            participants: vec![],
            trigger: self.find(s, e.trigger),
            lemma: e.trigger.to_lowercase(),
            sentence: s,
            negated: e.negated,
            modality: e.modality,
            location: e
                .location
                .map(|(p, c)| (self.find(s, p), c.map(str::to_owned))),
            date: e.date.map(str::to_owned),
            rule: "test/rule".into(),
            confidence: 0.5,
        };
        self.doc.events.push(event);
    }

    /// The issue `id` (added on first use); returns its index.
    pub(crate) fn issue(&mut self, id: &str, label: &str) -> u32 {
        if let Some(i) = self.doc.issues.iter().position(|x| x.id == id) {
            return i as u32;
        }
        self.doc.issues.push(Issue {
            id: id.into(),
            label: label.into(),
            source: "lexicon",
            mentions: vec![],
        });
        (self.doc.issues.len() - 1) as u32
    }

    /// A stance in sentence `s`: `holder` (with actor `code`, if any) on
    /// `issue`, statement `words`, cue `cue`, polarity words `pol`
    /// (a `not` in them is a negation).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn stance(
        &mut self,
        s: u32,
        holder: &str,
        code: Option<&str>,
        issue: (&str, &str),
        polarity: Polarity,
        strength: f32,
        words: &str,
        cue: Option<&str>,
        pol: &[&str],
    ) -> u32 {
        let issue = self.issue(issue.0, issue.1);
        let mut evidence: Vec<StanceEvidence> = pol
            .iter()
            .map(|w| StanceEvidence {
                kind: if *w == "not" {
                    EvidenceKind::Negation
                } else {
                    EvidenceKind::Polarity
                },
                span: self.find(s, w),
                entry: None,
            })
            .collect();
        evidence.push(StanceEvidence {
            kind: EvidenceKind::Issue,
            span: self.find(s, words),
            entry: None,
        });
        self.doc.stances.push(Stance {
            holder: holder.into(),
            entity: None,
            actor: code.map(|c| actor(c, holder)),
            issue,
            polarity,
            strength,
            span: self.find(s, words),
            sentence: s,
            quote: None,
            cue: cue.map(|c| self.find(s, c)),
            evidence,
            rule: "stance/test",
        });
        (self.doc.stances.len() - 1) as u32
    }

    /// A sentence holding one event.
    pub(crate) fn report(mut self, text: &str, e: Ev<'_>) -> Self {
        let s = self.sentence(text);
        self.event(s, &e);
        self
    }

    pub(crate) fn done(self) -> Document {
        self.doc
    }
}

// ------------------------------------------------------------ corpora

pub(crate) fn simple(id: &str, date: &str, text: &str) -> Document {
    Doc::new(id, Some(date), Some(&format!("{id}.example")), None)
        .report(
            text,
            Ev::new(
                "111",
                side("Russia", "RUS"),
                "criticized",
                side("Ukraine", "UKR"),
            ),
        )
        .done()
}

/// Reports of one main event (A1-A4), distinct events that must not merge
/// with it (A5-A10), and unresolved sources (A11, A12).
pub(crate) fn dedup_corpus() -> Vec<Document> {
    let crit = |w: &'static str| Ev::new("111", side("Russia", "RUS"), w, side("Ukraine", "UKR"));
    vec![
        // The main event: A1, A2, A3 and twice A4.
        Doc::new(
            "A1",
            Some("2024-03-10"),
            Some("Reuters.com"),
            Some("https://www.reuters.com/1"),
        )
        .report(
            "Russia criticized Ukraine in Kyiv.",
            crit("criticized").at("Kyiv", Some("UKR")),
        )
        .done(),
        Doc::new(
            "A2",
            Some("2024-03-11T08:00:00Z"),
            None,
            Some("https://www.bbc.co.uk/news/1"),
        )
        .report(
            "Russia condemned Ukraine, officials said.",
            Ev::new(
                "112",
                side("Russia", "RUS"),
                "condemned",
                side("Ukraine", "UKR"),
            ),
        )
        .done(),
        Doc::new("A3", Some("2024-03-09"), Some("reuters.com"), None)
            .report(
                "Russia criticized Ukraine in Kyiv late on Saturday.",
                crit("criticized").at("Kyiv", Some("UKR")),
            )
            .done(),
        Doc::new("A4", Some("2024-03-10"), None, None)
            .report("Russia criticized Ukraine.", crit("criticized"))
            .report(
                "Later, Russia criticized Ukraine again.",
                crit("criticized"),
            )
            .done(),
        // Distinct events.
        Doc::new("A5", Some("2024-03-13"), Some("x.com"), None)
            .report(
                "Three days on, Russia criticized Ukraine.",
                crit("criticized"),
            )
            .done(),
        Doc::new("A6", Some("2024-03-10"), Some("x.com"), None)
            .report(
                "Russia did not criticize Ukraine.",
                crit("criticize").negated(),
            )
            .done(),
        Doc::new("A7", Some("2024-03-10"), Some("x.com"), None)
            .report(
                "Russia criticized Ukraine in Geneva.",
                crit("criticized").at("Geneva", Some("CHE")),
            )
            .done(),
        Doc::new("A8", Some("2024-03-10"), Some("x.com"), None)
            .report(
                "Ukraine criticized Russia.",
                Ev::new(
                    "111",
                    side("Ukraine", "UKR"),
                    "criticized",
                    side("Russia", "RUS"),
                ),
            )
            .done(),
        Doc::new("A9", Some("2024-03-10"), Some("x.com"), None)
            .report(
                "Russia attacked Ukraine.",
                Ev::new(
                    "190",
                    side("Russia", "RUS"),
                    "attacked",
                    side("Ukraine", "UKR"),
                ),
            )
            .done(),
        Doc::new("A10", Some("2024-03-10"), Some("x.com"), None)
            .report(
                "Russia will criticize Ukraine.",
                crit("criticize").modality(Modality::Intent),
            )
            .done(),
        // Unknown source: merges within its article only.
        Doc::new("A11", Some("2024-03-10"), Some("y.com"), None)
            .report(
                "Protesters criticized Ukraine.",
                Ev::new(
                    "111",
                    unknown("Protesters"),
                    "criticized",
                    side("Ukraine", "UKR"),
                ),
            )
            .report(
                "The protesters criticized Ukraine loudly.",
                Ev::new(
                    "111",
                    unknown("protesters"),
                    "criticized",
                    side("Ukraine", "UKR"),
                ),
            )
            .done(),
        Doc::new("A12", Some("2024-03-10"), Some("z.com"), None)
            .report(
                "Protesters criticized Ukraine, witnesses said.",
                Ev::new(
                    "111",
                    unknown("Protesters"),
                    "criticized",
                    side("Ukraine", "UKR"),
                ),
            )
            .done(),
    ]
}

pub(crate) fn filter_corpus() -> Vec<Document> {
    let mut f4 = Doc::new("F4", Some("2024-02-11"), Some("d.com"), None);
    let s = f4.sentence("Sergei Lavrov criticized NATO.");
    let mut ev = Ev::new(
        "111",
        side("Sergei Lavrov", "RUSGOV"),
        "criticized",
        side("NATO", "IGOWSTNAT"),
    );
    ev.source = Some(Side {
        words: "Sergei Lavrov",
        code: Some("RUSGOV"),
        name: Some("Sergei Lavrov"),
    });
    f4.event(s, &ev);
    vec![
        Doc::new("F1", Some("2024-01-05"), Some("a.com"), None)
            .report(
                "The Russian government accused Ukraine.",
                Ev::new(
                    "112",
                    side("Russian government", "RUSGOV"),
                    "accused",
                    side("Ukraine", "UKR"),
                ),
            )
            .done(),
        Doc::new("F2", Some("2024-01-20"), Some("b.com"), None)
            .report(
                "Ukraine met Russia.",
                Ev::new("040", side("Ukraine", "UKR"), "met", side("Russia", "RUS")),
            )
            .done(),
        Doc::new("F3", Some("2024-02-10"), Some("c.com"), None)
            .report(
                "The US military attacked Iraq.",
                Ev::new(
                    "190",
                    side("US military", "USAMIL"),
                    "attacked",
                    side("Iraq", "IRQ"),
                ),
            )
            .done(),
        f4.done(),
        Doc::new("F5", Some("2024-03-01"), Some("e.com"), None)
            .report(
                "China did not threaten Japan.",
                Ev::new(
                    "130",
                    side("China", "CHN"),
                    "threaten",
                    side("Japan", "JPN"),
                )
                .negated(),
            )
            .done(),
        Doc::new("F6", Some("2024-03-02"), Some("f.com"), None)
            .report(
                "Protesters will block the road.",
                Ev::new("141", unknown("Protesters"), "block", None).modality(Modality::Intent),
            )
            .done(),
    ]
}

pub(crate) fn quote_corpus() -> Vec<Document> {
    let mut q1 = Doc::new(
        "Q1",
        Some("2024-01-05"),
        Some("a.com"),
        Some("https://a.com/q1"),
    );
    let lavrov = q1.entity(
        "Sergei Lavrov",
        EntityLabel::Person,
        Some(actor("RUSGOV", "Sergei Lavrov")),
    );
    let blinken = q1.entity(
        "Antony Blinken",
        EntityLabel::Person,
        Some(actor("USAGOV", "Antony Blinken")),
    );
    let s0 = q1.sentence("“We will not back down,” Sergei Lavrov said.");
    q1.quote(
        s0,
        "We will not back down",
        Some("said"),
        Some(("Sergei Lavrov", Some(lavrov))),
        QuoteKind::Direct,
    );
    let s1 = q1.sentence("Blinken said the talks were productive.");
    q1.quote(
        s1,
        "the talks were productive",
        Some("said"),
        Some(("Antony Blinken", Some(blinken))),
        QuoteKind::Indirect,
    );
    let mut q2 = Doc::new("Q2", Some("2024-02-10"), Some("b.com"), None);
    let s0 = q2.sentence("“Peace is possible,” a spokesman said.");
    q2.quote(
        s0,
        "Peace is possible",
        Some("said"),
        Some(("a spokesman", None)),
        QuoteKind::Direct,
    );
    let s1 = q2.sentence("“Nobody knows” what comes next.");
    q2.quote(s1, "Nobody knows", None, None, QuoteKind::Partial);
    vec![q1.done(), q2.done()]
}

pub(crate) const TROOPS: (&str, &str) = ("troops-in-ukraine", "Foreign troops in Ukraine");
pub(crate) const NATO: (&str, &str) = ("nato-membership-ukraine", "Ukraine in NATO");

/// Two articles with stances on two issues, and one negotiation.
pub(crate) fn stance_corpus() -> Vec<Document> {
    use Polarity::{Neutral, Oppose, Support};
    let mut a = Doc::new("S1", Some("2025-02-18"), Some("a.com"), None);
    let s0 = a.sentence("In Zürich — Starmer said he would contemplate sending troops.");
    a.stance(
        s0,
        "Keir Starmer",
        Some("GBRGOV"),
        TROOPS,
        Support,
        0.24,
        "he would contemplate sending troops",
        Some("said"),
        &["would", "contemplate"],
    );
    let s1 = a.sentence("Tusk ruled out sending troops.");
    a.stance(
        s1,
        "Donald Tusk",
        Some("POLGOV"),
        TROOPS,
        Oppose,
        0.9,
        "sending troops",
        Some("ruled out"),
        &["ruled out"],
    );
    let s2 = a.sentence("Scholz said deployments were entirely premature.");
    a.stance(
        s2,
        "Olaf Scholz",
        Some("DEUGOV"),
        TROOPS,
        Neutral,
        0.6,
        "deployments were entirely premature",
        Some("said"),
        &["premature"],
    );
    let s3 = a.sentence("An official said they will not accept troops.");
    let red = a.stance(
        s3,
        "an official",
        None,
        TROOPS,
        Oppose,
        0.5,
        "they will not accept troops",
        Some("said"),
        &["not", "accept"],
    );
    let s4 = a.sentence("Lavrov and Rubio met in Riyadh without Ukraine.");
    a.event(
        s4,
        &Ev::new(
            "043",
            side("Lavrov", "RUSGOV"),
            "met",
            side("Rubio", "USAGOV"),
        ),
    );
    let party = |d: &Doc, w: &str, code: &str| Party {
        name: w.into(),
        actor: Some(actor(code, w)),
        span: d.find(s4, w),
        sentence: s4,
    };
    let neg = Negotiation {
        events: vec![0],
        place: Some(a.find(s4, "Riyadh")),
        present: vec![party(&a, "Lavrov", "RUSGOV"), party(&a, "Rubio", "USAGOV")],
        excluded: vec![party(&a, "Ukraine", "UKR")],
        red_lines: vec![red],
        preconditions: vec![Condition {
            holder: "Donald Tusk".into(),
            actor: Some(actor("POLGOV", "Donald Tusk")),
            span: a.find(s1, "sending troops"),
            cue: a.find(s1, "ruled out"),
            sentence: s1,
        }],
        agreements: vec![],
    };
    a.doc.negotiations.push(neg);

    let mut b = Doc::new("S2", Some("2025-02-20"), Some("b.com"), None);
    let s0 = b.sentence("Starmer said he fully supports sending troops.");
    b.stance(
        s0,
        "Keir Starmer",
        Some("GBRGOV"),
        TROOPS,
        Support,
        0.8,
        "he fully supports sending troops",
        Some("said"),
        &["fully supports"],
    );
    let s1 = b.sentence("Lavrov called troops absolutely intolerable and NATO a danger.");
    b.stance(
        s1,
        "Sergei Lavrov",
        Some("RUSGOV"),
        TROOPS,
        Oppose,
        0.95,
        "troops absolutely intolerable",
        Some("called"),
        &["intolerable"],
    );
    b.stance(
        s1,
        "Sergei Lavrov",
        Some("RUSGOV"),
        NATO,
        Oppose,
        0.7,
        "NATO a danger",
        Some("called"),
        &["danger"],
    );
    let s2 = b.sentence("Scholz said he would support it, though it was premature.");
    b.stance(
        s2,
        "Olaf Scholz",
        Some("DEUGOV"),
        TROOPS,
        Support,
        0.5,
        "he would support it",
        Some("said"),
        &["support"],
    );
    b.stance(
        s2,
        "Olaf Scholz",
        Some("DEUGOV"),
        TROOPS,
        Neutral,
        0.6,
        "it was premature",
        Some("said"),
        &["premature"],
    );
    let s3 = b.sentence("Macron said it might help.");
    b.stance(
        s3,
        "Emmanuel Macron",
        Some("FRAGOV"),
        TROOPS,
        Support,
        0.1,
        "it might help",
        Some("said"),
        &["help"],
    );
    vec![a.done(), b.done()]
}
