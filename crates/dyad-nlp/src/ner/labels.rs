//! The BILOU tag set the perceptron predicts, its valid transitions, and
//! conversions between tag sequences and spans.
//!
//! The model learns the three types every training corpus labels (PER,
//! ORG, LOC); GPE and NORP come from the rules in [`super::rules`]. BILOU
//! (rather than BIO) gives the classifier separate decisions for a
//! name's last token and for one-token names, which helps greedy decoding.

/// Types the statistical model predicts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Kind {
    Per = 0,
    Org = 1,
    Loc = 2,
}

impl Kind {
    pub(crate) const ALL: [Kind; 3] = [Kind::Per, Kind::Org, Kind::Loc];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Per => "PER",
            Kind::Org => "ORG",
            Kind::Loc => "LOC",
        }
    }
}

/// A predicted or gold span over a sentence's tokens (half-open).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct KindSpan {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

/// Position of a token in a span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pos {
    B = 0,
    I = 1,
    L = 2,
    U = 3,
}

/// Number of classes: O plus 4 positions for each type.
pub(crate) const CLASSES: usize = 1 + 4 * Kind::ALL.len();

/// Class 0 is O.
pub(crate) const OUTSIDE: usize = 0;

/// Class id of (`kind`, `pos`).
#[inline]
pub(crate) fn class(kind: Kind, pos: Pos) -> usize {
    1 + 4 * kind as usize + pos as usize
}

/// Decode a class id.
#[inline]
pub(crate) fn parts(c: usize) -> Option<(Kind, Pos)> {
    if c == OUTSIDE || c >= CLASSES {
        return None;
    }
    let k = Kind::ALL[(c - 1) / 4];
    let p = match (c - 1) % 4 {
        0 => Pos::B,
        1 => Pos::I,
        2 => Pos::L,
        _ => Pos::U,
    };
    Some((k, p))
}

/// Class names, stored in the model file (`O`, `B-PER`, ...).
pub(crate) fn class_names() -> Vec<String> {
    (0..CLASSES)
        .map(|c| match parts(c) {
            None => "O".to_owned(),
            Some((k, p)) => format!("{}-{}", ["B", "I", "L", "U"][p as usize], k.name()),
        })
        .collect()
}

/// Whether class `cur` may follow class `prev` (`None` = sentence start)
/// at a token that is (`last`) or is not the sentence's last one.
#[inline]
pub(crate) fn allowed(prev: Option<usize>, cur: usize, last: bool) -> bool {
    let open = prev
        .and_then(parts)
        .filter(|(_, p)| matches!(p, Pos::B | Pos::I));
    match (open, parts(cur)) {
        (Some((k, _)), Some((k2, p))) => k == k2 && (p == Pos::L || (p == Pos::I && !last)),
        (Some(_), None) => false,
        (None, None) => true,
        (None, Some((_, p))) => p == Pos::U || (p == Pos::B && !last),
    }
}

/// BILOU classes of `n` tokens with `spans` (non-overlapping).
pub(crate) fn encode(n: usize, spans: &[KindSpan]) -> Vec<usize> {
    let mut out = vec![OUTSIDE; n];
    for s in spans {
        if s.start >= s.end || s.end > n {
            continue;
        }
        if s.end - s.start == 1 {
            out[s.start] = class(s.kind, Pos::U);
        } else {
            out[s.start] = class(s.kind, Pos::B);
            for o in &mut out[s.start + 1..s.end - 1] {
                *o = class(s.kind, Pos::I);
            }
            out[s.end - 1] = class(s.kind, Pos::L);
        }
    }
    out
}

/// Spans of a class sequence; tolerant of invalid sequences (an unclosed
/// span ends where the next starts or at the end).
pub(crate) fn decode(classes: &[usize]) -> Vec<KindSpan> {
    let mut out = Vec::new();
    let mut open: Option<(usize, Kind)> = None;
    for (i, &c) in classes.iter().enumerate() {
        match parts(c) {
            None => {
                if let Some((s, k)) = open.take() {
                    out.push(KindSpan {
                        start: s,
                        end: i,
                        kind: k,
                    });
                }
            }
            Some((k, p)) => {
                let continues =
                    matches!(open, Some((_, ok)) if ok == k) && matches!(p, Pos::I | Pos::L);
                if !continues {
                    if let Some((s, ok)) = open.take() {
                        out.push(KindSpan {
                            start: s,
                            end: i,
                            kind: ok,
                        });
                    }
                    open = Some((i, k));
                }
                if matches!(p, Pos::L | Pos::U)
                    && let Some((s, ok)) = open.take()
                {
                    out.push(KindSpan {
                        start: s,
                        end: i + 1,
                        kind: ok,
                    });
                }
            }
        }
    }
    if let Some((s, k)) = open {
        out.push(KindSpan {
            start: s,
            end: classes.len(),
            kind: k,
        });
    }
    out
}

/// Spans of an IOB2 tag sequence whose types `map` turns into [`Kind`]s
/// (`None` = outside). A stray `I-` starts a span.
pub(crate) fn from_iob2<S: AsRef<str>>(
    tags: &[S],
    map: impl Fn(&str) -> Option<Kind>,
) -> Vec<KindSpan> {
    let mut out = Vec::new();
    let mut open: Option<(usize, Kind)> = None;
    for (i, t) in tags.iter().enumerate() {
        let t = t.as_ref();
        let (prefix, ty) = t.split_once('-').unwrap_or((t, ""));
        let kind = if prefix == "B" || prefix == "I" {
            map(ty)
        } else {
            None
        };
        let continues = prefix == "I" && matches!((open, kind), (Some((_, a)), Some(b)) if a == b);
        if !continues {
            if let Some((s, k)) = open.take() {
                out.push(KindSpan {
                    start: s,
                    end: i,
                    kind: k,
                });
            }
            if let Some(k) = kind {
                open = Some((i, k));
            }
        }
    }
    if let Some((s, k)) = open {
        out.push(KindSpan {
            start: s,
            end: tags.len(),
            kind: k,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_decode_round_trip() {
        let spans = vec![
            KindSpan {
                start: 0,
                end: 2,
                kind: Kind::Per,
            },
            KindSpan {
                start: 3,
                end: 4,
                kind: Kind::Loc,
            },
            KindSpan {
                start: 4,
                end: 7,
                kind: Kind::Org,
            },
        ];
        let c = encode(8, &spans);
        assert_eq!(decode(&c), spans);
        for (i, &cur) in c.iter().enumerate() {
            let prev = i.checked_sub(1).map(|j| c[j]);
            assert!(allowed(prev, cur, i + 1 == c.len()));
        }
        assert_eq!(class_names()[class(Kind::Org, Pos::L)], "L-ORG");
    }

    #[test]
    fn transitions() {
        let b = class(Kind::Per, Pos::B);
        assert!(!allowed(Some(b), OUTSIDE, false));
        assert!(!allowed(Some(b), class(Kind::Org, Pos::L), false));
        assert!(!allowed(Some(b), class(Kind::Per, Pos::I), true));
        assert!(allowed(Some(b), class(Kind::Per, Pos::L), true));
        assert!(!allowed(None, b, true));
        assert!(!allowed(None, class(Kind::Per, Pos::I), false));
    }

    #[test]
    fn iob2_spans() {
        let tags = ["B-PER", "I-PER", "O", "I-LOC", "B-OTH", "B-ORG", "I-LOC"];
        let map = |t: &str| match t {
            "PER" => Some(Kind::Per),
            "LOC" => Some(Kind::Loc),
            "ORG" => Some(Kind::Org),
            _ => None,
        };
        let s = from_iob2(&tags, map);
        assert_eq!(
            s,
            vec![
                KindSpan {
                    start: 0,
                    end: 2,
                    kind: Kind::Per
                },
                KindSpan {
                    start: 3,
                    end: 4,
                    kind: Kind::Loc
                },
                KindSpan {
                    start: 5,
                    end: 6,
                    kind: Kind::Org
                },
                KindSpan {
                    start: 6,
                    end: 7,
                    kind: Kind::Loc
                },
            ]
        );
        assert_eq!(
            decode(&[class(Kind::Per, Pos::I), OUTSIDE]),
            vec![KindSpan {
                start: 0,
                end: 1,
                kind: Kind::Per
            }]
        );
    }
}
