//! Closed word lists the resolver relies on: third-person pronouns and
//! their agreement, speech verbs (quote cues), gendered titles, common
//! first names (a fallback until the NER stage exports its own list) and a
//! few country aliases.
//!
//! Lists are small and hand-written on purpose: they encode facts of
//! English, not corpus statistics, so they belong in code rather than in
//! the trained model.

use dyad_core::Gender;

/// The agreement class of a third-person pronoun.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum PronClass {
    /// he, him, his, himself.
    He,
    /// she, her, hers, herself.
    She,
    /// it, its, itself.
    It,
    /// they, them, their, theirs, themselves.
    They,
}

impl PronClass {
    /// Short feature name.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            PronClass::He => "he",
            PronClass::She => "she",
            PronClass::It => "it",
            PronClass::They => "they",
        }
    }

    /// The gender the pronoun asserts, if any.
    pub(crate) fn gender(self) -> Option<Gender> {
        match self {
            PronClass::He => Some(Gender::Male),
            PronClass::She => Some(Gender::Female),
            PronClass::It => Some(Gender::Neuter),
            PronClass::They => None,
        }
    }
}

/// Pronoun forms (lowercase) with their class and whether they are
/// reflexive.
const PRONOUNS: &[(&str, PronClass, bool)] = &[
    ("he", PronClass::He, false),
    ("him", PronClass::He, false),
    ("his", PronClass::He, false),
    ("himself", PronClass::He, true),
    ("she", PronClass::She, false),
    ("her", PronClass::She, false),
    ("hers", PronClass::She, false),
    ("herself", PronClass::She, true),
    ("it", PronClass::It, false),
    ("its", PronClass::It, false),
    ("itself", PronClass::It, true),
    ("they", PronClass::They, false),
    ("them", PronClass::They, false),
    ("their", PronClass::They, false),
    ("theirs", PronClass::They, false),
    ("themselves", PronClass::They, true),
];

/// Class and reflexivity of a lowercase third-person pronoun form.
pub(crate) fn pronoun(lower: &str) -> Option<(PronClass, bool)> {
    PRONOUNS
        .iter()
        .find(|(f, ..)| *f == lower)
        .map(|&(_, c, r)| (c, r))
}

/// Lemmas (and common inflected forms, for documents without lemmas) of
/// verbs that introduce reported speech.
#[rustfmt::skip]
const SPEECH: &[&str] = &[
    "say", "says", "said", "saying", "tell", "tells", "told", "state", "states", "stated",
    "remark", "remarked", "assert", "asserted", "add", "added", "declare", "declared", "argue",
    "argued", "maintain", "maintained", "note", "noted", "explain", "explained", "respond",
    "responded", "announce", "announced", "claim", "claimed", "insist", "insisted", "warn",
    "warned", "ask", "asked", "reply", "replied", "write", "wrote", "comment", "commented",
    "acknowledge", "acknowledged", "emphasize", "emphasized", "emphasise", "emphasised",
    "stress", "stressed", "suggest", "suggested", "admit", "admitted", "recall", "recalled",
    "continue", "continued", "observe", "observed", "concede", "conceded", "confirm",
    "confirmed", "deny", "denied", "urge", "urged", "reiterate", "reiterated", "voice",
    "voiced", "express", "expressed", "describe", "described", "predict", "predicted",
    "believe", "believes", "think", "thinks", "thought", "agree", "agreed", "indicate",
    "indicated", "tweet", "tweeted", "post", "posted", "shout", "shouted", "exclaim",
    "exclaimed", "whisper", "whispered", "answer", "answered", "report", "reported", "declared",
    "announces",
];

/// Whether `lower` (a lemma or lowercase form) is a speech verb.
pub(crate) fn is_speech_verb(lower: &str) -> bool {
    SPEECH.contains(&lower)
}

/// Gender signalled by a title or honorific word (lowercase, without a
/// final period). Office titles (`chancellor`, `president`) say nothing.
pub(crate) fn title_gender(lower: &str) -> Option<Gender> {
    let w = lower.trim_end_matches('.');
    match w {
        "mr" | "sir" | "lord" | "king" | "prince" | "pope" | "duke" | "baron" | "count"
        | "emperor" | "tsar" | "czar" | "sultan" | "sheikh" | "father" | "brother" | "uncle"
        | "monsieur" | "herr" | "señor" | "signor" | "archbishop" | "cardinal" => {
            Some(Gender::Male)
        }
        "mrs" | "ms" | "miss" | "lady" | "dame" | "queen" | "princess" | "duchess" | "baroness"
        | "countess" | "empress" | "madam" | "madame" | "mme" | "sister" | "aunt" | "frau"
        | "señora" | "signora" | "mother" => Some(Gender::Female),
        _ => None,
    }
}

#[rustfmt::skip]
const MALE: &[&str] = &[
    "aaron", "abraham", "adam", "adrian", "ahmed", "alan", "albert", "alberto", "alex",
    "alexander", "alexei", "alexey", "alfred", "ali", "allen", "andrew", "andrei", "andrzej",
    "angelo", "anthony", "antonio", "antony", "antonin", "arnold", "arthur", "ashraf", "barack",
    "barry", "ben", "benjamin", "bernard", "bernie", "bill", "bob", "boris", "brad", "brandon",
    "brian", "bruce", "bryan", "carl", "carlos", "charles", "charlie", "chris", "christian",
    "christopher", "chuck", "clarence", "claude", "colin", "craig", "dan", "daniel", "danny",
    "darren", "dave", "david", "dennis", "dick", "dmitry", "dmitri", "dominic", "don", "donald",
    "doug", "douglas", "duncan", "dwight", "ed", "eddie", "edward", "elon", "emmanuel",
    "enrique", "eric", "ernest", "frank", "franklin", "fred", "friedrich", "frederick",
    "friedrich", "gary", "george", "gerald", "gerhard", "giuseppe", "gordon", "greg", "gregory",
    "hamid", "hans", "harold", "harry", "hassan", "heinrich", "helmut", "henry", "herbert",
    "howard", "hugh", "hugo", "hussein", "ian", "igor", "isaac", "ivan", "jack", "jacob",
    "jake", "james", "jason", "javier", "jean", "jeff", "jeffrey", "jens", "jeremy", "jerome",
    "jerry", "jim", "jimmy", "joe", "john", "johnny", "jon", "jonathan", "jorge", "jose",
    "joseph", "josh", "joshua", "juan", "julian", "justin", "karl", "keir", "keith", "ken",
    "kenneth", "kevin", "kim", "kirill", "klaus", "kurt", "larry", "lawrence", "lee", "leo",
    "leonard", "lloyd", "louis", "luis", "luke", "marco", "marcus", "mario", "mark", "martin",
    "matt", "matthew", "maurice", "max", "michael", "mick", "mike", "mikhail", "mitch",
    "mohammed", "mohammad", "muhammad", "narendra", "nathan", "neil", "nicholas", "nick",
    "nicolas", "nikolai", "nigel", "noah", "norman", "olaf", "oliver", "omar", "oscar", "owen",
    "pablo", "patrick", "paul", "pedro", "pete", "peter", "philip", "phil", "pierre", "rafael",
    "ralph", "ramzan", "randy", "ray", "raymond", "recep", "richard", "rick", "rishi", "rob",
    "robert", "roberto", "roger", "roland", "ron", "ronald", "roy", "rudy", "russell", "ryan",
    "sam", "samuel", "scott", "sean", "sebastian", "sergei", "sergey", "simon", "stanley",
    "stefan", "stephen", "steve", "steven", "stuart", "ted", "theodore", "thomas", "tim",
    "timothy", "todd", "tom", "tommy", "tony", "vadim", "victor", "viktor", "vince", "vincent",
    "vladimir", "volodymyr", "walter", "wayne", "william", "willie", "xi", "yevgeny", "yuri",
    "yury", "zach", "mohamed", "abdullah", "benjamin", "emmanuel", "jens", "mateusz", "pedro",
    "xavier", "wolfgang", "jair", "javier", "jd", "j.d.", "hunter", "pete", "lindsey", "rex",
    "tucker", "kanye", "elvis", "ludwig", "wolfgang", "napoleon", "jesus", "moses", "gandhi",
    "winston", "franz", "sigmund", "leonardo", "galileo", "isaac",
];

#[rustfmt::skip]
const FEMALE: &[&str] = &[
    "abigail", "ada", "agnes", "alexandra", "alice", "alicia", "alison", "amanda", "amber",
    "amy", "ana", "andrea", "angela", "angelina", "anita", "ann", "anna", "anne", "annalena",
    "annie", "ashley", "audrey", "barbara", "beatrice", "betty", "beverly", "brenda", "bridget",
    "britney", "camilla", "carla", "carol", "caroline", "carolyn", "catherine", "charlotte",
    "cheryl", "chloe", "christina", "christine", "claire", "clara", "claudia", "cynthia",
    "daisy", "dana", "deborah", "debbie", "denise", "diana", "diane", "donna", "doris",
    "dorothy", "edith", "eleanor", "elena", "elisabeth", "elizabeth", "ella", "ellen", "elsa",
    "emily", "emma", "erin", "eva", "eve", "evelyn", "florence", "frances", "giorgia", "gloria",
    "grace", "hannah", "harriet", "hazel", "heather", "helen", "helena", "hillary", "ilhan",
    "ingrid", "irene", "isabel", "isabella", "jacqueline", "jane", "janet", "janice",
    "jennifer", "jessica", "jill", "joan", "joanna", "jocelyn", "josephine", "joyce", "judith",
    "judy", "julia", "julie", "kamala", "karen", "kate", "katherine", "kathleen", "kathryn",
    "katie", "kaja", "kelly", "kim", "kimberly", "kristi", "kristen", "laura", "lauren", "leah",
    "linda", "lisa", "liz", "lucy", "lydia", "maria", "marie", "marine", "margaret", "marilyn",
    "marjorie", "martha", "mary", "maya", "megan", "melania", "melissa", "mette", "michelle",
    "monica", "nadia", "nancy", "natalie", "natalia", "nicola", "nicole", "nina", "olivia",
    "pamela", "patricia", "paula", "pauline", "penny", "priti", "rachel", "rebecca", "rosa",
    "rose", "ruth", "sahra", "samantha", "sandra", "sanna", "sara", "sarah", "sharon", "sheila",
    "sophia", "sophie", "stephanie", "susan", "suzanne", "sylvia", "taylor", "teresa",
    "theresa", "tulsi", "tina", "ursula", "valerie", "vera", "victoria", "virginia", "wendy",
    "yulia", "zoe", "kaja", "alexandria", "nikki", "marjorie", "liz", "kemi", "yvette", "oprah",
    "madonna", "marina", "svetlana", "tatiana", "olga", "irina", "ludmila", "greta", "frida",
    "mira", "amelia", "marian", "marianne", "jeanne", "simone", "virginia",
];

/// Gender of a first name (any case): the short list here (names common
/// in international news), else dyad's first-name gazetteer
/// ([`crate::ner::first_name_gender`]).
pub(crate) fn builtin_first_name_gender(name: &str) -> Option<Gender> {
    short_list_gender(name).or_else(|| crate::ner::first_name_gender(name))
}

fn short_list_gender(name: &str) -> Option<Gender> {
    let lower = name.to_lowercase();
    let m = MALE.contains(&lower.as_str());
    let f = FEMALE.contains(&lower.as_str());
    match (m, f) {
        (true, false) => Some(Gender::Male),
        (false, true) => Some(Gender::Female),
        _ => None,
    }
}

/// Groups of names that denote the same place or body, normalised
/// (no periods, no leading "the").
const ALIASES: &[&[&str]] = &[
    &[
        "US",
        "USA",
        "United States",
        "United States of America",
        "America",
    ],
    &["UK", "United Kingdom", "Britain", "Great Britain"],
    &["EU", "European Union"],
    &["UN", "United Nations"],
    &["Russia", "Russian Federation"],
    &["UAE", "United Arab Emirates"],
    &["DPRK", "North Korea"],
    &["ROK", "South Korea"],
    &["PRC", "China", "People's Republic of China"],
    &["USSR", "Soviet Union"],
];

/// Alias group of a normalised name, if it is in one.
pub(crate) fn alias_group(norm: &str) -> Option<usize> {
    ALIASES.iter().position(|g| g.contains(&norm))
}

/// Words skipped when forming an acronym from a long name.
pub(crate) fn is_acronym_filler(word: &str) -> bool {
    matches!(
        word,
        "of" | "the" | "and" | "for" | "de" | "&" | "on" | "in" | "to"
    )
}

/// Capitalised title words that may stand before a person's name
/// ("President", "Mr.", "Sir").
pub(crate) fn is_title_word(word: &str) -> bool {
    let w = word.trim_end_matches('.').to_lowercase();
    title_gender(&w).is_some()
        || matches!(
            w.as_str(),
            "president"
                | "dr"
                | "prof"
                | "professor"
                | "senator"
                | "sen"
                | "governor"
                | "gov"
                | "general"
                | "gen"
                | "minister"
                | "chancellor"
                | "secretary"
                | "saint"
                | "st"
                | "judge"
                | "justice"
                | "captain"
                | "capt"
                | "colonel"
                | "col"
                | "rev"
                | "reverend"
                | "bishop"
                | "mayor"
                | "representative"
                | "rep"
                | "premier"
                | "ambassador"
                | "chairman"
                | "coach"
                | "officer"
                | "sergeant"
                | "sgt"
                | "lieutenant"
                | "lt"
                | "admiral"
                | "commander"
                | "chief"
                | "prime"
                | "vice"
                | "deputy"
                | "foreign"
                | "state"
                | "attorney"
                | "administrator"
        )
}
