//! Rule tests over the embedded knowledge base.

use dyad_core::{
    Document, Entity, EntityLabel, Mention, MentionKind, Meta, Span, Stage, Token, TokenKind,
};
use proptest::prelude::*;

use crate::{Actors, Date, KnowledgeBase};

fn kb() -> &'static KnowledgeBase {
    KnowledgeBase::embedded().unwrap()
}

/// (code, country, sector, rule) of a resolution.
fn r(text: &str, context: &str, date: &str) -> Option<(String, String, String, String)> {
    kb().resolve(text, context, Date::parse(date)).map(|a| {
        (
            a.code,
            a.country.unwrap_or_default(),
            a.sector.unwrap_or_default(),
            a.rule,
        )
    })
}

fn cs(text: &str, context: &str, date: &str) -> (String, String) {
    let (_, c, s, _) = r(text, context, date).unwrap_or_default();
    (c, s)
}

fn pair(c: &str, s: &str) -> (String, String) {
    (c.to_owned(), s.to_owned())
}

#[test]
fn person_in_kb_wins() {
    let (code, _, _, rule) = r("Russian presidential aide Sergei Lavrov", "", "").unwrap();
    assert_eq!(code, "RUSGOV");
    assert_eq!(rule, "kb/person");
    assert_eq!(cs("Sergei Lavrov", "", "2022-03-01"), pair("RUS", "GOV"));
    assert_eq!(cs("Sergey Lavrov", "", ""), pair("RUS", "GOV"));
}

#[test]
fn unknown_person_takes_country_and_role_from_phrase() {
    let (code, _, _, rule) = r("Russian presidential aide Yury Zzyzxovich", "", "").unwrap();
    assert_eq!(code, "RUSGOV");
    assert_eq!(rule, "role+country");
    assert_eq!(
        cs("the head of Russia's sovereign investment fund", "", ""),
        pair("RUS", "BUS")
    );
    assert_eq!(cs("Pakistani Army", "", ""), pair("PAK", "MIL"));
    assert_eq!(cs("Mexican authorities", "", ""), pair("MEX", "GOV"));
    assert_eq!(
        cs("Russia’s ambassador to Poland", "", ""),
        pair("RUS", "GOV")
    );
    assert_eq!(
        cs("Canadian Ambassador to the United Nations", "", ""),
        pair("CAN", "GOV")
    );
}

#[test]
fn plural_demonym_is_civilians() {
    let (code, _, _, rule) = r("ordinary Kazakhs", "", "").unwrap();
    assert_eq!(code, "KAZCVL");
    assert_eq!(rule, "demonym-plural");
    let (code, _, _, _) = r("the Palestinians", "", "").unwrap();
    assert_eq!(code, "PSE");
}

#[test]
fn country_alone_has_no_sector() {
    let a = kb().resolve("Kazakhstan", "", None).unwrap();
    assert_eq!(a.code, "KAZ");
    assert_eq!(a.sector, None);
    assert_eq!(a.rule, "kb/country");
    assert_eq!(cs("Great Britain", "", ""), pair("GBR", ""));
    assert_eq!(cs("British", "", ""), pair("GBR", ""));
}

#[test]
fn modifiers_make_elites() {
    assert_eq!(cs("former President Nursultan Nazarbayev", "", "").1, "ELI");
    assert_eq!(cs("a disgraced former minister", "", ""), pair("", "ELI"));
    let (code, _, _, _) = r("ex-President of Zzyzx", "", "").unwrap();
    assert_eq!(code, "ELI");
    let (code, _, _, rule) = r("onetime defence minister", "", "").unwrap();
    assert_eq!(code, "ELI");
    assert_eq!(rule, "modifier+role");
    assert_eq!(
        kb().agent("retired vice president").map(|a| a.0),
        Some("ELI")
    );
}

#[test]
fn people_are_date_aware() {
    assert_eq!(cs("Angela Merkel", "", "2017-04-01"), pair("DEU", "GOV"));
    assert_eq!(cs("Angela Merkel", "", "2022-01-10"), pair("DEU", "ELI"));
    assert_eq!(cs("Donald Trump", "", "2019-06-01"), pair("USA", "GOV"));
    assert_eq!(cs("Donald Trump", "", "2022-04-01"), pair("USA", "ELI"));
    assert_eq!(cs("Donald Trump", "", "2025-02-18"), pair("USA", "GOV"));
    assert_eq!(cs("Olaf Scholz", "", "2025-05-05"), pair("DEU", "GOV"));
    assert_eq!(cs("Olaf Scholz", "", "2025-05-06"), pair("DEU", "ELI"));
    let merz = kb()
        .resolve("Friedrich Merz", "", Date::parse("2025-05-06"))
        .unwrap();
    assert_eq!(merz.code, "DEUGOV");
    assert_eq!(merz.role.as_deref(), Some("Chancellor of Germany"));
    let merkel = kb()
        .resolve("Angela Merkel", "", Date::parse("2017-04-01"))
        .unwrap();
    assert_eq!(merkel.name.as_deref(), Some("Angela Merkel"));
    assert_eq!(merkel.role.as_deref(), Some("Chancellor of Germany"));
}

#[test]
fn surnames_only_when_unambiguous_on_the_date() {
    let (_, c, s, rule) = r("Trump", "", "2019-04-01").unwrap();
    assert_eq!(
        (c.as_str(), s.as_str(), rule.as_str()),
        ("USA", "GOV", "kb/surname")
    );
    assert_eq!(cs("Trump", "", "2022-04-01"), pair("USA", "ELI"));
    assert_eq!(cs("Lavrov", "", ""), pair("RUS", "GOV"));
    // Another first name: another person.
    assert_eq!(r("Ivanka Zzyzx Trump", "", "2019-04-01"), None);
}

#[test]
fn diacritics_are_ignored() {
    let a = kb().resolve("Ukhnaagiin Khürelsükh", "", None);
    let b = kb().resolve("Ukhnaagiin Khurelsukh", "", None);
    assert_eq!(a, b);
    if let Some(a) = a {
        assert_eq!(a.country.as_deref(), Some("MNG"));
    }
}

#[test]
fn context_gives_the_country() {
    let a = kb().resolve("Defense Minister", "German", None).unwrap();
    assert_eq!(a.code, "DEUGOV");
    assert_eq!(a.sector2.as_deref(), Some("MIL"));
    let b = kb().resolve("Defense Minister", "", None).unwrap();
    assert_eq!(b.code, "GOV");
    assert_eq!(b.country, None);
}

#[test]
fn organisations_have_their_code() {
    let nato = kb().resolve("NATO", "", None).unwrap();
    assert_eq!(nato.code, "IGOWSTNAT");
    assert_eq!(nato.country.as_deref(), Some("IGO"));
    assert_eq!(nato.rule, "kb/org");
    assert_eq!(kb().resolve("Nato", "", None).unwrap().code, "IGOWSTNAT");
    let unsc = kb()
        .resolve("United Nations Security Council", "", None)
        .unwrap();
    assert_eq!(unsc.country.as_deref(), Some("UNO"));
    assert_eq!(cs("CIA", "", ""), pair("USA", "SPY"));
    assert_eq!(cs("a former CIA official", "", ""), pair("USA", "ELI"));
    assert_eq!(
        cs("FSB, Russia’s security service", "", ""),
        pair("RUS", "SPY")
    );
    // Lower-case short words are not acronyms.
    assert_eq!(r("who", "", ""), None);
}

#[test]
fn metonyms_stand_for_governments() {
    assert_eq!(cs("the Kremlin", "", ""), pair("RUS", "GOV"));
    assert_eq!(cs("Moscow", "", ""), pair("RUS", "GOV"));
    assert_eq!(cs("Washington", "", ""), pair("USA", "GOV"));
    assert_eq!(cs("TEHRAN", "", ""), pair("IRN", "GOV"));
    assert_eq!(cs("Minsk police station", "", ""), pair("BLR", "COP"));
    // Part of another name.
    assert_eq!(r("Washington Zzyzx", "", ""), None);
}

#[test]
fn nonsense_is_nothing() {
    assert_eq!(r("a cat named Frank", "", ""), None);
    assert_eq!(r("Frank", "", ""), None);
    assert_eq!(r("", "", ""), None);
    assert_eq!(r("aljsndgojnown", "", "Today"), None);
}

#[test]
fn search_nat() {
    assert_eq!(
        kb().country("four Saudi men"),
        Some(("SAU", "four  men".to_owned()))
    );
    assert_eq!(
        kb().country("an American destroyer"),
        Some(("USA", "destroyer".to_owned()))
    );
    assert_eq!(
        kb().country("a US destroyer"),
        Some(("USA", "destroyer".to_owned()))
    );
    assert_eq!(kb().country("Saudi Arabia"), Some(("SAU", String::new())));
    assert_eq!(kb().country("a cat"), None);
}

#[test]
fn short_text_to_agent() {
    assert_eq!(kb().agent("soldier"), Some(("MIL", None, "soldier")));
    assert_eq!(
        kb().agent("soldiers").map(|a| (a.0, a.2)),
        Some(("MIL", "soldier"))
    );
    assert_eq!(
        kb().agent("American warplanes").map(|a| (a.0, a.2)),
        Some(("MIL", "warplane"))
    );
    assert_eq!(kb().agent("a cat"), None);
}

fn doc_with(text: &str, date: Option<&str>) -> Document {
    let mut meta = Meta::with_id("t");
    meta.date = date.map(str::to_owned);
    let mut doc = Document::new(meta, text.to_owned()).unwrap();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric() || c == '\'' || c == '’', start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                doc.tokens.push(Token {
                    span: Span::from_usize(s, i),
                    kind: TokenKind::Word,
                });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        doc.tokens.push(Token {
            span: Span::from_usize(s, text.len()),
            kind: TokenKind::Word,
        });
    }
    doc
}

#[test]
fn stage_uses_titles_and_document_date() {
    let text = "Russian Foreign Minister Zzyzx Qwerty met Angela Merkel in Moscow.";
    let mut doc = doc_with(text, Some("2017-04-01T10:00:00Z"));
    let title = Span::from_usize(0, 24);
    let name = Span::from_usize(25, 37);
    doc.mentions.push(Mention {
        span: name,
        tokens: 3..5,
        kind: MentionKind::Name,
        label: Some(EntityLabel::Person),
        title: Some(title),
        sentence: 0,
        source: "test",
    });
    let entity = |label, name: &str, mentions| Entity {
        label,
        name: name.to_owned(),
        mentions,
        gender: None,
        number: None,
        actor: None,
    };
    doc.entities
        .push(entity(EntityLabel::Person, "Zzyzx Qwerty", vec![0]));
    doc.entities
        .push(entity(EntityLabel::Person, "Angela Merkel", vec![]));
    doc.entities
        .push(entity(EntityLabel::Gpe, "Moscow", vec![]));
    doc.entities
        .push(entity(EntityLabel::Gpe, "Kazakhstan", vec![]));
    doc.entities
        .push(entity(EntityLabel::Norp, "Russians", vec![]));
    doc.entities.push(entity(EntityLabel::Org, "NATO", vec![]));
    let stage = Actors::embedded().unwrap();
    assert_eq!((stage.name(), stage.version()), ("actors", "kb-1"));
    stage.process(&mut doc);
    let code = |i: usize| doc.entities[i].actor.as_ref().map(|a| a.code.as_str());
    assert_eq!(code(0), Some("RUSGOV"));
    assert_eq!(code(1), Some("DEUGOV"));
    assert_eq!(code(2), Some("RUSGOV"));
    assert_eq!(code(3), Some("KAZ"));
    assert_eq!(code(4), Some("RUS"));
    assert_eq!(code(5), Some("IGOWSTNAT"));
    // A noun phrase that is not an entity: "Russian Foreign Minister".
    let a = stage.resolve_span(&doc, 0..3).unwrap();
    assert_eq!(a.code, "RUSGOV");
    let (from, to) = (5, 3);
    assert_eq!(stage.resolve_span(&doc, from..to), None);
    assert_eq!(stage.resolve_span(&doc, 0..999), None);
}

proptest! {
    #[test]
    fn resolve_never_panics(text in "\\PC{0,80}", ctx in "\\PC{0,20}", date in "\\PC{0,12}") {
        let _ = kb().resolve(&text, &ctx, Date::parse(&date));
        let _ = kb().country(&text);
        let _ = kb().agent(&text);
    }

    #[test]
    fn resolve_never_panics_on_dictionary_words(words in proptest::collection::vec(
        prop_oneof![
            Just("the"), Just("former"), Just("ex-"), Just("Russian"), Just("Russians"), Just("’s"),
            Just("of"), Just(","), Just("NATO"), Just("Trump"), Just("minister"), Just("Moscow"),
            Just("Khürelsükh"), Just("U.S."), Just("-based"), Just("Somalia-based"), Just("'"),
        ], 0..10)) {
        let text = words.join(" ");
        let _ = kb().resolve(&text, "", None);
        let _ = kb().country(&text);
    }
}

#[test]
fn adjective_alone_is_its_country() {
    for (w, c) in [("American", "USA"), ("Russian", "RUS"), ("European", "EUR")] {
        let a = kb().resolve(w, "", None);
        assert_eq!(a.map(|a| a.code), Some(c.to_owned()), "{w}");
    }
}

#[test]
fn head_of_a_national_body_takes_its_sector() {
    let a = kb()
        .resolve("president of the Riigikogu", "", None)
        .unwrap();
    assert_eq!(a.code, "ESTLEG");
    assert_eq!(a.rule, "role+national-org");
    let a = kb()
        .resolve("a spokesman for the Pentagon", "", None)
        .unwrap();
    assert_eq!(a.country.as_deref(), Some("USA"));
}

#[test]
fn dated_organisation_rows_follow_the_document_date() {
    let (code, _, _, _) = r("the Taliban", "", "2002-05-01").unwrap();
    assert_eq!(code, "AFGREB");
    let (code, _, _, _) = r("the Taliban", "", "2023-01-01").unwrap();
    assert_eq!(code, "AFGGOV");
    // The day of the change belongs to the new row (start inclusive).
    let (code, _, _, _) = r("Hayat Tahrir al-Sham", "", "2024-12-08").unwrap();
    assert_eq!(code, "SYRGOV");
    let (code, _, _, _) = r("HTS", "", "2024-12-07").unwrap();
    assert_eq!(code, "SYRREB");
}

#[test]
fn later_roles_of_former_office_holders_win_over_former() {
    // Prime minister until 2021-01-26, speaker of parliament from March.
    assert_eq!(cs("Jüri Ratas", "", "2021-07-01"), pair("EST", "LEG"));
    // Between the two: out of office, an elite.
    assert_eq!(cs("Jüri Ratas", "", "2021-02-15"), pair("EST", "ELI"));
    // Chancellor, then a backbench MP a week after leaving the Treasury.
    assert_eq!(cs("Kwasi Kwarteng", "", "2022-10-01"), pair("GBR", "GOV"));
    assert_eq!(cs("Kwasi Kwarteng", "", "2022-10-20"), pair("GBR", "LEG"));
}

#[test]
fn generic_words_do_not_match_newspaper_names() {
    // "The National" (an Abu Dhabi daily) must not make every "national"
    // Emirati.
    let (_, c, s, _) = r("A national intelligence agency officer", "", "").unwrap();
    assert_eq!((c.as_str(), s.as_str()), ("", "SPY"));
    assert_eq!(
        cs("the official National News Agency", "", ""),
        pair("", "GOV")
    );
}

#[test]
fn plover_sector_vocabulary() {
    use crate::ngec::plover_sector;
    assert_eq!(plover_sector("HLH"), "MED");
    assert_eq!(plover_sector("MED"), "JRN");
    assert_eq!(plover_sector("GOV"), "GOV");
    assert_eq!(cs("paramedics", "", ""), pair("", "HLH"));
}

#[test]
fn common_nouns_are_not_country_aliases() {
    // "the States" is the United States; "member states" is not.
    assert_eq!(cs("member states", "", "").0, "");
    assert_ne!(cs("EU member states", "", "").0, "USA");
    assert_eq!(cs("the States", "", "").0, "USA");
}
