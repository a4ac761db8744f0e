//! Phrase-to-actor resolution.
//!
//! A phrase is normalised (see [`crate::norm`]) and scanned left to right;
//! at each token the longest key of the knowledge base starting there is
//! taken (a hash look-up per candidate length, no allocation). Each match
//! is one *item*: a person, an organisation, a country or demonym, a
//! metonym, a role word, a modifier (`former`) or a surname. The first
//! preposition or punctuation mark outside any item (`of`, `to`, `in`, `,`)
//! ends the phrase's *core* (its head noun phrase): `Russia's ambassador |
//! to Poland`, `Canadian Ambassador | to the United Nations`.
//!
//! The rules, in order (each result's `rule` names the one that fired):
//!
//! 1. **Person** (`kb/person`, `kb/surname`): a full name or alias of a
//!    known person (in the core, or anywhere when the core has no role
//!    word) wins. Their office on the date gives country and sector. Out of
//!    office after their last office: sector `ELI` (`kb/person-former`),
//!    unless the phrase gives a current title (`kb/person+title`). Before
//!    their first office: the phrase's title, else the country alone
//!    (`kb/person-before-office`). A bare surname is used only when
//!    unambiguous on the date: the one person with that surname in office
//!    then, or the only person with that surname at all.
//! 2. **Organisation** in the core (`kb/org`): its code, country and
//!    sector. A role word after it (`CIA official`, `EU legislators`)
//!    gives the sector (`kb/org+role`) unless it is generic for a member
//!    of the organisation (sector `GOV`, `UAF`, `CVL` or `REB`, or a body
//!    word: `Boko Haram gunmen`, `the FDLR force` keep the organisation's
//!    sector). A nationality in the core (`Russian UN envoy`) gives the
//!    country of a role under an international organisation. A modifier
//!    (`former CIA official`) makes it `ELI`.
//! 3. **Role** (`role+country`, `role`): the longest role phrase anywhere
//!    in the phrase (core first on ties) gives the sector; a modifier
//!    before it (`former`, `ex-`, `retired`, `late`) makes it `ELI`
//!    (`modifier+role`). The country comes from a country name, demonym or
//!    metonym in the core, else elsewhere in the phrase (an organisation's
//!    country counts there: `president of the European Council`), else
//!    from `context`.
//! 4. **Organisation outside the core** with no role word (`members of
//!    SANDF`): the organisation (`kb/org`).
//! 5. **Plural demonym** heading the phrase: qualified (`ordinary
//!    Kazakhs`, `two Russians`), the country's civilians, sector `CVL`;
//!    alone (`the Palestinians`), the country (`demonym-plural`).
//! 6. **Metonym** in the core (`the Kremlin`, `Moscow`, `Washington`): its
//!    country and sector (`kb/metonym`).
//! 7. **Country** named anywhere (`Kazakhstan`, `targets in Syria`): the
//!    country with no sector (`kb/country`).
//! 8. Otherwise nothing (`a cat named Frank`, `Frank`): `None`.
//!
//! Codes: country + sector (`RUSGOV`); an organisation's own code when its
//! own sector is used; the sector alone when the country is unknown
//! (`GOV`); the country alone when there is no sector (`KAZ`).

use dyad_core::Actor;

use crate::date::Date;
use crate::kb::{Entry, Hit, KnowledgeBase, Standing};
use crate::norm::{Analysed, Tok, TokKind};

/// Words that end a phrase's core when they stand outside a dictionary
/// match.
const BOUNDARIES: &[&str] = &[
    "of", "to", "in", "at", "for", "from", "on", "with", "by", "against", "across", "near", "over",
    "under", "who", "which", "that", "after", "before", "during", "among", "between", "inside",
    "outside", "within", "into", "via", "whose", "and", "or",
];

/// Capitalised words that are not part of a name (determiners, honorifics).
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "dame",
    "prof",
    "lord",
    "lady",
    "sen",
    "rep",
    "gov",
    "gen",
    "lt",
    "col",
    "maj",
    "capt",
    "sgt",
    "adm",
    "according",
    "said",
    "says",
    "in",
    "on",
    "at",
    "by",
    "and",
    "but",
    "when",
    "while",
    "as",
    "after",
    "before",
    "if",
];

/// Suffixes of hyphenated words whose first part is a place
/// (`Somalia-based`, `Iran-backed`).
const PLACE_SUFFIXES: &[&str] = &[
    "based",
    "led",
    "backed",
    "born",
    "owned",
    "run",
    "allied",
    "aligned",
    "funded",
    "controlled",
    "sponsored",
    "affiliated",
    "linked",
    "supported",
    "made",
];

/// What one matched item is, after choosing among its entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Person(u32),
    Org(u32),
    Country {
        id: u32,
        plural: bool,
        adjective: bool,
    },
    Metonym(u32),
    Role(u32),
    Modifier(u32),
    Surname(u32),
}

/// One dictionary match: tokens `start..end`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Item {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) kind: Kind,
    /// In the phrase's core.
    pub(crate) core: bool,
}

impl Item {
    fn len(&self) -> usize {
        self.end - self.start
    }
}

/// A scanned phrase.
#[derive(Debug)]
pub(crate) struct Scan {
    pub(crate) a: Analysed,
    pub(crate) items: Vec<Item>,
}

#[inline]
fn case_ok(e: &Entry, toks: &[Tok]) -> bool {
    match e.caps {
        1 if toks.iter().all(|t| t.lower) => return false,
        2 if !toks.iter().all(|t| t.upper) => return false,
        _ => {}
    }
    if e.proper && !toks.first().is_some_and(|t| t.capital) {
        return false;
    }
    true
}

impl KnowledgeBase {
    /// Scan `text`: the items it matches, with core flags. Countries in
    /// `prefer` break ties between organisations sharing an alias.
    pub(crate) fn scan(
        &self,
        text: &str,
        date: Date,
        prefer: Option<&str>,
        roles_only: bool,
    ) -> Scan {
        let a = Analysed::new(text);
        let n = a.toks.len();
        let mut items: Vec<Item> = Vec::new();
        let mut core_end = n;
        let mut i = 0;
        while i < n {
            if a.toks[i].kind == TokKind::Punct {
                if core_end == n && !items.is_empty() {
                    core_end = i;
                }
                i += 1;
                continue;
            }
            let maxl = self.max_words().min(n - i);
            let mut matched = false;
            for len in (1..=maxl).rev() {
                if a.toks[i + len - 1].kind == TokKind::Punct {
                    continue;
                }
                let entries = self.lookup(a.key(i..i + len));
                if entries.is_empty() {
                    continue;
                }
                let toks = &a.toks[i..i + len];
                if let Some(kind) = self.choose(entries, toks, date, prefer, roles_only) {
                    items.push(Item {
                        start: i,
                        end: i + len,
                        kind,
                        core: true,
                    });
                    i += len;
                    matched = true;
                    break;
                }
            }
            if matched {
                continue;
            }
            let w = a.word(i);
            if let Some((head, tail)) = w.split_once('-')
                && PLACE_SUFFIXES.contains(&tail)
            {
                let entries = self.lookup(head);
                if let Some(kind @ Kind::Country { .. }) =
                    self.choose(entries, &a.toks[i..=i], date, prefer, roles_only)
                {
                    items.push(Item {
                        start: i,
                        end: i + 1,
                        kind,
                        core: true,
                    });
                }
            } else if core_end == n && !items.is_empty() && BOUNDARIES.contains(&w) {
                core_end = i;
            }
            i += 1;
        }
        // A surname or a place name next to an unknown capitalised word is
        // part of another name (`Adam Curtis Brown`, `Douglas Paul James`,
        // `Washington Post`).
        let covered = |j: usize, items: &[Item]| items.iter().any(|it| it.start <= j && j < it.end);
        let stranger = |j: usize, items: &[Item]| {
            a.toks.get(j).is_some_and(|t| {
                t.kind == TokKind::Word
                    && t.capital
                    && !t.upper
                    && !covered(j, items)
                    && !NOT_NAMES.contains(&a.word(j))
            })
        };
        let is_surname_at = |j: usize, items: &[Item]| {
            items
                .iter()
                .any(|it| matches!(it.kind, Kind::Surname(_)) && it.start <= j && j < it.end)
        };
        let keep: Vec<bool> = items
            .iter()
            .map(|it| {
                if !matches!(it.kind, Kind::Surname(_) | Kind::Metonym(_)) {
                    return true;
                }
                let surname = matches!(it.kind, Kind::Surname(_));
                // In a run of surnames (`Mohammed Hussein Roble`) only the
                // last one is the surname.
                if surname && is_surname_at(it.end, &items) {
                    return false;
                }
                let mut left = it.start;
                while surname && left > 0 && is_surname_at(left - 1, &items) {
                    left -= 1;
                }
                !((left > 0 && stranger(left - 1, &items)) || stranger(it.end, &items))
            })
            .collect();
        let mut k = keep.iter();
        items.retain(|_| k.next().copied().unwrap_or(true));
        for it in &mut items {
            it.core = it.start < core_end;
        }
        Scan { a, items }
    }

    /// Pick what a key means here: person, organisation, country,
    /// metonym, role, surname (in that order of preference).
    fn choose(
        &self,
        entries: &[Entry],
        toks: &[Tok],
        date: Date,
        prefer: Option<&str>,
        roles_only: bool,
    ) -> Option<Kind> {
        let valid = || {
            entries
                .iter()
                .filter(move |e| case_ok(e, toks) && (!roles_only || matches!(e.hit, Hit::Role(_))))
        };
        let mut org = None;
        let mut country = None;
        let mut metonym = None;
        let mut role = None;
        let mut surname = false;
        let mut ambiguous = false;
        let mut note_country = |k: Kind, country: &mut Option<Kind>| match (*country, k) {
            (None, _) => *country = Some(k),
            (Some(Kind::Country { id: a, .. }), Kind::Country { id: b, .. }) if a != b => {
                let code = |i: u32| Some(self.countries[i as usize].code.as_str());
                if prefer.is_some() && code(b) == prefer {
                    *country = Some(k);
                } else if !(prefer.is_some() && code(a) == prefer) {
                    ambiguous = true;
                }
            }
            _ => {}
        };
        for e in valid() {
            match e.hit {
                Hit::Person(p) => return Some(Kind::Person(p)),
                Hit::Org(o) => {
                    // A row whose period covers the date beats one that
                    // does not (the Taliban before and after August 2021);
                    // then the preferred country; then file order.
                    let row = &self.organisations[o as usize];
                    let active = row.active_on(date);
                    let better = match org {
                        None => true,
                        Some(cur) => {
                            let cur = &self.organisations[cur as usize];
                            let cur_active = cur.active_on(date);
                            (active && !cur_active)
                                || (active == cur_active
                                    && prefer.is_some()
                                    && row.country.as_deref() == prefer
                                    && cur.country.as_deref() != prefer)
                        }
                    };
                    if better {
                        org = Some(o);
                    }
                }
                Hit::Country(c) => note_country(
                    Kind::Country {
                        id: c,
                        plural: false,
                        adjective: false,
                    },
                    &mut country,
                ),
                Hit::Demonym(c) => note_country(
                    Kind::Country {
                        id: c,
                        plural: false,
                        adjective: true,
                    },
                    &mut country,
                ),
                Hit::DemonymPlural(c) => note_country(
                    Kind::Country {
                        id: c,
                        plural: true,
                        adjective: true,
                    },
                    &mut country,
                ),
                Hit::Metonym(m) => metonym = metonym.or(Some(m)),
                Hit::Role(r) => role = role.or(Some(r)),
                Hit::Surname(_) => surname = true,
            }
        }
        if let Some(o) = org {
            // An organisation of another country than the context's, when
            // the words are also a role word (`the National Guard` with
            // context `Saudi`), is read as the role word.
            let oc = self.organisations[o as usize].country.as_deref();
            let foreign =
                prefer.is_some() && oc.is_some_and(|c| !is_international(c)) && oc != prefer;
            if !(foreign && role.is_some()) {
                return Some(Kind::Org(o));
            }
        }
        if ambiguous {
            // A demonym shared by two countries (`Congolese`) names
            // neither.
            country = None;
        }
        if country.is_some() {
            return country;
        }
        if let Some(m) = metonym {
            return Some(Kind::Metonym(m));
        }
        if let Some(r) = role {
            let modifier = self.roles[r as usize].is_modifier();
            return Some(if modifier {
                Kind::Modifier(r)
            } else {
                Kind::Role(r)
            });
        }
        if surname {
            let valid: Vec<Entry> = valid().copied().collect();
            return self.surname_person(&valid, date).map(Kind::Surname);
        }
        None
    }

    /// The country an item names or implies.
    fn item_country(&self, kind: Kind, date: Date) -> Option<&str> {
        match kind {
            Kind::Country { id, .. } => Some(self.countries[id as usize].code.as_str()),
            Kind::Metonym(m) => Some(self.metonyms[m as usize].country.as_str()),
            Kind::Org(o) => self.organisations[o as usize].country.as_deref(),
            Kind::Person(p) | Kind::Surname(p) => self.people[p as usize].country_on(date),
            Kind::Role(_) | Kind::Modifier(_) => None,
        }
    }

    /// The first country named in `text` (countries, demonyms, metonyms,
    /// national organisations), for context.
    fn context_country(&self, context: &str, date: Date) -> Option<&str> {
        if context.trim().is_empty() {
            return None;
        }
        let scan = self.scan(context, date, None, false);
        scan.items.iter().find_map(|it| match it.kind {
            Kind::Country { .. } | Kind::Metonym(_) | Kind::Org(_) => {
                self.item_country(it.kind, date)
            }
            _ => None,
        })
    }

    /// Resolve a phrase naming an actor (NGEC's `agent_to_code`).
    ///
    /// `context` is other text about the actor (a nationality, a country,
    /// titles) used for the country when the phrase gives none and to pick
    /// among organisations sharing an alias; `date` is the date of the text
    /// (`None`: [`crate::TODAY`]). See the [module docs](self) for the
    /// rules.
    ///
    /// ```
    /// let kb = dyad_actors::KnowledgeBase::embedded().unwrap();
    /// let a = kb.resolve("Mexican authorities", "", None).unwrap();
    /// assert_eq!(a.code, "MEXGOV");
    /// ```
    pub fn resolve(&self, text: &str, context: &str, date: Option<Date>) -> Option<Actor> {
        // A lone personal pronoun (`he`) is somebody unknown (PLOVER UNK).
        if matches!(
            text.trim().to_lowercase().as_str(),
            "he" | "she" | "him" | "her" | "they" | "them"
        ) {
            return Some(actor(None, Some("UNK"), None, None, None, "pronoun", None));
        }
        let date = Date::or_today(date);
        let ctx = self.context_country(context, date);
        let scan = self.scan(text, date, ctx, false);
        self.decide(&scan, ctx, date)
    }

    fn decide(&self, scan: &Scan, ctx: Option<&str>, date: Date) -> Option<Actor> {
        let items = &scan.items;
        if items.is_empty() {
            return None;
        }
        // The longest role, core first on ties, then earliest.
        let best_role = items
            .iter()
            .enumerate()
            .filter(|(_, it)| matches!(it.kind, Kind::Role(_)))
            .max_by_key(|(i, it)| (it.len(), it.core, *i))
            .map(|(i, _)| i);
        let core_role = items
            .iter()
            .enumerate()
            .filter(|(_, it)| it.core && matches!(it.kind, Kind::Role(_)))
            .max_by_key(|(i, it)| (it.len(), *i))
            .map(|(i, _)| i);
        let modifier_before = |idx: usize| {
            items[..idx]
                .iter()
                .any(|it| matches!(it.kind, Kind::Modifier(_)))
        };
        let core_country = items.iter().find_map(|it| match it.kind {
            Kind::Country { .. } | Kind::Metonym(_) if it.core => self.item_country(it.kind, date),
            _ => None,
        });

        // 1. People.
        let person = items
            .iter()
            .enumerate()
            .find(|(_, it)| it.core && matches!(it.kind, Kind::Person(_) | Kind::Surname(_)))
            .or_else(|| {
                core_role.is_none().then(|| {
                    items
                        .iter()
                        .enumerate()
                        .find(|(_, it)| matches!(it.kind, Kind::Person(_) | Kind::Surname(_)))
                })?
            });
        if let Some((pi, it)) = person {
            let (Kind::Person(p) | Kind::Surname(p)) = it.kind else {
                return None;
            };
            let surname = matches!(it.kind, Kind::Surname(_));
            let title = core_role.map(|r| self.role_of(items[r].kind));
            return Some(self.person_actor(
                p,
                date,
                title,
                modifier_before(pi),
                core_country,
                surname,
            ));
        }

        // 2. An organisation in the core.
        if let Some((oi, it)) = items
            .iter()
            .enumerate()
            .find(|(_, it)| it.core && matches!(it.kind, Kind::Org(_)))
        {
            let Kind::Org(o) = it.kind else { return None };
            let org = &self.organisations[o as usize];
            let international = org.country.as_deref().is_none_or(is_international);
            let role_after = items
                .iter()
                .enumerate()
                .skip(oi + 1)
                .filter(|(_, r)| r.core && matches!(r.kind, Kind::Role(_)))
                .max_by_key(|(i, r)| (r.len(), *i))
                .map(|(_, r)| self.role_of(r.kind));
            // A nationality in the core overrides an international
            // organisation's country (`Russian UN envoy`) and, for a
            // national one, marks the alias as generic (`Chile's Defense
            // Department`, `the Lebanese president's office`).
            let explicit =
                core_country.filter(|c| international || org.country.as_deref() != Some(*c));
            let country = explicit.or(org.country.as_deref()).or(ctx);
            if let Some(c) = explicit
                && !international
            {
                return Some(actor(
                    Some(c),
                    org.sector.as_deref(),
                    None,
                    None,
                    None,
                    "kb/org+country",
                    None,
                ));
            }
            let eli = modifier_before(oi)
                || role_after.is_some()
                    && items.iter().any(|x| matches!(x.kind, Kind::Modifier(_)));
            if eli {
                return Some(actor(
                    country,
                    Some("ELI"),
                    org.sector.as_deref(),
                    Some(&org.name),
                    None,
                    "kb/org+modifier",
                    None,
                ));
            }
            if let Some(r) = role_after {
                let generic = matches!(r.sector.as_str(), "GOV" | "UAF" | "CVL" | "REB")
                    || (r.rank == "body" && r.sector == "MIL");
                if !generic || (explicit.is_some() && international) {
                    return Some(actor(
                        country,
                        Some(&r.sector),
                        r.sector2.as_deref(),
                        Some(&org.name),
                        None,
                        "kb/org+role",
                        None,
                    ));
                }
            }
            return Some(org_actor(org, country));
        }

        // 3. Role words.
        let any_country = || {
            core_country.or_else(|| {
                items.iter().find_map(|it| match it.kind {
                    Kind::Country { .. } | Kind::Metonym(_) | Kind::Org(_) => {
                        self.item_country(it.kind, date)
                    }
                    _ => None,
                })
            })
        };
        if let Some(ri) = best_role {
            let r = self.role_of(items[ri].kind);
            // `troops from NATO countries`: an international organisation
            // outside the core gives its own code with the role's sector
            // (`IGOWSTNATMIL`), not a bare `IGOMIL`.
            if core_country.is_none()
                && !modifier_before(ri)
                && let Some(org) = items.iter().find_map(|it| match it.kind {
                    Kind::Org(o) => Some(&self.organisations[o as usize]),
                    _ => None,
                })
                && org.country.as_deref().is_none_or(is_international)
            {
                let code = if org.code.ends_with(r.sector.as_str()) {
                    org.code.clone()
                } else {
                    format!("{}{}", org.code, r.sector)
                };
                return Some(actor(
                    org.country.as_deref(),
                    Some(&r.sector),
                    r.sector2.as_deref(),
                    Some(&org.name),
                    Some(&r.phrase),
                    "role+org",
                    Some(&code),
                ));
            }
            // `president of the Riigikogu`, `spokesman for the Pentagon`:
            // a head-of or member-of word takes the national organisation's
            // country and sector (`ESTLEG`).
            const GENERIC: &[&str] = &[
                "president",
                "vice president",
                "chairman",
                "chairwoman",
                "chair",
                "chairperson",
                "head",
                "leader",
                "director",
                "director-general",
                "director general",
                "secretary-general",
                "secretary general",
                "spokesman",
                "spokeswoman",
                "spokesperson",
                "member",
                "official",
                "speaker",
                "deputy speaker",
                "chief",
                "boss",
                "executive",
                "chief executive",
                "ceo",
            ];
            if !modifier_before(ri)
                && GENERIC.contains(&r.phrase.as_str())
                && let Some(org) = items.iter().find_map(|it| match it.kind {
                    Kind::Org(o) if !it.core || it.start > items[ri].start => {
                        Some(&self.organisations[o as usize])
                    }
                    _ => None,
                })
                && let (Some(c), Some(sec)) = (org.country.as_deref(), org.sector.as_deref())
                && !is_international(c)
            {
                return Some(actor(
                    Some(c),
                    Some(sec),
                    (r.sector != sec).then_some(r.sector.as_str()),
                    Some(&org.name),
                    Some(&r.phrase),
                    "role+national-org",
                    None,
                ));
            }
            let country = any_country().or(ctx);
            if modifier_before(ri) {
                return Some(actor(
                    country,
                    Some("ELI"),
                    Some(&r.sector),
                    None,
                    Some(&r.phrase),
                    "modifier+role",
                    None,
                ));
            }
            let rule = if country.is_some() {
                "role+country"
            } else {
                "role"
            };
            return Some(actor(
                country,
                Some(&r.sector),
                r.sector2.as_deref(),
                None,
                Some(&r.phrase),
                rule,
                None,
            ));
        }

        // 4. An organisation outside the core.
        if let Some(it) = items.iter().find(|it| matches!(it.kind, Kind::Org(_))) {
            let Kind::Org(o) = it.kind else { return None };
            let org = &self.organisations[o as usize];
            return Some(org_actor(
                org,
                org.country.as_deref().or(core_country).or(ctx),
            ));
        }

        // 5. A plural demonym heading the phrase.
        if let Some(it) = items
            .iter()
            .find(|it| it.core && matches!(it.kind, Kind::Country { plural: true, .. }))
        {
            let c = self.item_country(it.kind, date);
            // `ordinary Kazakhs`, `two Russians`: people of the country;
            // `the Palestinians` alone: the country's side.
            let qualified = scan.a.toks[..it.start.min(scan.a.toks.len())]
                .iter()
                .any(|t| {
                    t.kind == crate::norm::TokKind::Word
                        && !matches!(&scan.a.norm[t.norm.clone()], "the" | "a" | "an")
                });
            return Some(actor(
                c,
                qualified.then_some("CVL"),
                None,
                None,
                None,
                "demonym-plural",
                None,
            ));
        }

        // 6. A metonym in the core.
        if let Some(it) = items
            .iter()
            .find(|it| it.core && matches!(it.kind, Kind::Metonym(_)))
        {
            let Kind::Metonym(m) = it.kind else {
                return None;
            };
            let m = &self.metonyms[m as usize];
            return Some(actor(
                Some(&m.country),
                m.sector.as_deref(),
                None,
                m.phrases.first().map(String::as_str),
                None,
                "kb/metonym",
                None,
            ));
        }

        // 7. A country anywhere.
        if let Some(c) = any_country() {
            return Some(actor(Some(c), None, None, None, None, "kb/country", None));
        }
        None
    }

    fn role_of(&self, kind: Kind) -> &crate::kb::Role {
        match kind {
            Kind::Role(r) | Kind::Modifier(r) => &self.roles[r as usize],
            // Callers only pass role items.
            _ => &self.roles[0],
        }
    }

    fn person_actor(
        &self,
        p: u32,
        date: Date,
        title: Option<&crate::kb::Role>,
        modifier: bool,
        phrase_country: Option<&str>,
        surname: bool,
    ) -> Actor {
        let person = &self.people[p as usize];
        let name = Some(person.name.as_str());
        let suffix = |rule: &'static str| -> &'static str {
            if surname {
                match rule {
                    "kb/person" => "kb/surname",
                    "kb/person-former" => "kb/surname-former",
                    "kb/person+title" => "kb/surname+title",
                    _ => "kb/surname-before-office",
                }
            } else {
                rule
            }
        };
        match person.standing(date) {
            Some(Standing::Active(t)) => actor(
                t.country.as_deref(),
                Some(&t.sector),
                t.sector2.as_deref(),
                name,
                Some(&t.role),
                suffix("kb/person"),
                None,
            ),
            Some(Standing::Former(t)) => match title {
                Some(r) if !modifier => actor(
                    t.country.as_deref(),
                    Some(&r.sector),
                    r.sector2.as_deref(),
                    name,
                    Some(&r.phrase),
                    suffix("kb/person+title"),
                    None,
                ),
                _ => actor(
                    t.country.as_deref(),
                    Some("ELI"),
                    Some(&t.sector),
                    name,
                    Some(&t.role),
                    suffix("kb/person-former"),
                    None,
                ),
            },
            Some(Standing::Future(t)) => {
                let country = t.country.as_deref().or(phrase_country);
                match title {
                    Some(r) => actor(
                        country,
                        Some(if modifier { "ELI" } else { &r.sector }),
                        r.sector2.as_deref(),
                        name,
                        Some(&r.phrase),
                        suffix("kb/person-before-office"),
                        None,
                    ),
                    // Before the first listed office: the country alone (a
                    // candidate is not yet the government).
                    None => actor(
                        country,
                        None,
                        None,
                        name,
                        None,
                        suffix("kb/person-before-office"),
                        None,
                    ),
                }
            }
            None => actor(
                phrase_country,
                title.map(|r| r.sector.as_str()),
                None,
                name,
                None,
                suffix("kb/person"),
                None,
            ),
        }
    }

    /// The first country or nationality in `text` (NGEC's `search_nat`):
    /// its ISO3 code and the text with the country's words removed (an
    /// article right before them at the start goes too: `an American
    /// destroyer` -> `destroyer`; `four Saudi men` -> `four  men`).
    pub fn country(&self, text: &str) -> Option<(&str, String)> {
        let scan = self.scan(text, crate::date::TODAY, None, false);
        let it = scan
            .items
            .iter()
            .find(|it| matches!(it.kind, Kind::Country { .. }))?;
        let Kind::Country { id, .. } = it.kind else {
            return None;
        };
        let start = scan.a.toks[it.start].orig.start;
        let end = scan.a.toks[it.end - 1].orig.end;
        let before = &text[..start];
        let before = if matches!(
            before.trim().to_ascii_lowercase().as_str(),
            "a" | "an" | "the"
        ) {
            ""
        } else {
            before
        };
        let rest = format!("{before}{}", &text[end..]);
        Some((
            self.countries[id as usize].code.as_str(),
            rest.trim().to_owned(),
        ))
    }

    /// The actor type named by role words in `text` (NGEC's
    /// `short_text_to_agent`): `(sector, sector2, pattern)` of the longest
    /// role phrase, `pattern` being its singular dictionary form
    /// (`soldiers` -> `MIL`, pattern `soldier`). A modifier before it
    /// (`retired vice president`) gives `ELI` with the role's sector as
    /// `sector2`.
    pub fn agent(&self, text: &str) -> Option<(&str, Option<&str>, &str)> {
        let scan = self.scan(text, crate::date::TODAY, None, true);
        let (ri, it) = scan
            .items
            .iter()
            .enumerate()
            .filter(|(_, it)| matches!(it.kind, Kind::Role(_)))
            .max_by_key(|(i, it)| (it.len(), *i))?;
        let r = self.role_of(it.kind);
        let modifier = scan.items[..ri]
            .iter()
            .any(|x| matches!(x.kind, Kind::Modifier(_)));
        if modifier {
            Some(("ELI", Some(r.sector.as_str()), r.phrase.as_str()))
        } else {
            Some((r.sector.as_str(), r.sector2.as_deref(), r.phrase.as_str()))
        }
    }
}

/// `IGO`, `UNO`, `NGO`, `MNC`, `EUR` and other non-state "countries".
/// An organisation as an actor in `country`: its own code when that is
/// its country, else country + its sector (`kb/org`).
fn org_actor(org: &crate::kb::Organisation, country: Option<&str>) -> Actor {
    let own = country == org.country.as_deref();
    actor(
        country,
        org.sector.as_deref(),
        None,
        Some(&org.name),
        None,
        "kb/org",
        own.then_some(org.code.as_str()),
    )
}

fn is_international(c: &str) -> bool {
    matches!(c, "IGO" | "UNO" | "NGO" | "MNC" | "EUR")
}

/// Build an actor; the code is `own_code`, else country + sector, else
/// whichever is known.
fn actor(
    country: Option<&str>,
    sector: Option<&str>,
    sector2: Option<&str>,
    name: Option<&str>,
    role: Option<&str>,
    rule: &str,
    own_code: Option<&str>,
) -> Actor {
    let code = match (own_code, country, sector) {
        (Some(c), _, _) => c.to_owned(),
        (None, Some(c), Some(s)) => format!("{c}{s}"),
        (None, Some(c), None) => c.to_owned(),
        (None, None, Some(s)) => s.to_owned(),
        (None, None, None) => String::new(),
    };
    Actor {
        code,
        country: country.map(str::to_owned),
        sector: sector.map(str::to_owned),
        sector2: sector2.filter(|s2| Some(*s2) != sector).map(str::to_owned),
        name: name.map(str::to_owned),
        role: role.map(str::to_owned),
        rule: rule.to_owned(),
    }
}
