//! The arc-hybrid transition system (Kuhlmann, Gómez-Rodríguez & Satta
//! 2011) with its dynamic oracle (Goldberg & Nivre 2013).
//!
//! Words are numbered `1..=n`; `0` is the artificial root, which sits at
//! the bottom of the stack. Transitions:
//!
//! - `SHIFT` moves the buffer front `b0` onto the stack;
//! - `LEFT(l)` attaches the stack top `s0` to `b0` with label `l` and pops it;
//! - `RIGHT(l)` attaches `s0` to `s1` with label `l` and pops it.
//!
//! `RIGHT` onto the root is not a transition: once the buffer is empty and
//! only one word is left above the root, that word becomes the root. So
//! every sentence gets exactly one root and every word a head, whatever
//! the model scores — the parser cannot fail or leave fragments.
//!
//! Arc-hybrid was chosen over arc-eager because its dynamic oracle is
//! exact and cheap (each transition's cost counts the gold arcs it makes
//! unreachable) and because it needs no post-hoc repair of unattached
//! words.

/// No token here (an empty stack or buffer slot, a missing child).
pub(crate) const NONE: u32 = u32::MAX;
/// Label id of the root arc (not a transition label).
pub(crate) const ROOT_LABEL: u16 = u16::MAX;

/// A transition, decoded from a class id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Move {
    Shift,
    Left(u16),
    Right(u16),
}

/// Class ids: `0` = shift, `1..=L` = left arcs, `L+1..=2L` = right arcs.
pub(crate) fn decode(class: usize, labels: usize) -> Move {
    if class == 0 {
        Move::Shift
    } else if class <= labels {
        Move::Left((class - 1) as u16)
    } else {
        Move::Right((class - 1 - labels) as u16)
    }
}

/// The class id of `m`.
#[cfg(test)]
pub(crate) fn encode(m: Move, labels: usize) -> usize {
    match m {
        Move::Shift => 0,
        Move::Left(l) => 1 + l as usize,
        Move::Right(l) => 1 + labels + l as usize,
    }
}

/// A parser configuration plus the partial tree and the child summaries
/// the features read (leftmost/rightmost two children, valencies, label
/// sets).
#[derive(Debug, Default, Clone)]
pub(crate) struct State {
    /// Number of words.
    pub n: u32,
    /// Stack of word indices, the root `0` at the bottom.
    pub stack: Vec<u32>,
    /// The buffer is `b..=n`.
    pub b: u32,
    /// Head of each word (`NONE` until attached), index 0 unused.
    pub head: Vec<u32>,
    /// Label of each word's arc.
    pub label: Vec<u16>,
    /// Leftmost and second-leftmost child.
    pub left: Vec<[u32; 2]>,
    /// Rightmost and second-rightmost child.
    pub right: Vec<[u32; 2]>,
    /// Number of left and right children.
    pub valency: Vec<[u8; 2]>,
    /// Labels of left and right children, as bit sets.
    pub label_set: Vec<[u128; 2]>,
}

impl State {
    /// The initial configuration for `n` words (reusing allocations).
    pub(crate) fn reset(&mut self, n: u32) {
        let len = n as usize + 1;
        self.n = n;
        self.stack.clear();
        self.stack.push(0);
        self.b = 1;
        self.head.clear();
        self.head.resize(len, NONE);
        self.label.clear();
        self.label.resize(len, ROOT_LABEL);
        self.left.clear();
        self.left.resize(len, [NONE; 2]);
        self.right.clear();
        self.right.resize(len, [NONE; 2]);
        self.valency.clear();
        self.valency.resize(len, [0; 2]);
        self.label_set.clear();
        self.label_set.resize(len, [0; 2]);
    }

    /// Stack item `i` from the top (`0` = top), or `NONE`.
    #[inline]
    pub(crate) fn s(&self, i: usize) -> u32 {
        let len = self.stack.len();
        if i < len {
            self.stack[len - 1 - i]
        } else {
            NONE
        }
    }

    /// Buffer item `i` from the front, or `NONE`.
    #[inline]
    pub(crate) fn buf(&self, i: u32) -> u32 {
        let x = self.b + i;
        if x <= self.n { x } else { NONE }
    }

    /// True when only the final root attachment is left.
    #[inline]
    pub(crate) fn done(&self) -> bool {
        self.b > self.n && self.stack.len() <= 2
    }

    /// Whether each kind of transition is allowed: (shift, left, right).
    #[inline]
    pub(crate) fn allowed(&self) -> (bool, bool, bool) {
        let buffer = self.b <= self.n;
        (
            buffer,
            buffer && self.stack.len() >= 2,
            self.stack.len() >= 3,
        )
    }

    fn attach(&mut self, h: u32, d: u32, l: u16) {
        let (hu, du) = (h as usize, d as usize);
        self.head[du] = h;
        self.label[du] = l;
        let bit = if (l as u32) < 128 { 1u128 << l } else { 0 };
        if d < h {
            // Left children arrive nearest first: the newest is leftmost.
            self.left[hu] = [d, self.left[hu][0]];
            self.valency[hu][0] = self.valency[hu][0].saturating_add(1);
            self.label_set[hu][0] |= bit;
        } else {
            // Right children arrive left to right: the newest is rightmost.
            self.right[hu] = [d, self.right[hu][0]];
            self.valency[hu][1] = self.valency[hu][1].saturating_add(1);
            self.label_set[hu][1] |= bit;
        }
    }

    /// Apply a transition. Callers check [`State::allowed`] first; an
    /// invalid move is ignored rather than trusted.
    pub(crate) fn apply(&mut self, m: Move) {
        let (sh, le, ri) = self.allowed();
        match m {
            Move::Shift if sh => {
                self.stack.push(self.b);
                self.b += 1;
            }
            Move::Left(l) if le => {
                if let Some(d) = self.stack.pop() {
                    self.attach(self.b, d, l);
                }
            }
            Move::Right(l) if ri => {
                if let Some(d) = self.stack.pop() {
                    let h = self.s(0);
                    self.attach(h, d, l);
                }
            }
            _ => {}
        }
    }

    /// Make the last word on the stack the root (the closing move).
    pub(crate) fn finish(&mut self) {
        if self.stack.len() == 2 {
            let d = self.stack[1];
            self.head[d as usize] = 0;
            self.label[d as usize] = ROOT_LABEL;
            self.stack.pop();
        }
    }

    /// Dynamic-oracle costs of shift, left and right (before labels): how
    /// many gold arcs each makes unreachable. `gold_head[d]` is `d`'s gold
    /// head (`0` = root), index 0 unused. Meaningful for allowed moves.
    pub(crate) fn costs(&self, gold_head: &[u32]) -> (u32, u32, u32) {
        let (s0, s1, b0) = (self.s(0), self.s(1), self.b);
        let gh = |d: u32| gold_head.get(d as usize).copied().unwrap_or(NONE);
        let in_buffer = |k: u32| k != NONE && k >= b0 && k <= self.n;
        let buffer_children = |h: u32| (b0..=self.n).filter(|&k| gh(k) == h).count() as u32;
        let mut shift = 0;
        if b0 <= self.n {
            let h = gh(b0);
            // b0 can still take s0 as head (by RIGHT); deeper items are lost.
            if h != s0 && self.stack.contains(&h) {
                shift += 1;
            }
            // Stack items can no longer become b0's dependents.
            shift += self
                .stack
                .iter()
                .filter(|&&k| k != 0 && gh(k) == b0)
                .count() as u32;
        }
        let (mut left, mut right) = (0, 0);
        if s0 != NONE && s0 != 0 {
            let h = gh(s0);
            let kids = buffer_children(s0);
            left = kids + u32::from(h == s1 || (in_buffer(h) && h != b0));
            right = kids + u32::from(in_buffer(h));
        }
        (shift, left, right)
    }
}

/// Make a tree projective by lifting: while some arc crosses another,
/// reattach the dependent of the shortest non-projective arc to its
/// head's head. `heads[i]` is word `i+1`'s head (0 = root). Labels are
/// kept. Returns how many arcs were lifted.
pub(crate) fn projectivize(heads: &mut [u32]) -> usize {
    let n = heads.len();
    let mut lifted = 0;
    // Each lift moves a dependent strictly up the tree; bound the loop
    // anyway so a malformed (cyclic) input cannot hang.
    for _ in 0..n * n + 1 {
        let mut worst: Option<(usize, usize)> = None; // (length, dependent)
        for d in 1..=n {
            let h = heads[d - 1] as usize;
            if h == 0 || h > n || is_projective_arc(heads, h, d) {
                continue;
            }
            let len = h.abs_diff(d);
            if worst.is_none_or(|(l, _)| len < l) {
                worst = Some((len, d));
            }
        }
        let Some((_, d)) = worst else { break };
        let h = heads[d - 1] as usize;
        heads[d - 1] = heads[h - 1];
        lifted += 1;
    }
    lifted
}

/// Whether every word strictly between `h` and `d` is dominated by `h`.
fn is_projective_arc(heads: &[u32], h: usize, d: usize) -> bool {
    let (a, b) = if h < d { (h, d) } else { (d, h) };
    (a + 1..b).all(|k| {
        let mut x = k;
        for _ in 0..=heads.len() {
            if x == h {
                return true;
            }
            if x == 0 || x > heads.len() {
                return false;
            }
            x = heads[x - 1] as usize;
        }
        false
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Following zero-cost moves from the start rebuilds a projective
    /// gold tree exactly.
    #[test]
    fn oracle_reaches_projective_gold() {
        // "The cat sat on the mat ." heads: 2 3 0 6 6 3 3
        let gold = [NONE, 2, 3, 0, 6, 6, 3, 3];
        let mut st = State::default();
        st.reset(7);
        while !st.done() {
            let (sh, le, ri) = st.allowed();
            let (cs, cl, cr) = st.costs(&gold);
            let m = if le && cl == 0 {
                Move::Left(0)
            } else if ri && cr == 0 {
                Move::Right(0)
            } else {
                assert!(sh && cs == 0, "a zero-cost move exists");
                Move::Shift
            };
            st.apply(m);
        }
        st.finish();
        assert_eq!(&st.head[1..], &gold[1..]);
    }

    #[test]
    fn costs_count_lost_arcs() {
        let gold = [NONE, 2, 3, 0, 6, 6, 3, 3];
        let mut st = State::default();
        st.reset(7);
        st.apply(Move::Shift); // stack [0 1], b=2
        let (cs, cl, _) = st.costs(&gold);
        assert_eq!((cs, cl), (1, 0), "shifting 2 loses 1<-2");
        st.apply(Move::Shift); // stack [0 1 2], b=3
        let (_, _, cr) = st.costs(&gold);
        assert_eq!(cr, 1, "right-attaching 2 to 1 loses 2's head");
    }

    #[test]
    fn every_word_gets_one_head_whatever_the_moves() {
        for n in [0u32, 1, 2, 5, 40] {
            let mut st = State::default();
            st.reset(n);
            let mut i = 0usize;
            while !st.done() {
                let (sh, le, ri) = st.allowed();
                let m = match i % 3 {
                    0 if le => Move::Left(1),
                    1 if ri => Move::Right(2),
                    _ if sh => Move::Shift,
                    _ if ri => Move::Right(0),
                    _ => Move::Left(0),
                };
                st.apply(m);
                i += 1;
            }
            st.finish();
            let roots = (1..=n).filter(|&d| st.head[d as usize] == 0).count();
            assert_eq!(roots, usize::from(n > 0));
            assert!((1..=n).all(|d| st.head[d as usize] != NONE));
        }
    }

    #[test]
    fn lifting_removes_crossings() {
        // 1->3, 2->4 cross: words 1 2 3 4 with heads 3 4 0 3.
        let mut heads = vec![3, 4, 0, 3];
        assert_eq!(projectivize(&mut heads), 1);
        assert!(
            (1..=4)
                .all(|d| is_projective_arc(&heads, heads[d - 1] as usize, d) || heads[d - 1] == 0)
        );
        let mut proj = vec![2, 3, 0];
        assert_eq!(projectivize(&mut proj), 0);
        assert_eq!(proj, [2, 3, 0]);
        let encoded = encode(Move::Right(4), 10);
        assert_eq!(decode(encoded, 10), Move::Right(4));
    }
}
