//! HTML: never panics; a document's text is trimmed paragraphs.
#![no_main]

use dyad_core::Origin;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = dyad_read::html_to_document(data, None, Origin::default()) {
        assert!(!doc.text.is_empty());
        assert_eq!(doc.text.trim(), doc.text);
        assert!(!doc.text.contains("\n\n\n"));
    }
});
