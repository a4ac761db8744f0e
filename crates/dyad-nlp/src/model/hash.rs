//! Feature hashing: a feature is a template id plus one or more strings,
//! folded into a 64-bit key with FNV-1a (stable across platforms and
//! releases, unlike `std`'s hasher).

/// A hashed feature.
pub type FeatureKey = u64;

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

#[inline]
fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(PRIME);
    }
    h
}

/// A reusable buffer of hashed features for one decision.
///
/// ```
/// use dyad_nlp::model::Features;
/// let mut f = Features::new();
/// f.add(1, &["the"]);
/// f.add(2, &["the", "NOUN"]);
/// assert_eq!(f.keys().len(), 2);
/// assert_ne!(f.keys()[0], f.keys()[1]);
/// ```
#[derive(Debug, Default, Clone)]
pub struct Features {
    keys: Vec<FeatureKey>,
}

impl Features {
    /// An empty buffer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Forget all features (keeps the allocation).
    #[inline]
    pub fn clear(&mut self) {
        self.keys.clear();
    }

    /// Add the feature `template(parts...)`.
    #[inline]
    pub fn add(&mut self, template: u16, parts: &[&str]) {
        let mut h = fnv(OFFSET, &template.to_le_bytes());
        for p in parts {
            h = fnv(h, p.as_bytes());
            h = fnv(h, &[0xff]); // separator: ("ab","c") != ("a","bc")
        }
        self.keys.push(h);
    }

    /// Add a feature from a template and an integer value (a bucketed
    /// distance, a flag).
    #[inline]
    pub fn add_int(&mut self, template: u16, value: i64) {
        let h = fnv(OFFSET, &template.to_le_bytes());
        self.keys.push(fnv(h, &value.to_le_bytes()));
    }

    /// Add an already hashed key.
    #[inline]
    pub fn push(&mut self, key: FeatureKey) {
        self.keys.push(key);
    }

    /// The keys added so far.
    #[inline]
    pub fn keys(&self) -> &[FeatureKey] {
        &self.keys
    }
}
