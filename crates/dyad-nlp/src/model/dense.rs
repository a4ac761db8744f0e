//! Read-only perceptron weights laid out for speed, shared by the tagger
//! and the named-entity recogniser.
//!
//! Scoring is most of a tagger's time, and the frequent features
//! (bias, shapes, window words, previous labels) have weights for most
//! classes. [`crate::model::Perceptron`] keeps every row sparse (class,
//! weight) behind a SipHash map; here rows with many classes are stored
//! dense, so adding them is a vectorised loop, and the index is an
//! open-addressing table over the (already hashed) feature keys whose
//! lookups overlap their cache misses. The file section is
//! exactly [`crate::model::Perceptron::write`]'s, so training output and
//! this reader agree byte for byte.

use super::{FeatureKey, FormatError, ModelReader, ModelWriter, Perceptron};

const DENSE: u32 = 1 << 31;

/// One slot of the open-addressing index: a feature key (0 = empty) and
/// where its row is, (start, len) into `sparse` or (start | DENSE, _)
/// into `dense`. Sixteen bytes, four to a cache line.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: FeatureKey,
    a: u32,
    b: u32,
}

/// Keys looked up together in [`Weights::best`]: their first probes are
/// gathered before any is examined.
const BATCH: usize = 32;

/// Multiclass weights: sparse rows for rare features, dense for common.
///
/// The index is a linear-probing table, at most half full, rather than a
/// `HashMap`: most of scoring time is cache misses on the index, and a
/// table whose home slot can be read without branching lets
/// [`Weights::best`] issue the misses of all a decision's features at
/// once instead of one after another behind unpredictable branches.
#[derive(Debug, Clone)]
pub(crate) struct Weights {
    classes: usize,
    /// Power-of-two sized; key 0 marks an empty slot.
    slots: Vec<Slot>,
    /// `64 - log2(slots.len())`: home slots are the top bits of the mixed key.
    shift: u32,
    /// The row of key 0, which cannot live in `slots`.
    zero: Option<(u32, u32)>,
    /// Number of keys with rows.
    len: usize,
    sparse: Vec<(u16, f32)>,
    dense: Vec<f32>,
}

impl Default for Weights {
    fn default() -> Self {
        Self::with_capacity(0, 0)
    }
}

impl Weights {
    /// Empty weights with room for `n` keys.
    fn with_capacity(classes: usize, n: usize) -> Self {
        let size = (2 * n).max(2).next_power_of_two();
        Weights {
            classes,
            slots: vec![Slot::default(); size],
            shift: 64 - size.trailing_zeros(),
            zero: None,
            len: 0,
            sparse: Vec::new(),
            dense: Vec::new(),
        }
    }

    /// The home slot of `key` (keys are FNV hashes; one more mixing step
    /// spreads their bits before the top ones are taken).
    #[inline]
    fn home(&self, key: FeatureKey) -> usize {
        let h = (key ^ (key >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        (h >> self.shift) as usize
    }

    /// The row of `key`, probing from slot `i` on.
    #[inline]
    fn find_from(&self, key: FeatureKey, mut i: usize) -> Option<(u32, u32)> {
        if key == 0 {
            return self.zero;
        }
        let mask = self.slots.len() - 1;
        // The table is never full, so an empty slot ends the loop.
        loop {
            let s = self.slots.get(i & mask)?;
            if s.key == key {
                return Some((s.a, s.b));
            }
            if s.key == 0 {
                return None;
            }
            i = (i & mask) + 1;
        }
    }

    /// Set the row of `key` (replacing any earlier one, as a map would).
    fn insert(&mut self, key: FeatureKey, row: (u32, u32)) {
        if key == 0 {
            self.len += usize::from(self.zero.is_none());
            self.zero = Some(row);
            return;
        }
        if 2 * (self.len + 1) > self.slots.len() {
            let mut bigger = Weights::with_capacity(self.classes, self.slots.len());
            for s in self.slots.iter().filter(|s| s.key != 0) {
                bigger.insert(s.key, (s.a, s.b));
            }
            self.slots = bigger.slots;
            self.shift = bigger.shift;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let s = &mut self.slots[i];
            if s.key == key {
                (s.a, s.b) = row;
                return;
            }
            if s.key == 0 {
                *s = Slot {
                    key,
                    a: row.0,
                    b: row.1,
                };
                self.len += 1;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// Convert trained weights (through their file form, the only view
    /// [`Perceptron`] gives of them).
    pub(crate) fn from_perceptron(p: &Perceptron) -> Result<Self, FormatError> {
        let mut w = ModelWriter::new("weights", "");
        p.write(&mut w);
        Self::read(&mut w.into_reader("weights")?)
    }

    pub(crate) fn classes(&self) -> usize {
        self.classes
    }

    /// Number of features with weights.
    pub(crate) fn features(&self) -> usize {
        self.len
    }

    /// Read one value from each cache line of the row at `(a, b)`, so
    /// that the loads of several rows are in flight together.
    #[inline]
    fn touch_row(&self, a: u32, b: u32) -> u32 {
        let mut t = 0;
        if a & DENSE != 0 {
            let a = (a & !DENSE) as usize;
            for i in (a..a + self.classes).step_by(16) {
                t ^= self.dense.get(i).map_or(0, |w| w.to_bits());
            }
        } else {
            let (a, b) = (a as usize, b as usize);
            for i in (a..a + b).step_by(8) {
                t ^= self.sparse.get(i).map_or(0, |e| e.1.to_bits());
            }
        }
        t
    }

    /// Add the row at `(a, b)` to `scores`.
    #[inline]
    fn add_row(&self, (a, b): (u32, u32), scores: &mut [f32]) {
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

    /// The best class for `keys` among those `allowed` (ties to the
    /// lower id; 0 when none is allowed); `scores` is scratch space.
    /// Rows are added in the order of `keys`, so the sums (and ties) are
    /// exactly those of [`Perceptron::best`].
    #[inline]
    pub(crate) fn best(
        &self,
        keys: &[FeatureKey],
        scores: &mut Vec<f32>,
        allowed: impl Fn(usize) -> bool,
    ) -> usize {
        scores.clear();
        scores.resize(self.classes, 0.0);
        let mut first = [Slot::default(); BATCH];
        let mut rows = [(0u32, 0u32); BATCH];
        for chunk in keys.chunks(BATCH) {
            // Gather every home slot first: plain loads, no branches, so
            // their cache misses overlap.
            for (f, &k) in first.iter_mut().zip(chunk) {
                *f = self.slots.get(self.home(k)).copied().unwrap_or_default();
            }
            let mut n = 0;
            for (f, &k) in first.iter().zip(chunk) {
                let row = if f.key == k && k != 0 {
                    Some((f.a, f.b))
                } else if f.key == 0 && k != 0 {
                    None
                } else {
                    self.find_from(k, self.home(k) + 1)
                };
                if let Some(row) = row {
                    rows[n] = row;
                    n += 1;
                }
            }
            // Touch every cache line of the rows, again without
            // branching on loaded data, before adding them in order.
            let mut touch = 0u32;
            for &(a, b) in &rows[..n] {
                touch ^= self.touch_row(a, b);
            }
            std::hint::black_box(touch);
            for &row in &rows[..n] {
                self.add_row(row, scores);
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

    /// Every nonzero weight, as `(key, class, weight)`.
    pub(crate) fn for_each_weight(&self, mut f: impl FnMut(FeatureKey, u16, f32)) {
        let rows = self
            .slots
            .iter()
            .filter(|s| s.key != 0)
            .map(|s| (s.key, (s.a, s.b)))
            .chain(self.zero.map(|row| (0, row)));
        for (k, (a, b)) in rows {
            if a & DENSE != 0 {
                let a = (a & !DENSE) as usize;
                for (c, &x) in self.dense[a..a + self.classes].iter().enumerate() {
                    if x != 0.0 {
                        f(k, c as u16, x);
                    }
                }
            } else {
                for &(c, x) in &self.sparse[a as usize..(a + b) as usize] {
                    f(k, c, x);
                }
            }
        }
    }

    /// Number of nonzero weights (sparse rows hold no zeros).
    pub(crate) fn weights(&self) -> usize {
        self.sparse.len() + self.dense.iter().filter(|&&x| x != 0.0).count()
    }

    /// Write in [`Perceptron::write`]'s format.
    pub(crate) fn write(&self, w: &mut ModelWriter) {
        let mut keys: Vec<(FeatureKey, (u32, u32))> = self
            .slots
            .iter()
            .filter(|s| s.key != 0)
            .map(|s| (s.key, (s.a, s.b)))
            .chain(self.zero.map(|row| (0, row)))
            .collect();
        keys.sort_unstable_by_key(|e| e.0);
        w.u64(self.classes as u64);
        w.u64(keys.len() as u64);
        for (k, (a, b)) in keys {
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
        let mut out = Weights::with_capacity(classes, n.min(1 << 24));
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
            out.insert(key, entry);
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

    #[test]
    fn index_keeps_every_key_including_zero() {
        let mut w = Weights::with_capacity(3, 0);
        for k in 0..1000u64 {
            w.insert(k.wrapping_mul(0x9e37_79b9_7f4a_7c15), (k as u32, 1));
        }
        w.insert(0, (7, 1));
        assert_eq!(w.features(), 1000);
        assert!(2 * w.features() <= w.slots.len());
        for k in 1..1000u64 {
            let key = k.wrapping_mul(0x9e37_79b9_7f4a_7c15);
            assert_eq!(w.find_from(key, w.home(key)), Some((k as u32, 1)));
        }
        assert_eq!(w.find_from(0, 0), Some((7, 1)));
        assert_eq!(w.find_from(12345, w.home(12345)), None);
    }
}
