//! The parser's read-only weight table, built for speed and size (the
//! tagger scores with it too, see [`crate::tag`]).
//!
//! The parser looks up ~90 features per transition (the ~74 that read
//! two or more positions, plus the single-token ones of roles not yet in
//! its per-sentence cache), two transitions per word; about three in four
//! are found, adding their weights into the 75 class scores, and each
//! lookup is a random memory access, so the layout is
//! what decides the parser's speed. The generic [`Perceptron`] (a `std` `HashMap` with
//! SipHash and scattered adds) is converted after training into two
//! tables indexed directly by the (already well mixed) feature hash:
//!
//! - **hot**: the features with long rows (tags, labels, frequent words:
//!   a few percent of the features, most of the weights added), stored as
//!   dense bfloat16 rows over all classes behind a small key table that
//!   stays in cache; their rows are added with vector instructions;
//! - **cold**: everything else (at most [`COLD_MAX`] weights), a key
//!   table pointing into rows packed 4 bytes a weight, so a found rare
//!   feature costs one cache miss for its weights; a Bloom filter that stays in
//!   cache turns away most keys that are in neither table before they
//!   cost a miss in the key table.
//!
//! On disk, keys are folded to 32 bits (a hash kernel: with ~10^6 features
//! a few dozen collide, and their weights are simply summed), sorted and
//! delta-coded as varints; weights are rounded to bfloat16 (about three
//! significant digits, which greedy decoding does not notice) and small
//! ones dropped. That shrinks the file about three times versus the
//! generic format. The split into hot and cold is made at load time.

use crate::model::{FeatureKey, FormatError, ModelReader, ModelWriter, Perceptron};

/// A sparse multiclass weight table.
#[derive(Debug, Clone, Default)]
pub(crate) struct Weights {
    classes: usize,
    /// Hot features: open addressing of `(key, row index)`; key 0 = empty.
    hot: Vec<(u32, u32)>,
    hot_mask: usize,
    /// Dense bfloat16 rows of the hot features, `stride` apart.
    dense: Vec<u16>,
    /// Row length of `dense` (`classes` rounded up to a multiple of 8).
    stride: usize,
    /// Cold features: open addressing of `(key, start << 4 | len)` into
    /// `entries`; key 0 = empty.
    keys: Vec<(u32, u32)>,
    /// The cold rows, one after another: `class << 16 | bfloat16 bits`,
    /// classes ascending.
    entries: Vec<u32>,
    mask: usize,
    /// A Bloom filter of the cold keys (two bits per key, about ten bits
    /// of filter per key): most keys looked up are in no table, and the
    /// filter, small enough to stay in cache, turns away ~95% of them
    /// before they cost a cache miss in the cold table.
    filter: Vec<u64>,
    /// `64 - log2(filter bits)`.
    filter_shift: u32,
    features: usize,
}

/// The two filter bits of a folded key.
#[inline]
fn filter_bits(k: u32, shift: u32) -> (usize, usize) {
    let a = u64::from(k).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> shift;
    let b = u64::from(k).wrapping_mul(0xc2b2_ae3d_27d4_eb4f) >> shift;
    (a as usize, b as usize)
}

/// Features with more weights than this are stored densely (hot). A
/// dense row costs `2 * stride` bytes against 4 per weight for a cold one;
/// the long rows are also the frequently seen features (tags, labels,
/// frequent words), so the dense table is both small and hot. Cold rows
/// are short (most have two weights), packed 4 bytes a weight, so a found
/// cold feature costs one cache miss, rarely two.
const COLD_MAX: usize = 10;

/// The `(class, bfloat16 bits)` of a packed cold entry.
#[inline]
fn unpack(e: u32) -> (u16, u16) {
    ((e >> 16) as u16, e as u16)
}

/// Reusable buffers of [`Weights::score_into`] and
/// [`Weights::find_segments`]: what was found, by segment.
#[derive(Debug, Default)]
pub(crate) struct Lookup {
    /// Found hot rows, segment after segment, each in key order.
    hot_found: Vec<u32>,
    /// Where each segment's hot rows end in `hot_found`.
    hot_ends: Vec<u32>,
    /// Found cold rows (`start << 4 | len`), segment after segment.
    cold_found: Vec<u32>,
    /// Where each segment's cold rows end in `cold_found`.
    cold_ends: Vec<u32>,
    /// Where each segment's keys that may be cold end in `cold`.
    cold_key_ends: Vec<u32>,
    /// The folded keys.
    folded: Vec<u32>,
    /// Per folded key: its hot home slot, and 1 when the Bloom filter
    /// says it may be cold.
    gathered: Vec<((u32, u32), u32)>,
    /// Folded keys not in the hot table.
    cold: Vec<u32>,
    /// The cold table's slot at each cold key's home.
    home: Vec<(u32, u32)>,
}

/// The value of key `k` in the linear-probing `table` (`mask + 1` slots,
/// key 0 = empty), given the `(key, value)` already read at its home
/// slot; only a collision there walks the chain.
#[inline]
fn probe(table: &[(u32, u32)], mask: usize, k: u32, home: (u32, u32)) -> Option<u32> {
    if home.0 == k {
        return Some(home.1);
    }
    let (mut i, mut key) = (k as usize & mask, home.0);
    while key != k && key != 0 {
        i = (i + 1) & mask;
        key = table.get(i).map_or(0, |s| s.0);
    }
    (key == k).then(|| table.get(i).map_or(0, |s| s.1))
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
    /// The non-zero entries of a hot feature's dense row.
    fn hot_row(&self, row: u32) -> impl Iterator<Item = (u16, u16)> + '_ {
        let start = row as usize * self.stride;
        let dense = self.dense.get(start..start + self.classes).unwrap_or(&[]);
        dense
            .iter()
            .enumerate()
            .filter(|(_, w)| **w != 0)
            .map(|(c, &w)| (c as u16, w))
    }

    /// The packed entries of a cold row (`start << 4 | len`).
    #[inline]
    fn cold_row(&self, r: u32) -> impl Iterator<Item = u32> + '_ {
        let (start, len) = ((r >> 4) as usize, (r & 0xf) as usize);
        self.entries
            .get(start..start + len)
            .unwrap_or(&[])
            .iter()
            .copied()
    }

    /// Every feature with its entries, in no particular order.
    fn all_rows(&self) -> impl Iterator<Item = (u32, Vec<(u16, u16)>)> + '_ {
        let hot = self
            .hot
            .iter()
            .filter(|h| h.0 != 0)
            .map(|&(k, r)| (k, self.hot_row(r).collect()));
        let cold = self
            .keys
            .iter()
            .filter(|k| k.0 != 0)
            .map(|&(k, r)| (k, self.cold_row(r).map(unpack).collect()));
        hot.chain(cold)
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
        // Rows are runs of the sorted triples (no allocation per row:
        // a model has ~10^6 of them, and start-up is mostly this).
        triples.sort_unstable_by_key(|t| (t.0, t.1));
        triples.dedup_by(|next, kept| {
            let same = next.0 == kept.0 && next.1 == kept.1;
            if same {
                kept.2 += next.2;
            }
            same
        });
        triples.retain(|t| round_bf16(t.2) != 0.0 && usize::from(t.1) < classes);
        // A row holds at most 255 entries (the classes of one feature).
        let rows = || {
            triples
                .chunk_by(|a, b| a.0 == b.0)
                .map(|row| (row[0].0, &row[..row.len().min(255)]))
        };
        let stride = classes.div_ceil(8) * 8;
        // Cold rows name classes in a byte.
        let is_hot = |row: &[(u32, u16, f32)]| row.len() > COLD_MAX;
        let (mut hot_rows, mut all_rows) = (0, 0);
        for (_, row) in rows() {
            hot_rows += usize::from(is_hot(row));
            all_rows += 1;
        }
        let hot_size = (hot_rows * 2).next_power_of_two().max(16);
        let mut hot = vec![(0u32, 0u32); hot_size];
        let mut dense = Vec::with_capacity(hot_rows * stride);
        let cold_rows = all_rows - hot_rows;
        let size = (cold_rows + cold_rows / 2).next_power_of_two().max(16);
        let mut keys = vec![(0u32, 0u32); size];
        let cold_weights = rows()
            .filter(|(_, r)| !is_hot(r))
            .map(|(_, r)| r.len())
            .sum();
        let mut cold: Vec<u32> = Vec::with_capacity(cold_weights);
        let mut features = 0;
        for (k, row) in rows() {
            if is_hot(row) {
                let index = (dense.len() / stride) as u32;
                let start = dense.len();
                dense.resize(start + stride, 0u16);
                for &(_, c, w) in row {
                    dense[start + usize::from(c)] = bf16_bits(w);
                }
                let mut i = k as usize & (hot_size - 1);
                while hot[i].0 != 0 {
                    i = (i + 1) & (hot_size - 1);
                }
                hot[i] = (k, index);
            } else {
                let mut i = k as usize & (size - 1);
                while keys[i].0 != 0 {
                    i = (i + 1) & (size - 1);
                }
                // Offsets fit 28 bits (2^28 weights, far past any model).
                keys[i] = (k, (cold.len() as u32) << 4 | row.len() as u32);
                cold.extend(
                    row.iter()
                        .map(|&(_, c, w)| u32::from(c) << 16 | u32::from(bf16_bits(w))),
                );
            }
            features += 1;
        }
        let filter_bits_len = (cold_rows * 10).next_power_of_two().max(64);
        let filter_shift = 64 - filter_bits_len.trailing_zeros();
        let mut filter = vec![0u64; filter_bits_len / 64];
        for &(key, _) in keys.iter().filter(|k| k.0 != 0) {
            let (a, b) = filter_bits(key, filter_shift);
            filter[a / 64] |= 1 << (a % 64);
            filter[b / 64] |= 1 << (b % 64);
        }
        Self {
            classes,
            filter,
            filter_shift,
            hot,
            hot_mask: hot_size - 1,
            dense,
            stride,
            keys,
            entries: cold,
            mask: size - 1,
            features,
        }
    }

    /// Convert a trained perceptron, dropping weights of magnitude at most
    /// `threshold`.
    pub(crate) fn from_perceptron(p: &Perceptron, threshold: f32) -> Result<Self, FormatError> {
        // The perceptron's weights are private: read its serialised form.
        let mut w = ModelWriter::new("weights", "");
        p.write(&mut w);
        Self::read_perceptron(&mut w.into_reader("weights")?, threshold)
    }

    /// Read weights written in [`Perceptron::write`]'s format (also the
    /// tagger's and recogniser's), dropping weights of magnitude at most
    /// `threshold`.
    pub(crate) fn read_perceptron(
        r: &mut ModelReader<'_>,
        threshold: f32,
    ) -> Result<Self, FormatError> {
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

    /// The fast form of the tagger's and recogniser's weights (what
    /// writing them and [`Weights::read_perceptron`] with threshold 0
    /// would give, without the round trip through bytes).
    pub(crate) fn from_dense(w: &crate::model::Weights) -> Self {
        let mut triples = Vec::with_capacity(w.weights());
        w.for_each_weight(|k, c, x| triples.push((fold(k), c, x)));
        Self::build(w.classes(), triples)
    }

    /// A copy without weights of magnitude at most `threshold`.
    pub(crate) fn pruned(&self, threshold: f32) -> Self {
        let mut triples = Vec::new();
        for (key, row) in self.all_rows() {
            for (c, w) in row {
                if from_bf16(w).abs() > threshold {
                    triples.push((key, c, from_bf16(w)));
                }
            }
        }
        Self::build(self.classes, triples)
    }

    /// A copy without the features that have fewer than `min` weights.
    pub(crate) fn without_short_rows(&self, min: usize) -> Self {
        let mut triples = Vec::new();
        for (key, row) in self.all_rows().filter(|(_, row)| row.len() >= min) {
            triples.extend(row.into_iter().map(|(c, w)| (key, c, from_bf16(w))));
        }
        Self::build(self.classes, triples)
    }

    /// Find each of `keys` that has weights, in passes that keep many
    /// cache misses in flight at once. Every probe of a table the
    /// parser's ~120 keys touch is a likely cache miss, and a branch that
    /// depends on a missed load (found or not?) is mispredicted about as
    /// often as not, which stalls the CPU miss by miss. So each pass first
    /// *gathers* what it needs with loads that depend on no earlier
    /// result (branch-free), and only the next loop examines them:
    ///
    /// 1. each key's home slot in the hot table and its two Bloom-filter
    ///    words;
    /// 2. the home slots of the keys that may be cold;
    /// 3. the first cache lines of every found row.
    ///
    /// `keys` is cut into segments (`ends`: where each ends, ascending,
    /// the last `keys.len()`), each to be added to its own scores by
    /// [`Self::add_segment`]: one call finds the features of several
    /// score vectors (the parser's role rows and the rest of a
    /// transition), so the misses of all of them overlap.
    pub(crate) fn find_segments(&self, keys: &[FeatureKey], ends: &[usize], lookup: &mut Lookup) {
        let Lookup {
            hot_found,
            hot_ends,
            cold_found,
            cold_ends,
            cold_key_ends,
            folded,
            gathered,
            cold,
            home,
        } = lookup;
        folded.clear();
        folded.extend(keys.iter().map(|&k| fold(k)));
        gathered.clear();
        gathered.extend(folded.iter().map(|&k| {
            let (a, b) = filter_bits(k, self.filter_shift);
            let fa = self.filter.get(a / 64).copied().unwrap_or(0) >> (a % 64);
            let fb = self.filter.get(b / 64).copied().unwrap_or(0) >> (b % 64);
            let slot = self
                .hot
                .get(k as usize & self.hot_mask)
                .copied()
                .unwrap_or((0, 0));
            (slot, (fa & fb & 1) as u32)
        }));
        cold.clear();
        hot_found.clear();
        hot_ends.clear();
        cold_key_ends.clear();
        let mut start = 0;
        for &end in ends {
            let end = end.clamp(start, folded.len());
            for (&k, &(home_slot, maybe_cold)) in
                folded[start..end].iter().zip(&gathered[start..end])
            {
                if let Some(row) = probe(&self.hot, self.hot_mask, k, home_slot) {
                    hot_found.push(row);
                } else if maybe_cold != 0 {
                    cold.push(k);
                }
            }
            hot_ends.push(hot_found.len() as u32);
            cold_key_ends.push(cold.len() as u32);
            start = end;
        }
        home.clear();
        home.extend(cold.iter().map(|&k| self.keys[k as usize & self.mask]));
        cold_found.clear();
        cold_ends.clear();
        let mut start = 0;
        for &end in cold_key_ends.iter() {
            let end = end as usize;
            for (&k, &home_slot) in cold[start..end].iter().zip(&home[start..end]) {
                if let Some(row) = probe(&self.keys, self.mask, k, home_slot) {
                    cold_found.push(row);
                }
            }
            cold_ends.push(cold_found.len() as u32);
            start = end;
        }
        // Branch-free loads of each row's first lines; their sum goes to
        // `black_box` so the loads are not optimised away.
        let mut touch = 0u32;
        for &r in hot_found.iter() {
            let start = r as usize * self.stride;
            let line = |o: usize| u32::from(self.dense.get(start + o).copied().unwrap_or(0));
            touch ^= line(0) ^ line(32) ^ line(64);
        }
        for &r in cold_found.iter() {
            touch ^= self.entries.get((r >> 4) as usize).copied().unwrap_or(0);
        }
        std::hint::black_box(touch);
    }

    /// Add the weights found for segment `seg` of the last
    /// [`Self::find_segments`] into `scores` (length `classes()`): the
    /// dense rows (vectorised), then the sparse ones, each in key order.
    #[inline]
    pub(crate) fn add_segment(&self, seg: usize, lookup: &Lookup, scores: &mut [f32]) {
        let range = |ends: &[u32]| {
            let end = ends.get(seg).map_or(0, |&e| e as usize);
            let start = seg
                .checked_sub(1)
                .and_then(|s| ends.get(s))
                .map_or(0, |&e| e as usize);
            start..end.max(start)
        };
        let n = self.classes.min(scores.len());
        let scores = &mut scores[..n];
        for &r in lookup.hot_found.get(range(&lookup.hot_ends)).unwrap_or(&[]) {
            let start = r as usize * self.stride;
            if let Some(row) = self.dense.get(start..start + n) {
                add_bf16(scores, row);
            }
        }
        for &r in lookup
            .cold_found
            .get(range(&lookup.cold_ends))
            .unwrap_or(&[])
        {
            for (c, w) in self.cold_row(r).map(unpack) {
                if let Some(s) = scores.get_mut(c as usize) {
                    *s += from_bf16(w);
                }
            }
        }
    }

    /// Add the weights of `keys` into `scores` (length `classes()`): one
    /// segment of [`Self::find_segments`] and [`Self::add_segment`].
    #[inline]
    pub(crate) fn score_into(&self, keys: &[FeatureKey], lookup: &mut Lookup, scores: &mut [f32]) {
        self.find_segments(keys, &[keys.len()], lookup);
        self.add_segment(0, lookup, scores);
    }

    /// Serialise: sorted keys delta-coded as varints, then per feature its
    /// entry count, classes and bfloat16 weights, all in one byte blob.
    pub(crate) fn write(&self, w: &mut ModelWriter) {
        let mut rows: Vec<(u32, Vec<(u16, u16)>)> = self.all_rows().collect();
        rows.sort_unstable_by_key(|r| r.0);
        let mut blob = Vec::new();
        let mut prev = 0u32;
        for (key, row) in &rows {
            varint(&mut blob, u64::from(key - prev));
            prev = *key;
            varint(&mut blob, row.len() as u64);
            for &(c, wt) in row {
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

/// `scores[c] += row[c]` for a dense bfloat16 row, in blocks of eight so
/// the compiler vectorises it (a bfloat16 is the top half of an `f32`).
#[inline]
fn add_bf16(scores: &mut [f32], row: &[u16]) {
    let mut s = scores.chunks_exact_mut(8);
    let mut r = row.chunks_exact(8);
    for (s8, r8) in (&mut s).zip(&mut r) {
        for (x, &w) in s8.iter_mut().zip(r8) {
            *x += from_bf16(w);
        }
    }
    for (x, &w) in s.into_remainder().iter_mut().zip(r.remainder()) {
        *x += from_bf16(w);
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
            let (mut a, mut b, mut rows) = (vec![0.0; 3], vec![0.0; 3], Lookup::default());
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

    /// Features with many weights go to the dense (hot) table, the others
    /// stay sparse (cold); scores, round trips and pruning agree either way.
    #[test]
    fn hot_and_cold_rows_score_alike() {
        let classes = 40;
        let mut t = Trainer::new(classes);
        let mut f = Features::new();
        for i in 0..4000 {
            f.clear();
            // "common" is seen with every class: a long (hot) row.
            f.add(0, &["common"]);
            // Each "rare" feature is seen once: a short (cold) row.
            if i < 97 {
                f.add(1, &[&format!("w{i}")]);
            }
            t.train(f.keys(), (i * 7) % classes);
        }
        let p = t.finish(0.0);
        let w = Weights::from_perceptron(&p, 0.0).unwrap();
        let hot = w.hot.iter().filter(|h| h.0 != 0).count();
        assert!(
            hot >= 1 && hot < w.features(),
            "{hot} hot of {}",
            w.features()
        );
        let mut bytes = ModelWriter::new("t", "v");
        w.write(&mut bytes);
        let bytes = bytes.finish();
        let mut r = ModelReader::open(&bytes, "t").unwrap();
        let back = Weights::read(&mut r).unwrap();
        let mut lookup = Lookup::default();
        for i in 0..97 {
            f.clear();
            f.add(0, &["common"]);
            f.add(1, &[&format!("w{i}")]);
            let (mut a, mut b) = (vec![0.0; classes], vec![0.0; classes]);
            w.score_into(f.keys(), &mut lookup, &mut a);
            back.score_into(f.keys(), &mut lookup, &mut b);
            assert_eq!(a, b);
            // Each row is rounded on its own: the error bound is relative
            // to the rows' magnitudes, not to their (cancelling) sum.
            let exact = p.scores(f.keys());
            let rows: Vec<Vec<f32>> = f.keys().iter().map(|k| p.scores(&[*k])).collect();
            for c in 0..classes {
                let bound: f32 = rows.iter().map(|r| r[c].abs() / 128.0).sum();
                assert!((a[c] - exact[c]).abs() <= bound + 1e-6, "class {c}");
            }
        }
        // One lookup of several segments (empty ones, hot and cold rows,
        // unknown keys) adds to each segment's scores exactly what a
        // lookup of that segment alone does.
        let groups: Vec<Vec<FeatureKey>> = (0..12)
            .map(|g| {
                f.clear();
                for i in 0..g % 4 {
                    f.add(1, &[&format!("w{}", g * 7 + i)]);
                }
                if g % 3 == 0 {
                    f.add(0, &["common"]);
                }
                if g % 5 == 0 {
                    f.add(2, &["unknown"]);
                }
                f.keys().to_vec()
            })
            .collect();
        let all: Vec<FeatureKey> = groups.concat();
        let ends: Vec<usize> = groups
            .iter()
            .scan(0, |end, g| {
                *end += g.len();
                Some(*end)
            })
            .collect();
        w.find_segments(&all, &ends, &mut lookup);
        let mut together = vec![vec![0.0; classes]; groups.len()];
        for (seg, scores) in together.iter_mut().enumerate() {
            w.add_segment(seg, &lookup, scores);
        }
        for (g, keys) in groups.iter().enumerate() {
            let mut alone = vec![0.0; classes];
            w.score_into(keys, &mut Lookup::default(), &mut alone);
            assert_eq!(together[g], alone, "segment {g}");
            assert_eq!(alone.iter().any(|&x| x != 0.0), g % 4 != 0 || g % 3 == 0);
        }
        let short = w.without_short_rows(COLD_MAX + 1);
        assert_eq!(short.features(), hot);
        assert_eq!(w.pruned(0.0).features(), w.features());
    }
}
