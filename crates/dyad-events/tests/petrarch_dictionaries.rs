//! The production PETRARCH dictionaries (CAMEO.2.0 verbs, Phoenix actors,
//! agents and discards) and the validation dictionaries load, with the
//! expected sizes. Skipped when the files are not on this machine.

use std::path::Path;

use dyad_events::petrarch::{ActorDictionary, AgentDictionary, Discards, VerbDictionary};

const REFERENCE: &str = "/work/shared/reference/petrarch-dictionaries";
const SUITE: &str = "/work/shared/eval/petrarch";

fn dir(var: &str, default: &str) -> Option<std::path::PathBuf> {
    let d = std::env::var(var).unwrap_or_else(|_| default.to_string());
    let p = Path::new(&d).to_path_buf();
    if p.is_dir() {
        Some(p)
    } else {
        #[allow(clippy::print_stdout)]
        {
            println!("skipped: {} not found", p.display());
        }
        None
    }
}

#[test]
#[allow(clippy::print_stdout)]
fn production_dictionaries_load() {
    let Some(d) = dir("DYAD_PETRARCH_DICTIONARIES", REFERENCE) else {
        return;
    };
    let verbs = VerbDictionary::load(d.join("CAMEO.2.0.txt")).expect("verbs");
    let actors = ActorDictionary::load_all(&[
        d.join("Phoenix.Countries.actors.txt"),
        d.join("Phoenix.International.actors.txt"),
        d.join("Phoenix.MilNonState.actors.txt"),
    ])
    .expect("actors");
    let agents = AgentDictionary::load(d.join("Phoenix.agents.txt")).expect("agents");
    let discards = Discards::load(d.join("Phoenix.discards.txt")).expect("discards");
    println!(
        "verbs: {} blocks, {} forms, {} patterns, {} synsets; actors: {} entries, {} names; agents: {} phrases; discards: {}",
        verbs.blocks.len(),
        verbs.form_count(),
        verbs.pattern_count(),
        verbs.synsets.len(),
        actors.entries.len(),
        actors.name_count(),
        agents.entries.len(),
        discards.entries.len()
    );
    assert_eq!(verbs.blocks.len(), EXPECTED.0);
    assert_eq!(verbs.pattern_count(), EXPECTED.1);
    assert_eq!(verbs.synsets.len(), EXPECTED.2);
    assert_eq!(actors.entries.len(), EXPECTED.3);
    assert_eq!(agents.entries.len(), EXPECTED.4);
    assert_eq!(discards.entries.len(), EXPECTED.5);
    assert_eq!(verbs.form_count(), 7313);
    assert_eq!(actors.name_count(), 35617);
    println!(
        "warnings: verbs {}, actors {}, agents {}",
        verbs.warnings.len(),
        actors.warnings.len(),
        agents.warnings.len()
    );
    // The files have a few typos PETRARCH skips too; not many.
    assert!(verbs.warnings.len() + actors.warnings.len() + agents.warnings.len() < 50);
}

/// (verb blocks, patterns, synsets, actor entries, agent phrases, discards)
const EXPECTED: (usize, usize, usize, usize, usize, usize) = (397, 4666, 40, 27252, 5154, 506);

#[test]
fn validation_dictionaries_load() {
    let Some(d) = dir("DYAD_PETRARCH_SUITE", SUITE) else {
        return;
    };
    let verbs = VerbDictionary::load(d.join("PETR.Validate.verbs.txt")).expect("verbs");
    let actors = ActorDictionary::load(d.join("PETR.Validate.actors.txt")).expect("actors");
    let agents = AgentDictionary::load(d.join("PETR.Validate.agents.txt")).expect("agents");
    let discards = Discards::load(d.join("PETR.Validate.discards.txt")).expect("discards");
    assert!(
        verbs
            .blocks
            .iter()
            .any(|b| b.name == "CLASH" && b.patterns.len() == 7)
    );
    assert!(verbs.synsets.contains_key("&NEGATVAUXVRB"));
    let gollum = actors
        .entries
        .iter()
        .find(|e| e.names[0].words == ["GOLLUM"])
        .expect("gollum");
    assert_eq!(gollum.names.len(), 4);
    assert_eq!(gollum.code_on(Some(19970101)), Some("HOBGOV"));
    assert!(
        agents
            .entries
            .iter()
            .any(|a| a.phrase.words == ["CONGRESSWOMEN"])
    );
    assert_eq!(discards.entries.iter().filter(|d| d.story).count(), 4);
}
