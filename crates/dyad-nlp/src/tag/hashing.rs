//! A fast, deterministic hasher for the tagger's string-keyed tables
//! (tag dictionary, ambiguity classes, lemma lexicon and rules). They are
//! looked up several times per word, and std's SipHash (built to resist
//! hash flooding) costs more than the rest of the lookup on short keys.
//! The tables are built from a treebank, not from attacker input.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a with a final avalanche, so the high bits hashbrown probes with
/// are well mixed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FnvHasher(u64);

impl Default for FnvHasher {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for FnvHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    #[inline]
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h
    }
}

/// A `HashMap` with [`FnvHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FnvHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_works_with_str_keys() {
        let mut m: FastMap<Box<str>, u32> = FastMap::default();
        m.insert("the".into(), 1);
        m.insert("The".into(), 2);
        assert_eq!(m.get("the"), Some(&1));
        assert_eq!(m.get("The"), Some(&2));
        assert_eq!(m.get("thee"), None);
    }
}
