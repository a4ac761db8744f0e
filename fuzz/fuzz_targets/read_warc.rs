//! WARC, plain or gzip: never panics, always terminates.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let docs: Vec<_> = if data.starts_with(&[0x1f, 0x8b]) {
        dyad_read::WarcReader::from_gzip(data, "fuzz.warc.gz")
            .max_bytes(1 << 16)
            .collect()
    } else {
        dyad_read::WarcReader::new(data, "fuzz.warc")
            .max_bytes(1 << 16)
            .collect()
    };
    for doc in docs.into_iter().flatten() {
        assert!(!doc.text.is_empty());
    }
});
