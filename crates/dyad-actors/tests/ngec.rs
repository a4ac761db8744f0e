//! NGEC actor-resolution evaluation (runs when the test file exists).

use std::path::Path;

use dyad_actors::{KnowledgeBase, ngec};

#[test]
fn ngec_actor_resolution() {
    let path = Path::new(ngec::DEFAULT_PATH);
    if !path.exists() {
        println!("skipped: {} not found", path.display());
        return;
    }
    let kb = KnowledgeBase::embedded().expect("embedded knowledge base parses");
    let report = ngec::evaluate(path, kb).expect("test file reads");
    println!("{report}");
    let json = serde_json::to_string(&report).expect("report serialises");
    assert!(json.contains("country_sector"));
    assert!(
        report.country_sector.cases > 250,
        "{} cases",
        report.country_sector.cases
    );
    assert!(
        report.country_sector.accuracy >= 0.55,
        "country+sector accuracy {:.3} below the floor",
        report.country_sector.accuracy
    );
}
