//! Rebuild `data/cameo.tsv` from the reference tables.
//!
//! ```sh
//! cargo run -p dyad-events --example build_cameo_table -- ../shared/reference > crates/dyad-events/data/cameo.tsv
//! ```
//!
//! Reads `cameo/cameo_codes_merged.tsv` (codes, labels, GDELT quad class,
//! PLOVER mapping) and `cameo/gdelt_lookups/CAMEO.goldsteinscale.txt`
//! (GDELT's Goldstein values, which win over the merged table's).

use std::collections::HashMap;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .ok_or("usage: build_cameo_table REFERENCE_DIR")?,
    );
    let goldstein: HashMap<String, String> =
        std::fs::read_to_string(dir.join("cameo/gdelt_lookups/CAMEO.goldsteinscale.txt"))?
            .lines()
            .skip(1)
            .filter_map(|l| l.split_once('\t'))
            .map(|(c, g)| (c.trim().to_owned(), g.trim().to_owned()))
            .collect();
    let merged = std::fs::read_to_string(dir.join("cameo/cameo_codes_merged.tsv"))?;
    let mut lines = merged.lines();
    let header: Vec<&str> = lines.next().ok_or("empty table")?.split('\t').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .ok_or(format!("no column {name}"))
    };
    let (code, root, desc, gold, quad, pev, pmode) = (
        col("code")?,
        col("root")?,
        col("description")?,
        col("goldstein_gdelt_lookup")?,
        col("quadclass_gdelt")?,
        col("plover_event")?,
        col("plover_mode")?,
    );
    let mut out = String::new();
    out.push_str(
        "# CAMEO event codes: GDELT Goldstein value and quad class, PLOVER event and mode.\n",
    );
    out.push_str("# Built by `cargo run -p dyad-events --example build_cameo_table -- ../shared/reference`\n");
    out.push_str("# from CAMEO 1.1b3 (Schrodt et al., public), GDELT's Goldstein lookup and CAMEO2PLOVER (Halterman et al., MIT).\n");
    out.push_str(
        "# Codes GDELT does not score take their nearest scored parent's Goldstein value.\n",
    );
    out.push_str("code\troot\tquad\tgoldstein\tplover_event\tplover_mode\tlabel\n");
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        let get = |i: usize| f.get(i).copied().unwrap_or("").trim();
        let c = get(code);
        if c.is_empty() {
            continue;
        }
        // Codes GDELT does not score (PLOVER-era extensions such as `1951`,
        // `0811i`) take their nearest scored parent's value.
        let mut g = goldstein
            .get(c)
            .map_or(get(gold), String::as_str)
            .to_owned();
        let mut parent = c.to_owned();
        while g.is_empty() && parent.len() > 2 {
            parent.pop();
            g = goldstein.get(&parent).cloned().unwrap_or_default();
        }
        out.push_str(&format!(
            "{c}\t{}\t{}\t{g}\t{}\t{}\t{}\n",
            get(root),
            get(quad),
            get(pev),
            get(pmode),
            get(desc)
        ));
    }
    use std::io::Write;
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(())
}
