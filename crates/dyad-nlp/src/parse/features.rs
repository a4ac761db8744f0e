//! Features of a parser configuration, in the style of Zhang & Nivre
//! (2011) adapted to arc-hybrid: words, tags and lemmas of `s0..s2` and
//! `b0..b2`, their pairs and triples, leftmost/rightmost children and
//! their labels, valencies, distances and label sets.
//!
//! Speed matters (the parser must run at >= 100k words/s), so each token's
//! strings are hashed once per sentence into "atoms" and a feature key is
//! a cheap mix of a template id and up to four atoms, not a string hash.

use crate::model::FeatureKey;

use super::system::{NONE, State};

/// One input word: its form and, when the tagger ran, its tags (empty
/// strings when not).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Word<'a> {
    pub form: &'a str,
    pub upos: &'a str,
    pub xpos: &'a str,
    pub lemma: &'a str,
}

/// Hashed strings of one token.
#[derive(Clone, Copy, Debug, Default)]
struct Atom {
    /// Normalised form (lower case, digits as `0`).
    w: u64,
    /// Fine (PTB) tag.
    p: u64,
    /// Universal tag.
    u: u64,
    /// Lemma (the normalised form without tags).
    l: u64,
    /// Last three characters of the normalised form.
    suf: u64,
}

/// Per-sentence atoms: index 0 is the root, `1..=n` the words, `n+1`
/// stands for "no token".
#[derive(Debug, Default)]
pub(crate) struct Atoms {
    atoms: Vec<Atom>,
    scratch: String,
}

fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in s.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

const ROOT_ATOM: u64 = 0x5a17_0000_0000_0001;
const NONE_ATOM: u64 = 0x5a17_0000_0000_0002;
const NOTAG_ATOM: u64 = 0x5a17_0000_0000_0003;

impl Atoms {
    /// Hash the words of one sentence.
    pub(crate) fn fill(&mut self, words: &[Word<'_>]) {
        self.atoms.clear();
        let special = |x| Atom {
            w: x,
            p: x,
            u: x,
            l: x,
            suf: x,
        };
        self.atoms.push(special(ROOT_ATOM));
        for word in words {
            self.scratch.clear();
            for c in word.form.chars() {
                if c.is_ascii_digit() {
                    self.scratch.push('0');
                } else {
                    self.scratch.extend(c.to_lowercase());
                }
            }
            let norm = self.scratch.as_str();
            let w = fnv(norm);
            let cut = norm.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
            let tag = |s: &str| if s.is_empty() { NOTAG_ATOM } else { fnv(s) };
            self.atoms.push(Atom {
                w,
                p: tag(word.xpos),
                u: tag(word.upos),
                l: if word.lemma.is_empty() {
                    w
                } else {
                    fnv(word.lemma).rotate_left(17)
                },
                suf: fnv(&norm[cut..]).rotate_left(7),
            });
        }
        self.atoms.push(special(NONE_ATOM));
    }

    #[inline]
    fn get(&self, i: u32) -> Atom {
        let i = if i == NONE {
            self.atoms.len() - 1
        } else {
            (i as usize).min(self.atoms.len() - 1)
        };
        self.atoms[i]
    }
}

#[inline]
fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(23) ^ x).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Distance bucket between two positions (or 0 when one is missing).
#[inline]
fn dist(a: u32, b: u32) -> u64 {
    if a == NONE || b == NONE {
        return 0;
    }
    match a.abs_diff(b) {
        d @ 0..=5 => u64::from(d),
        6..=9 => 6,
        _ => 7,
    }
}

/// The key of template `t` over atoms `parts`.
#[inline]
fn key(t: u64, parts: &[u64]) -> FeatureKey {
    let mut h = mix(0x51ed_270b_2730_96bd, t);
    for &p in parts {
        h = mix(h, p);
    }
    h ^ (h >> 29)
}

/// The keys of [`Extractor::split`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Groups<'a> {
    pub stack: &'a [FeatureKey],
    pub buffer: &'a [FeatureKey],
    pub other: &'a [FeatureKey],
}

/// What the stack templates of a configuration read that can change at
/// a given stack height: `s0` and its rightmost child. Each token is
/// shifted once, so while `s0` is on the stack the items below it stay
/// as they were; `s0`'s left children are fixed once it is shifted, and a
/// new right child is always a new rightmost one. Equal tags at equal
/// heights, equal stack keys.
pub(crate) fn stack_tag(st: &State) -> [u32; 2] {
    let s0 = st.s(0);
    [
        s0,
        if s0 == NONE {
            NONE
        } else {
            st.right[s0 as usize][0]
        },
    ]
}

/// Likewise for the buffer templates: `b0` and its leftmost child (a new
/// left child is always a new leftmost one).
pub(crate) fn buffer_tag(st: &State) -> [u32; 2] {
    let b0 = st.buf(0);
    [
        b0,
        if b0 == NONE {
            NONE
        } else {
            st.left[b0 as usize][0]
        },
    ]
}

/// Number of token roles whose single-token templates [`Extractor::split`]
/// leaves out: `s0 s1 s2 b0 b1 b2` and the children `s0l s0l2 s0r s0r2
/// s1l s1r b0l b0l2`.
pub(crate) const ROLES: usize = 14;

/// Per role (in [`roles`] order), the template ids of its single-token
/// templates and which atoms each reads: `W`ord, `P`TB tag, `WP` both,
/// `L`emma, `SP` suffix and tag, `US` universal tag and suffix, `LAB`
/// the token's arc label. The ids are the positions of the templates in
/// [`Extractor::extract`] (a test checks that both agree).
const ROLE_TEMPLATES: [&[(u64, Part)]; ROLES] = {
    use Part::{L, Lab, P, Sp, Us, W, Wp};
    [
        &[(2, W), (3, P), (4, Wp), (5, L), (6, Sp)],
        &[(13, W), (14, P), (15, Wp), (19, L)],
        &[(22, P), (23, W)],
        &[(7, W), (8, P), (9, Wp), (10, L), (11, Sp), (12, Us)],
        &[(16, W), (17, P), (18, Wp)],
        &[(20, W), (21, P)],
        &[(82, W), (83, P), (84, Lab)],
        &[(97, W), (98, P), (99, Lab)],
        &[(85, W), (86, P), (87, Lab)],
        &[(100, W), (101, P), (102, Lab)],
        &[(91, W), (92, P), (93, Lab)],
        &[(94, W), (95, P), (96, Lab)],
        &[(88, W), (89, P), (90, Lab)],
        &[(103, W), (104, P), (105, Lab)],
    ]
};

/// The atoms a single-token template reads.
#[derive(Clone, Copy, Debug)]
enum Part {
    W,
    P,
    Wp,
    L,
    Sp,
    Us,
    Lab,
}

/// The token in each role of `st` ([`ROLES`] of them, `NONE` when empty).
/// The single-token templates of a role depend on nothing but that token
/// (its atoms and, for a child, its arc label, fixed once attached), so a
/// parser may cache their summed weights per (token, role).
pub(crate) fn roles(st: &State) -> [u32; ROLES] {
    let child = |i: u32, side: &[[u32; 2]], k: usize| {
        if i == NONE { NONE } else { side[i as usize][k] }
    };
    let (s0, s1, b0) = (st.s(0), st.s(1), st.buf(0));
    [
        s0,
        s1,
        st.s(2),
        b0,
        st.buf(1),
        st.buf(2),
        child(s0, &st.left, 0),
        child(s0, &st.left, 1),
        child(s0, &st.right, 0),
        child(s0, &st.right, 1),
        child(s1, &st.left, 0),
        child(s1, &st.right, 0),
        child(b0, &st.left, 0),
        child(b0, &st.left, 1),
    ]
}

/// Collects the feature keys of a configuration.
#[derive(Debug, Default)]
pub(crate) struct Extractor {
    keys: Vec<FeatureKey>,
    /// With `split`: the keys of the stack and buffer templates.
    stack_keys: Vec<FeatureKey>,
    buffer_keys: Vec<FeatureKey>,
    t: u64,
    /// Leave out the single-token templates of the [`roles`].
    rest: bool,
    /// Put the stack and buffer templates' keys apart ([`Extractor::split`]).
    split: bool,
}

impl Extractor {
    #[inline]
    fn f(&mut self, parts: &[u64]) {
        self.t += 1;
        self.keys.push(key(self.t, parts));
    }

    /// A template that reads only the top three stack items, their
    /// children and the distance between `s1` and `s0`.
    #[inline]
    fn s(&mut self, parts: &[u64]) {
        self.t += 1;
        let to = if self.split {
            &mut self.stack_keys
        } else {
            &mut self.keys
        };
        to.push(key(self.t, parts));
    }

    /// A template that reads only the first three buffer items and
    /// `b0`'s left children.
    #[inline]
    fn b(&mut self, parts: &[u64]) {
        self.t += 1;
        let to = if self.split {
            &mut self.buffer_keys
        } else {
            &mut self.keys
        };
        to.push(key(self.t, parts));
    }

    /// A single-token template of a role: left out by [`Extractor::split`].
    #[inline]
    fn r(&mut self, parts: &[u64]) {
        if self.rest {
            self.t += 1;
        } else {
            self.f(parts);
        }
    }

    /// The keys of configuration `st` over sentence atoms `a`.
    pub(crate) fn extract(&mut self, st: &State, a: &Atoms) -> &[FeatureKey] {
        self.rest = false;
        self.split = false;
        self.extract_keys(st, a)
    }

    /// The keys of `st` except the single-token templates of its
    /// [`roles`] (together with [`Extractor::role_keys`] of each role,
    /// exactly [`Extractor::extract`]'s keys), in three groups: the **stack**
    /// templates (they read only `s0 s1 s2`, their children, valencies
    /// and label sets, and the `s1`-`s0` distance: unchanged by a left
    /// arc, which pops `s0` back to the stack below it as it was), the
    /// **buffer** templates (`b0 b1 b2` and `b0`'s left children:
    /// unchanged by a right arc), and the others.
    pub(crate) fn split(&mut self, st: &State, a: &Atoms) -> Groups<'_> {
        self.rest = true;
        self.split = true;
        self.stack_keys.clear();
        self.buffer_keys.clear();
        self.extract_keys(st, a);
        Groups {
            stack: &self.stack_keys,
            buffer: &self.buffer_keys,
            other: &self.keys,
        }
    }

    /// The single-token template keys of role `role` (an index into
    /// [`roles`]) filled by token `i` of `st`.
    pub(crate) fn role_keys(
        &mut self,
        role: usize,
        i: u32,
        st: &State,
        a: &Atoms,
    ) -> &[FeatureKey] {
        self.keys.clear();
        let x = a.get(i);
        let lab = if i == NONE {
            0xffff
        } else {
            st.label.get(i as usize).map_or(0xffff, |&l| u64::from(l))
        };
        for &(t, part) in ROLE_TEMPLATES.get(role).copied().unwrap_or(&[]) {
            let k = match part {
                Part::W => key(t, &[x.w]),
                Part::P => key(t, &[x.p]),
                Part::Wp => key(t, &[x.w, x.p]),
                Part::L => key(t, &[x.l]),
                Part::Sp => key(t, &[x.suf, x.p]),
                Part::Us => key(t, &[x.u, x.suf]),
                Part::Lab => key(t, &[lab]),
            };
            self.keys.push(k);
        }
        &self.keys
    }

    fn extract_keys(&mut self, st: &State, a: &Atoms) -> &[FeatureKey] {
        self.keys.clear();
        self.t = 0;
        let (s0i, s1i, s2i) = (st.s(0), st.s(1), st.s(2));
        let (b0i, b1i, b2i) = (st.buf(0), st.buf(1), st.buf(2));
        let child = |i: u32, side: &[[u32; 2]], k: usize| {
            if i == NONE { NONE } else { side[i as usize][k] }
        };
        let label = |i: u32| {
            if i == NONE {
                0xffff
            } else {
                u64::from(st.label[i as usize])
            }
        };
        let val = |i: u32, side: usize| {
            if i == NONE {
                99
            } else {
                u64::from(st.valency[i as usize][side])
            }
        };
        let lset = |i: u32, side: usize| {
            if i == NONE {
                0x9999
            } else {
                let s = st.label_set[i as usize][side];
                (s as u64) ^ ((s >> 64) as u64).rotate_left(1)
            }
        };
        let (s0l, s0l2) = (child(s0i, &st.left, 0), child(s0i, &st.left, 1));
        let (s0r, s0r2) = (child(s0i, &st.right, 0), child(s0i, &st.right, 1));
        let (s1l, s1r) = (child(s1i, &st.left, 0), child(s1i, &st.right, 0));
        let s1r2 = child(s1i, &st.right, 1);
        let (b0l, b0l2) = (child(b0i, &st.left, 0), child(b0i, &st.left, 1));
        let [s0, s1, s2, b0, b1, b2] = [s0i, s1i, s2i, b0i, b1i, b2i].map(|i| a.get(i));
        let [s0l_, s0l2_, s0r_, s0r2_, s1l_, s1r_, s1r2_, b0l_, b0l2_] =
            [s0l, s0l2, s0r, s0r2, s1l, s1r, s1r2, b0l, b0l2].map(|i| a.get(i));
        // Plain, stack and buffer templates (see [`Extractor::split`]).
        type Emit = fn(&mut Extractor, &[u64]);
        let (f, s, b): (Emit, Emit, Emit) = (Self::f, Self::s, Self::b);
        f(self, &[1]); // bias
        // Unigrams.
        let r = |e: &mut Self, p: &[u64]| e.r(p);
        for x in [s0, b0] {
            r(self, &[x.w]);
            r(self, &[x.p]);
            r(self, &[x.w, x.p]);
            r(self, &[x.l]);
            r(self, &[x.suf, x.p]);
        }
        r(self, &[b0.u, b0.suf]);
        for x in [s1, b1] {
            r(self, &[x.w]);
            r(self, &[x.p]);
            r(self, &[x.w, x.p]);
        }
        r(self, &[s1.l]);
        r(self, &[b2.w]);
        r(self, &[b2.p]);
        r(self, &[s2.p]);
        r(self, &[s2.w]);
        // Pairs: s0 with b0 (LEFT), s1 with s0 (RIGHT), b0 with b1.
        for (x, y, g) in [(s0, b0, f), (s1, s0, s)] {
            g(self, &[x.w, x.p, y.w, y.p]);
            g(self, &[x.w, x.p, y.w]);
            g(self, &[x.w, y.w, y.p]);
            g(self, &[x.w, x.p, y.p]);
            g(self, &[x.p, y.w, y.p]);
            g(self, &[x.w, y.w]);
            g(self, &[x.p, y.p]);
            g(self, &[x.l, y.l]);
            g(self, &[x.u, y.u]);
        }
        b(self, &[b0.p, b1.p]);
        b(self, &[b0.w, b1.w]);
        b(self, &[b0.l, b1.p]);
        // Triples of tags.
        b(self, &[b0.p, b1.p, b2.p]);
        f(self, &[s0.p, b0.p, b1.p]);
        f(self, &[s1.p, s0.p, b0.p]);
        f(self, &[s0.p, s0l_.p, b0.p]);
        f(self, &[s0.p, s0r_.p, b0.p]);
        f(self, &[s0.p, b0.p, b0l_.p]);
        s(self, &[s1.p, s0.p, s0l_.p]);
        s(self, &[s1.p, s0.p, s0r_.p]);
        s(self, &[s1.p, s1r_.p, s0.p]);
        s(self, &[s1.p, s1l_.p, s0.p]);
        s(self, &[s2.p, s1.p, s0.p]);
        f(self, &[s1.p, s0.p, b1.p]);
        f(self, &[s0.u, b0.u, b1.u]);
        f(self, &[s1.u, s0.u, b0.u]);
        f(self, &[s1.l, s0.p, b0.p]);
        f(self, &[s0.l, b0.p, b1.p]);
        // Distances.
        let d = dist(s0i, b0i);
        f(self, &[s0.w, d]);
        f(self, &[s0.p, d]);
        f(self, &[b0.w, d]);
        f(self, &[b0.p, d]);
        f(self, &[s0.w, b0.w, d]);
        f(self, &[s0.p, b0.p, d]);
        let d1 = dist(s1i, s0i);
        s(self, &[s1.w, d1]);
        s(self, &[s0.w, d1]);
        s(self, &[s1.p, s0.p, d1]);
        s(self, &[s1.w, s0.w, d1]);
        f(self, &[s1.p, s0.p, b0.p, d, d1]);
        // Valencies.
        for (x, i) in [(s0, s0i), (s1, s1i)] {
            s(self, &[x.w, val(i, 0)]);
            s(self, &[x.p, val(i, 0)]);
            s(self, &[x.w, val(i, 1)]);
            s(self, &[x.p, val(i, 1)]);
        }
        b(self, &[b0.w, val(b0i, 0)]);
        b(self, &[b0.p, val(b0i, 0)]);
        // Children: words, tags, labels.
        for (c, ci) in [
            (s0l_, s0l),
            (s0r_, s0r),
            (b0l_, b0l),
            (s1l_, s1l),
            (s1r_, s1r),
            (s0l2_, s0l2),
            (s0r2_, s0r2),
            (b0l2_, b0l2),
        ] {
            r(self, &[c.w]);
            r(self, &[c.p]);
            r(self, &[label(ci)]);
        }
        s(self, &[s0.p, s0l_.p, s0l2_.p]);
        s(self, &[s0.p, s0r_.p, s0r2_.p]);
        b(self, &[b0.p, b0l_.p, b0l2_.p]);
        s(self, &[s1.p, s1r_.p, s1r2_.p]);
        f(self, &[s0.p, label(s0l), label(s0r), b0.p]);
        s(self, &[s1.p, label(s1r), s0.p]);
        f(self, &[b0.p, label(b0l), s0.p]);
        // Label sets.
        for (x, i, side, g) in [
            (s0, s0i, 0, s),
            (s0, s0i, 1, s),
            (b0, b0i, 0, b),
            (s1, s1i, 1, s),
        ] {
            g(self, &[x.w, lset(i, side)]);
            g(self, &[x.p, lset(i, side)]);
        }
        &self.keys
    }
}
