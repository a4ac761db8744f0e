//! Plain text: never panics; a document has non-empty text without `\r`.
#![no_main]

use dyad_core::Origin;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = dyad_read::read_text(data, Origin::default()) {
        assert!(!doc.text.trim().is_empty());
        assert!(!doc.text.contains('\r'));
    }
});
