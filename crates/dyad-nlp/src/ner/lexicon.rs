//! A proper-noun lexicon learnt from treebanks: for each lower-cased word,
//! how often it is tagged PROPN in UD English EWT train and GUM train
//! (shippable documents).
//!
//! NER must decide whether a capitalised word is a name; capitals alone
//! are a poor cue in web text ("Kitchen", "florida"). The share of PROPN
//! uses of the word in a larger tagged corpus is a cheap, strong prior
//! that the NER corpora alone cannot give. Stored in the model file.

use std::collections::BTreeMap;

use crate::conllu::ConlluSentence;
use crate::model::{FormatError, ModelReader, ModelWriter};
use crate::tag::FastMap;

/// Words seen fewer times than this are left out (unknown).
const MIN_COUNT: u32 = 2;

/// Lower-cased word -> PROPN-share bucket (1..=5; 0 = unknown).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Lexicon {
    /// A fast (FNV) hasher: looked up once per token; iteration order
    /// never matters, as [`Lexicon::write`] sorts.
    words: FastMap<String, u8>,
}

fn bucket(propn: u32, total: u32) -> u8 {
    let r = f64::from(propn) / f64::from(total.max(1));
    if r < 0.05 {
        1
    } else if r < 0.3 {
        2
    } else if r < 0.7 {
        3
    } else if r < 0.95 {
        4
    } else {
        5
    }
}

impl Lexicon {
    /// Count PROPN shares over tagged sentences.
    pub(crate) fn build<'a>(sents: impl IntoIterator<Item = &'a ConlluSentence>) -> Self {
        let mut counts: BTreeMap<String, (u32, u32)> = BTreeMap::new();
        for s in sents {
            for w in &s.words {
                let e = counts.entry(w.form.to_lowercase()).or_default();
                e.0 += u32::from(w.upos == "PROPN");
                e.1 += 1;
            }
        }
        let words = counts
            .into_iter()
            .filter(|(_, (_, t))| *t >= MIN_COUNT)
            .map(|(w, (p, t))| (w, bucket(p, t)))
            .collect();
        Self { words }
    }

    /// The bucket of a lower-cased word (0 = unknown).
    #[inline]
    pub(crate) fn get(&self, lower: &str) -> u8 {
        self.words.get(lower).copied().unwrap_or(0)
    }

    /// Write in sorted order (deterministic bytes).
    pub(crate) fn write(&self, w: &mut ModelWriter) {
        let mut items: Vec<(&String, &u8)> = self.words.iter().collect();
        items.sort_unstable();
        w.u64(items.len() as u64);
        for (word, b) in items {
            w.str(word);
            w.u16(u16::from(*b));
        }
    }

    /// Read what [`Lexicon::write`] wrote.
    pub(crate) fn read(r: &mut ModelReader<'_>) -> Result<Self, FormatError> {
        let n = r.u64()? as usize;
        let mut words = FastMap::with_capacity_and_hasher(n.min(1 << 20), Default::default());
        for _ in 0..n {
            let word = r.str()?;
            let b = r.u16()?;
            if b > 5 {
                return Err(FormatError::Invalid("lexicon bucket out of range"));
            }
            words.insert(word, b as u8);
        }
        Ok(Self { words })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conllu::read_sentences;

    #[test]
    fn buckets_by_propn_share() {
        let text = "1\tParis\tParis\tPROPN\tNNP\t_\t0\troot\t_\t_\n2\tkitchen\tkitchen\tNOUN\tNN\t_\t1\tdep\t_\t_\n\n1\tparis\tParis\tPROPN\tNNP\t_\t0\troot\t_\t_\n2\tKitchen\tkitchen\tNOUN\tNN\t_\t1\tdep\t_\t_\n3\tonce\tonce\tADV\tRB\t_\t1\tdep\t_\t_\n";
        let sents: Vec<_> = read_sentences(text.as_bytes())
            .collect::<Result<_, _>>()
            .unwrap();
        let lex = Lexicon::build(&sents);
        assert_eq!(lex.get("paris"), 5);
        assert_eq!(lex.get("kitchen"), 1);
        assert_eq!(lex.get("once"), 0, "seen once: unknown");
        let mut w = ModelWriter::new("t", "v");
        lex.write(&mut w);
        let bytes = w.finish();
        let mut r = ModelReader::open(&bytes, "t").unwrap();
        assert_eq!(Lexicon::read(&mut r).unwrap(), lex);
    }
}
