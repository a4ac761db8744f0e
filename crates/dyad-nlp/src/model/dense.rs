//! Read-only perceptron weights laid out for speed, shared by the tagger
//! and the named-entity recogniser.
//!
//! Scoring is most of a tagger's time, and the frequent features
//! (bias, shapes, window words, previous labels) have weights for most
//! classes. [`crate::model::Perceptron`] keeps every row sparse (class,
//! weight) behind a SipHash map; here rows with many classes are stored
//! dense, so adding them is a vectorised loop, and the index hashes the
//! (already hashed) feature keys with one multiply. The file section is
//! exactly [`crate::model::Perceptron::write`]'s, so training output and
//! this reader agree byte for byte.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::{FeatureKey, FormatError, ModelReader, ModelWriter, Perceptron};

/// Hasher for keys that are already hashes: one avalanche step.
#[derive(Debug, Clone, Copy, Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    #[inline]
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }

    #[inline]
    fn finish(&self) -> u64 {
        let h = self.0 ^ (self.0 >> 29);
        h.wrapping_mul(0xbf58_476d_1ce4_e5b9)
    }
}

const DENSE: u32 = 1 << 31;

/// Multiclass weights: sparse rows for rare features, dense for common.
#[derive(Debug, Clone, Default)]
pub(crate) struct Weights {
    classes: usize,
    /// Key -> (start, len) into `sparse`, or (start | DENSE, _) into `dense`.
    index: HashMap<FeatureKey, (u32, u32), BuildHasherDefault<KeyHasher>>,
    sparse: Vec<(u16, f32)>,
    dense: Vec<f32>,
}

impl Weights {
    /// Convert trained weights (through their file form, the only view
    /// [`Perceptron`] gives of them).
    pub(crate) fn from_perceptron(p: &Perceptron) -> Result<Self, FormatError> {
        let mut w = ModelWriter::new("weights", "");
        p.write(&mut w);
        let bytes = w.finish();
        let mut r = ModelReader::open(&bytes, "weights")?;
        Self::read(&mut r)
    }

    pub(crate) fn classes(&self) -> usize {
        self.classes
    }

    /// Number of features with weights.
    pub(crate) fn features(&self) -> usize {
        self.index.len()
    }

    /// The best class for `keys` among those `allowed` (ties to the
    /// lower id; 0 when none is allowed); `scores` is scratch space.
    #[inline]
    pub(crate) fn best(
        &self,
        keys: &[FeatureKey],
        scores: &mut Vec<f32>,
        allowed: impl Fn(usize) -> bool,
    ) -> usize {
        scores.clear();
        scores.resize(self.classes, 0.0);
        for k in keys {
            let Some(&(a, b)) = self.index.get(k) else {
                continue;
            };
            if a & DENSE != 0 {
                let a = (a & !DENSE) as usize;
                if let Some(row) = self.dense.get(a..a + self.classes) {
                    for (s, w) in scores.iter_mut().zip(row) {
                        *s += w;
                    }
                }
            } else if let Some(row) = self.sparse.get(a as usize..(a + b) as usize) {
                for &(c, w) in row {
                    if let Some(s) = scores.get_mut(usize::from(c)) {
                        *s += w;
                    }
                }
            }
        }
        let mut best = None;
        let mut best_score = f32::NEG_INFINITY;
        for (c, &s) in scores.iter().enumerate() {
            if allowed(c) && (best.is_none() || s > best_score) {
                best = Some(c);
                best_score = s;
            }
        }
        best.unwrap_or(0)
    }

    /// Write in [`Perceptron::write`]'s format.
    pub(crate) fn write(&self, w: &mut ModelWriter) {
        let mut keys: Vec<(&FeatureKey, &(u32, u32))> = self.index.iter().collect();
        keys.sort_unstable_by_key(|e| *e.0);
        w.u64(self.classes as u64);
        w.u64(keys.len() as u64);
        for (&k, &(a, b)) in keys {
            w.u64(k);
            if a & DENSE != 0 {
                let a = (a & !DENSE) as usize;
                let row = &self.dense[a..a + self.classes];
                w.u64(row.iter().filter(|&&x| x != 0.0).count() as u64);
                for (c, &x) in row.iter().enumerate() {
                    if x != 0.0 {
                        w.u16(c as u16);
                        w.f32(x);
                    }
                }
            } else {
                w.u64(u64::from(b));
                for &(c, x) in &self.sparse[a as usize..(a + b) as usize] {
                    w.u16(c);
                    w.f32(x);
                }
            }
        }
    }

    /// Read [`Perceptron::write`]'s format.
    pub(crate) fn read(r: &mut ModelReader<'_>) -> Result<Self, FormatError> {
        let classes = r.u64()? as usize;
        if classes == 0 || classes > usize::from(u16::MAX) {
            return Err(FormatError::Invalid("bad number of classes"));
        }
        let n = r.u64()? as usize;
        let dense_from = (classes / 4).max(8);
        let mut out = Weights {
            classes,
            ..Weights::default()
        };
        out.index.reserve(n.min(1 << 24));
        let mut row: Vec<(u16, f32)> = Vec::new();
        for _ in 0..n {
            let key = r.u64()?;
            let len = r.u64()? as usize;
            if len > classes {
                return Err(FormatError::Invalid("row longer than the classes"));
            }
            row.clear();
            for _ in 0..len {
                let c = r.u16()?;
                let w = r.f32()?;
                if usize::from(c) >= classes || w == 0.0 {
                    return Err(FormatError::Invalid("bad weight entry"));
                }
                row.push((c, w));
            }
            let entry = if len >= dense_from {
                let a = out.dense.len();
                out.dense.resize(a + classes, 0.0);
                for &(c, w) in &row {
                    out.dense[a + usize::from(c)] = w;
                }
                (a as u32 | DENSE, 0)
            } else {
                let a = out.sparse.len();
                out.sparse.extend_from_slice(&row);
                (a as u32, len as u32)
            };
            if out.dense.len() >= DENSE as usize || out.sparse.len() >= DENSE as usize {
                return Err(FormatError::Invalid("too many weights"));
            }
            out.index.insert(key, entry);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Features, Trainer};

    #[test]
    fn same_scores_and_bytes_as_the_perceptron() {
        let mut t = Trainer::new(12);
        let mut f = Features::new();
        for i in 0..400 {
            f.clear();
            f.add(0, &[]);
            f.add(1, &[&format!("w{}", i % 17)]);
            f.add_int(2, i % 5);
            f.add(3, &[&format!("rare{i}")]);
            t.train(f.keys(), (i % 12) as usize);
        }
        let p = t.finish(0.0);
        let w = Weights::from_perceptron(&p).unwrap();
        assert!(!w.dense.is_empty() && !w.sparse.is_empty());
        let mut s = Vec::new();
        for i in 0..40 {
            f.clear();
            f.add(0, &[]);
            f.add(1, &[&format!("w{}", i % 19)]);
            f.add_int(2, i % 5);
            assert_eq!(
                w.best(f.keys(), &mut s, |_| true),
                p.best(f.keys(), &mut Vec::new(), None)
            );
            let odd = |c: usize| c % 2 == 1;
            assert_eq!(
                w.best(f.keys(), &mut s, odd),
                p.best(f.keys(), &mut Vec::new(), Some(&odd))
            );
        }
        let (mut a, mut b) = (ModelWriter::new("x", ""), ModelWriter::new("x", ""));
        p.write(&mut a);
        w.write(&mut b);
        assert_eq!(a.finish(), b.finish());
    }
}
