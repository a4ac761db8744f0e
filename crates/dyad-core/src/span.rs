use std::ops::Range;

/// A half-open range of byte offsets into [`crate::Document::text`].
///
/// `u32` keeps layers compact (a document is capped at 4 GiB, far above the
/// readers' limit); byte offsets make slicing free. Offsets always fall on
/// `char` boundaries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// First byte (inclusive).
    pub start: u32,
    /// One past the last byte (exclusive).
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end` (`start <= end`).
    #[inline]
    pub fn new(start: u32, end: u32) -> Self {
        debug_assert!(start <= end, "span start {start} > end {end}");
        Self { start, end }
    }

    /// A span from `usize` offsets, as produced by `str` methods.
    ///
    /// Callers guarantee the offsets fit in `u32`, which
    /// [`crate::Document::new`] checks for the whole text.
    #[inline]
    pub fn from_usize(start: usize, end: usize) -> Self {
        Self::new(start as u32, end as u32)
    }

    /// Length in bytes.
    #[inline]
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the span covers no bytes.
    #[inline]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The byte range, for slicing.
    #[inline]
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// True when `other` lies entirely inside `self`.
    #[inline]
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// Converts byte offsets of one text into Unicode code point offsets.
///
/// Keeps the code point count at every 64-byte block boundary (1/16 of the
/// text's size in memory), then counts within one block: O(1) per lookup
/// whatever the order of the lookups.
#[derive(Debug)]
pub struct CharIndex<'a> {
    text: &'a str,
    blocks: Vec<u32>,
}

const BLOCK: usize = 64;

impl<'a> CharIndex<'a> {
    /// Index `text`.
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut blocks = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut count = 0u32;
        for chunk in bytes.chunks(BLOCK) {
            blocks.push(count);
            count += chunk.iter().filter(|&&b| !is_continuation(b)).count() as u32;
        }
        blocks.push(count);
        Self { text, blocks }
    }

    /// The code point offset of byte offset `byte` (which must be on a
    /// `char` boundary or equal to the text length).
    pub fn char_offset(&self, byte: u32) -> u32 {
        let byte = (byte as usize).min(self.text.len());
        let block = byte / BLOCK;
        let base = self.blocks[block];
        let within = self.text.as_bytes()[block * BLOCK..byte]
            .iter()
            .filter(|&&b| !is_continuation(b))
            .count() as u32;
        base + within
    }

    /// Both ends of `span` in code points.
    pub fn span(&self, span: Span) -> (u32, u32) {
        (self.char_offset(span.start), self.char_offset(span.end))
    }
}

#[inline]
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn char_offsets_of_multibyte_text() {
        let text = "“Ab” — ü";
        let idx = CharIndex::new(text);
        assert_eq!(idx.char_offset(0), 0);
        assert_eq!(idx.char_offset(3), 1); // after “
        assert_eq!(
            idx.char_offset(text.len() as u32),
            text.chars().count() as u32
        );
    }

    proptest! {
        #[test]
        fn char_index_agrees_with_char_indices(text in "\\PC{0,300}") {
            let idx = CharIndex::new(&text);
            for (n, (b, _)) in text.char_indices().enumerate() {
                prop_assert_eq!(idx.char_offset(b as u32), n as u32);
            }
            prop_assert_eq!(idx.char_offset(text.len() as u32), text.chars().count() as u32);
        }
    }
}
