//! Averaged perceptron (Collins 2002) with sparse per-feature weights.
//!
//! Training keeps, per (feature, class), the current weight, its running
//! total and the step of its last change, so averaging is O(1) per update
//! ("lazy averaging"). The trained model keeps only averaged weights whose
//! magnitude passes a threshold, sorted by key: compact and deterministic.

use std::collections::HashMap;

use super::format::{FormatError, ModelReader, ModelWriter};
use super::hash::FeatureKey;

/// A trained, read-only multiclass perceptron.
#[derive(Debug, Clone, Default)]
pub struct Perceptron {
    classes: usize,
    /// Feature key -> range into `entries`.
    index: HashMap<FeatureKey, (u32, u32)>,
    /// `(class, weight)` pairs, grouped by feature.
    entries: Vec<(u16, f32)>,
}

impl Perceptron {
    /// Number of classes.
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Number of features with at least one weight.
    pub fn features(&self) -> usize {
        self.index.len()
    }

    /// Add the weights of `keys` into `scores` (length = `classes()`;
    /// callers zero it first).
    #[inline]
    pub fn score_into(&self, keys: &[FeatureKey], scores: &mut [f32]) {
        for k in keys {
            if let Some(&(a, b)) = self.index.get(k) {
                for &(c, w) in &self.entries[a as usize..b as usize] {
                    scores[c as usize] += w;
                }
            }
        }
    }

    /// Scores of every class for `keys`.
    pub fn scores(&self, keys: &[FeatureKey]) -> Vec<f32> {
        let mut s = vec![0.0; self.classes];
        self.score_into(keys, &mut s);
        s
    }

    /// The best class among those `allowed` (or all when `None`); ties go
    /// to the lower class id.
    pub fn best(
        &self,
        keys: &[FeatureKey],
        scores: &mut Vec<f32>,
        allowed: Option<&dyn Fn(usize) -> bool>,
    ) -> usize {
        scores.clear();
        scores.resize(self.classes, 0.0);
        self.score_into(keys, scores);
        let mut best = usize::MAX;
        let mut best_score = f32::NEG_INFINITY;
        for (c, &s) in scores.iter().enumerate() {
            if allowed.is_some_and(|f| !f(c)) {
                continue;
            }
            if best == usize::MAX || s > best_score {
                best = c;
                best_score = s;
            }
        }
        if best == usize::MAX { 0 } else { best }
    }

    /// Write to a model file section.
    pub fn write(&self, w: &mut ModelWriter) {
        let mut keys: Vec<&FeatureKey> = self.index.keys().collect();
        keys.sort_unstable();
        w.u64(self.classes as u64);
        w.u64(keys.len() as u64);
        for k in keys {
            let (a, b) = self.index[k];
            w.u64(*k);
            w.u64(u64::from(b - a));
            for &(c, wt) in &self.entries[a as usize..b as usize] {
                w.u16(c);
                w.f32(wt);
            }
        }
    }

    /// Read what [`Perceptron::write`] wrote.
    pub fn read(r: &mut ModelReader<'_>) -> Result<Self, FormatError> {
        let classes = r.u64()? as usize;
        let n = r.u64()? as usize;
        let mut index = HashMap::with_capacity(n);
        let mut entries = Vec::with_capacity(n * 2);
        for _ in 0..n {
            let key = r.u64()?;
            let len = r.u64()? as usize;
            let a = entries.len() as u32;
            for _ in 0..len {
                let c = r.u16()?;
                let w = r.f32()?;
                if c as usize >= classes {
                    return Err(FormatError::Invalid("class id out of range"));
                }
                entries.push((c, w));
            }
            index.insert(key, (a, entries.len() as u32));
        }
        Ok(Self {
            classes,
            index,
            entries,
        })
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    weight: f32,
    total: f64,
    stamp: u64,
}

/// Trains a [`Perceptron`].
///
/// ```
/// use dyad_nlp::model::{Features, Trainer};
/// let mut t = Trainer::new(2);
/// let mut f = Features::new();
/// for _ in 0..5 {
///     f.clear(); f.add(0, &["yes"]); t.train(f.keys(), 1);
///     f.clear(); f.add(0, &["no"]); t.train(f.keys(), 0);
/// }
/// let p = t.finish(0.0);
/// let mut s = Vec::new();
/// f.clear(); f.add(0, &["yes"]);
/// assert_eq!(p.best(f.keys(), &mut s, None), 1);
/// ```
#[derive(Debug)]
pub struct Trainer {
    classes: usize,
    /// Sparse rows: the classes a feature has ever been updated for.
    cells: HashMap<FeatureKey, Vec<(u16, Cell)>>,
    step: u64,
    scratch: Vec<f32>,
}

impl Trainer {
    /// A trainer for `classes` classes.
    pub fn new(classes: usize) -> Self {
        Self {
            classes,
            cells: HashMap::new(),
            step: 0,
            scratch: Vec::new(),
        }
    }

    /// Number of classes.
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// The current (not averaged) best class, for decoding during training.
    pub fn predict(
        &mut self,
        keys: &[FeatureKey],
        allowed: Option<&dyn Fn(usize) -> bool>,
    ) -> usize {
        let mut scores = std::mem::take(&mut self.scratch);
        scores.clear();
        scores.resize(self.classes, 0.0);
        self.add_scores(keys, &mut scores);
        let mut best = usize::MAX;
        for (c, &s) in scores.iter().enumerate() {
            if allowed.is_some_and(|f| !f(c)) {
                continue;
            }
            if best == usize::MAX || s > scores[best] {
                best = c;
            }
        }
        self.scratch = scores;
        if best == usize::MAX { 0 } else { best }
    }

    fn add_scores(&self, keys: &[FeatureKey], scores: &mut [f32]) {
        for k in keys {
            if let Some(row) = self.cells.get(k) {
                for (c, cell) in row {
                    scores[*c as usize] += cell.weight;
                }
            }
        }
    }

    /// Current scores of all classes.
    pub fn scores(&self, keys: &[FeatureKey]) -> Vec<f32> {
        let mut scores = vec![0.0; self.classes];
        self.add_scores(keys, &mut scores);
        scores
    }

    /// Predict, and update towards `truth` if the prediction is wrong.
    /// Returns the prediction.
    pub fn train(&mut self, keys: &[FeatureKey], truth: usize) -> usize {
        let guess = self.predict(keys, None);
        self.update(keys, truth, guess);
        guess
    }

    /// One perceptron update: +1 to `truth`, -1 to `guess` (no-op when
    /// equal). Counts one step.
    pub fn update(&mut self, keys: &[FeatureKey], truth: usize, guess: usize) {
        self.step += 1;
        if truth == guess {
            return;
        }
        for &k in keys {
            self.bump(k, truth as u16, 1.0);
            self.bump(k, guess as u16, -1.0);
        }
    }

    fn bump(&mut self, key: FeatureKey, class: u16, delta: f32) {
        let step = self.step;
        let row = self.cells.entry(key).or_default();
        let i = match row.iter().position(|(c, _)| *c == class) {
            Some(i) => i,
            None => {
                row.push((class, Cell::default()));
                row.len() - 1
            }
        };
        let cell = &mut row[i].1;
        cell.total += f64::from(cell.weight) * (step - cell.stamp) as f64;
        cell.stamp = step;
        cell.weight += delta;
    }

    /// Average the weights and drop those with |w| <= `prune`.
    pub fn finish(self, prune: f32) -> Perceptron {
        let step = self.step.max(1);
        let mut by_key: Vec<(FeatureKey, u16, f32)> = self
            .cells
            .into_iter()
            .flat_map(|(k, row)| {
                row.into_iter().filter_map(move |(c, cell)| {
                    let total = cell.total + f64::from(cell.weight) * (step - cell.stamp) as f64;
                    let avg = (total / step as f64) as f32;
                    (avg.abs() > prune).then_some((k, c, avg))
                })
            })
            .collect();
        by_key.sort_unstable_by_key(|e| (e.0, e.1));
        let mut index = HashMap::new();
        let mut entries = Vec::with_capacity(by_key.len());
        let mut i = 0;
        while i < by_key.len() {
            let key = by_key[i].0;
            let a = entries.len() as u32;
            while i < by_key.len() && by_key[i].0 == key {
                entries.push((by_key[i].1, by_key[i].2));
                i += 1;
            }
            index.insert(key, (a, entries.len() as u32));
        }
        Perceptron {
            classes: self.classes,
            index,
            entries,
        }
    }
}
