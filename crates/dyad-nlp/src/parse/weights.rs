//! The parser's read-only weight table, built for speed and size.
//!
//! The parser looks up ~120 features per transition, two transitions per
//! word; at 100k words/s that leaves a few nanoseconds per lookup, so the
//! generic [`Perceptron`] (a `std` `HashMap` with SipHash) is converted
//! after training into an open-addressing table indexed directly by the
//! (already well mixed) feature hash.
//!
//! On disk, keys are folded to 32 bits (a hash kernel: with ~10^6 features
//! a few dozen collide, and their weights are simply summed), sorted and
//! delta-coded as varints; weights are rounded to bfloat16 (about three
//! significant digits, which greedy decoding does not notice) and small
//! ones dropped. That shrinks the file about three times versus the
//! generic format.

use crate::model::{FeatureKey, FormatError, ModelReader, ModelWriter, Perceptron};

/// A sparse multiclass weight table.
#[derive(Debug, Clone, Default)]
pub(crate) struct Weights {
    classes: usize,
    /// Open addressing over folded keys; key 0 = empty.
    slots: Vec<Slot>,
    mask: usize,
    /// Entries of rows longer than [`INLINE`], past the inline ones.
    entries: Vec<(u16, u16)>,
    features: usize,
}

/// Entries stored in the slot itself: rare features (rare words, word
/// pairs), whose rows are short, then cost one cache miss, not two.
const INLINE: usize = 2;

/// One feature: its key, `start << 8 | len` (row length and where the
/// entries past the inline ones start), and the first entries as
/// `(class, bfloat16 weight bits)`, classes ascending.
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    key: u32,
    meta: u32,
    inline: [(u16, u16); INLINE],
}

/// Fold a 64-bit feature hash to the 32-bit key of the table (never 0).
#[inline]
fn fold(k: FeatureKey) -> u32 {
    let x = (k ^ (k >> 32)) as u32;
    if x == 0 { 1 } else { x }
}

/// The bfloat16 bits of `w` (rounded).
fn bf16_bits(w: f32) -> u16 {
    (round_bf16(w).to_bits() >> 16) as u16
}

/// The `f32` of bfloat16 bits.
#[inline]
fn from_bf16(b: u16) -> f32 {
    f32::from_bits(u32::from(b) << 16)
}

impl Weights {
    /// The entries of a feature's row.
    #[inline]
    fn row<'a>(&'a self, slot: &'a Slot) -> impl Iterator<Item = (u16, u16)> + 'a {
        let len = (slot.meta & 0xff) as usize;
        let start = (slot.meta >> 8) as usize;
        let rest = len.saturating_sub(INLINE);
        let tail = self.entries.get(start..start + rest).unwrap_or(&[]);
        slot.inline[..len.min(INLINE)].iter().chain(tail).copied()
    }
}

/// Round `w` to bfloat16 precision (nearest, ties to even).
pub(crate) fn round_bf16(w: f32) -> f32 {
    if !w.is_finite() {
        return 0.0;
    }
    let bits = w.to_bits();
    let rounding = 0x7fff + ((bits >> 16) & 1);
    f32::from_bits(bits.wrapping_add(rounding) & 0xffff_0000)
}

impl Weights {
    /// Number of classes.
    pub(crate) fn classes(&self) -> usize {
        self.classes
    }

    /// Number of features with weights.
    pub(crate) fn features(&self) -> usize {
        self.features
    }

    /// Build from `(key, class, weight)` triples (any order; keys already
    /// folded), summing duplicates.
    fn build(classes: usize, mut triples: Vec<(u32, u16, f32)>) -> Self {
        triples.sort_unstable_by_key(|t| (t.0, t.1));
        let mut rows: Vec<(u32, Vec<(u16, f32)>)> = Vec::new();
        for (k, c, w) in triples {
            match rows.last_mut() {
                Some((rk, row)) if *rk == k => match row.last_mut() {
                    Some(last) if last.0 == c => last.1 += w,
                    _ => row.push((c, w)),
                },
                _ => rows.push((k, vec![(c, w)])),
            }
        }
        let size = (rows.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![Slot::default(); size];
        let mut entries = Vec::new();
        let mut features = 0;
        for (k, row) in &mut rows {
            row.retain(|e| round_bf16(e.1) != 0.0);
            // A row holds at most 255 entries (the classes of one feature).
            row.truncate(255);
            if row.is_empty() || entries.len() >= 1 << 24 {
                continue;
            }
            let start = entries.len() as u32;
            let mut inline = [(0, 0); INLINE];
            for (i, &(c, w)) in row.iter().enumerate() {
                match inline.get_mut(i) {
                    Some(e) => *e = (c, bf16_bits(w)),
                    None => entries.push((c, bf16_bits(w))),
                }
            }
            let mut i = *k as usize & (size - 1);
            while slots[i].key != 0 {
                i = (i + 1) & (size - 1);
            }
            slots[i] = Slot {
                key: *k,
                meta: start << 8 | row.len() as u32,
                inline,
            };
            features += 1;
        }
        Self {
            classes,
            slots,
            mask: size - 1,
            entries,
            features,
        }
    }

    /// Convert a trained perceptron, dropping weights of magnitude at most
    /// `threshold`.
    pub(crate) fn from_perceptron(p: &Perceptron, threshold: f32) -> Result<Self, FormatError> {
        // The perceptron's weights are private: read its serialised form.
        let mut w = ModelWriter::new("weights", "");
        p.write(&mut w);
        let bytes = w.finish();
        let mut r = ModelReader::open(&bytes, "weights")?;
        let classes = r.u64()? as usize;
        let n = r.u64()?;
        let mut triples = Vec::new();
        for _ in 0..n {
            let key = fold(r.u64()?);
            for _ in 0..r.u64()? {
                let (c, wt) = (r.u16()?, r.f32()?);
                if wt.abs() > threshold {
                    triples.push((key, c, wt));
                }
            }
        }
        Ok(Self::build(classes, triples))
    }

    /// A copy without weights of magnitude at most `threshold`.
    pub(crate) fn pruned(&self, threshold: f32) -> Self {
        let mut triples = Vec::new();
        for slot in self.slots.iter().filter(|s| s.key != 0) {
            for (c, w) in self.row(slot) {
                if from_bf16(w).abs() > threshold {
                    triples.push((slot.key, c, from_bf16(w)));
                }
            }
        }
        Self::build(self.classes, triples)
    }

    /// Add the weights of `keys` into `scores` (length `classes()`).
    ///
    /// Two passes: first find every feature's row (independent loads, so
    /// the CPU overlaps their cache misses), then add the rows up.
    #[inline]
    pub(crate) fn score_into(&self, keys: &[FeatureKey], rows: &mut Vec<u32>, scores: &mut [f32]) {
        rows.clear();
        for &k in keys {
            let k = fold(k);
            let mut i = k as usize & self.mask;
            let mut key = self.slots[i].key;
            while key != k && key != 0 {
                i = (i + 1) & self.mask;
                key = self.slots[i].key;
            }
            if key == k {
                rows.push(i as u32);
            }
        }
        for &i in rows.iter() {
            let Some(slot) = self.slots.get(i as usize) else {
                continue;
            };
            for (c, w) in self.row(slot) {
                if let Some(s) = scores.get_mut(c as usize) {
                    *s += from_bf16(w);
                }
            }
        }
    }

    /// Serialise: sorted keys delta-coded as varints, then per feature its
    /// entry count, classes and bfloat16 weights, all in one byte blob.
    pub(crate) fn write(&self, w: &mut ModelWriter) {
        let mut rows: Vec<&Slot> = self.slots.iter().filter(|s| s.key != 0).collect();
        rows.sort_unstable_by_key(|s| s.key);
        let mut blob = Vec::new();
        let mut prev = 0u32;
        for slot in &rows {
            varint(&mut blob, u64::from(slot.key - prev));
            prev = slot.key;
            let row: Vec<(u16, u16)> = self.row(slot).collect();
            varint(&mut blob, row.len() as u64);
            for &(c, wt) in &row {
                varint(&mut blob, u64::from(c));
                blob.extend_from_slice(&wt.to_le_bytes());
            }
        }
        w.u64(self.classes as u64);
        w.u64(rows.len() as u64);
        w.u64(blob.len() as u64);
        for pair in blob.chunks(2) {
            w.u16(u16::from_le_bytes([
                pair[0],
                pair.get(1).copied().unwrap_or(0),
            ]));
        }
    }

    /// Read what [`Weights::write`] wrote.
    pub(crate) fn read(r: &mut ModelReader<'_>) -> Result<Self, FormatError> {
        let classes = r.u64()? as usize;
        let n = r.u64()? as usize;
        let len = r.u64()? as usize;
        if len > (1 << 32) || classes > usize::from(u16::MAX) {
            return Err(FormatError::Invalid("parser weights too large"));
        }
        let mut blob = Vec::with_capacity(len + 1);
        while blob.len() < len {
            blob.extend_from_slice(&r.u16()?.to_le_bytes());
        }
        blob.truncate(len);
        let mut at = 0usize;
        let mut triples = Vec::with_capacity(n * 3);
        let mut key = 0u32;
        for _ in 0..n {
            let delta = u32::try_from(read_varint(&blob, &mut at)?)
                .map_err(|_| FormatError::Invalid("parser key delta"))?;
            key = key
                .checked_add(delta)
                .ok_or(FormatError::Invalid("parser keys not sorted"))?;
            for _ in 0..read_varint(&blob, &mut at)? {
                let c = read_varint(&blob, &mut at)?;
                if c as usize >= classes {
                    return Err(FormatError::Invalid("parser class id out of range"));
                }
                let hi = blob.get(at..at + 2).ok_or(FormatError::Truncated)?;
                at += 2;
                let wt = f32::from_bits(u32::from(u16::from_le_bytes([hi[0], hi[1]])) << 16);
                triples.push((key.max(1), c as u16, wt));
            }
        }
        Ok(Self::build(classes, triples))
    }
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn read_varint(blob: &[u8], at: &mut usize) -> Result<u64, FormatError> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *blob.get(*at).ok_or(FormatError::Truncated)?;
        *at += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Ok(v);
        }
    }
    Err(FormatError::Invalid("varint too long"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Features, Trainer};

    #[test]
    fn rounding_keeps_three_digits() {
        for x in [1.0f32, -0.123_456, 2.71, 1e-6, 12345.678] {
            let r = round_bf16(x);
            assert_eq!(r.to_bits() & 0xffff, 0);
            assert!((r - x).abs() <= x.abs() / 128.0, "{x} -> {r}");
        }
        assert_eq!(round_bf16(f32::NAN), 0.0);
    }

    #[test]
    fn table_matches_perceptron_and_round_trips() {
        let mut t = Trainer::new(3);
        let mut f = Features::new();
        for i in 0..60 {
            f.clear();
            f.add(0, &[&format!("w{}", i % 7)]);
            f.add(1, &[if i == 0 { "rare" } else { "common" }]);
            t.train(f.keys(), i % 3);
        }
        let p = t.finish(0.0);
        let w = Weights::from_perceptron(&p, 0.0).unwrap();
        assert_eq!(w.features(), p.features());
        let mut bytes = ModelWriter::new("t", "v");
        w.write(&mut bytes);
        let bytes = bytes.finish();
        let mut r = ModelReader::open(&bytes, "t").unwrap();
        let back = Weights::read(&mut r).unwrap();
        assert!(r.at_end());
        for i in 0..7 {
            f.clear();
            f.add(0, &[&format!("w{i}")]);
            f.add(1, &["common"]);
            let (mut a, mut b, mut rows) = (vec![0.0; 3], vec![0.0; 3], Vec::new());
            w.score_into(f.keys(), &mut rows, &mut a);
            back.score_into(f.keys(), &mut rows, &mut b);
            assert_eq!(a, b);
            let exact = p.scores(f.keys());
            for c in 0..3 {
                assert!((a[c] - exact[c]).abs() <= exact[c].abs() / 64.0 + 1e-6);
            }
        }
        assert!(w.pruned(1e9).features() == 0);
    }
}
