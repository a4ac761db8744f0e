//! JSON Lines and whole-file JSON: never panic; the line limit holds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for item in dyad_read::JsonlReader::new(data, "fuzz.jsonl").max_bytes(512) {
        match item {
            Ok(doc) => assert!(!doc.text.is_empty() && doc.text.len() <= 512),
            Err(e) => assert!(e.record().is_some()),
        }
    }
    for doc in dyad_read::read_json(data, "fuzz.json")
        .into_iter()
        .flatten()
    {
        assert!(!doc.text.is_empty());
    }
});
