//! The mention-ranking pass: walks the document in text order, keeps the
//! state of every entity seen so far (gender and number evidence, its last
//! mention and that mention's role), and for each third-person pronoun
//! ranks the entities mentioned within the last few sentences against a
//! "no antecedent" option. The same walk serves training (a chooser that
//! updates the perceptron and then follows the gold answer) and run time
//! (a chooser that takes the best score), so features cannot drift apart.

use dyad_core::{EntityLabel, Gender};

use super::context::{Context, MentionFacts, Role};
use super::lexicon::PronClass;
use crate::model::{FeatureKey, Features};

/// A name (or nominal) mention already assigned to a cluster.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Anchor {
    pub start: u32,
    pub end: u32,
    pub cluster: u32,
    pub label: Option<EntityLabel>,
    /// Gender evidence from a first name or title.
    pub gender: Option<Gender>,
    /// A plural name ("the Americans", "Democrats").
    pub plural: bool,
}

/// A pronoun token to resolve.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PronounTok {
    pub tok: u32,
    pub class: PronClass,
    pub reflexive: bool,
}

/// The candidates of one pronoun, with their feature ranges in `keys`.
#[derive(Debug, Default)]
pub(crate) struct Decision {
    /// Clusters, most recent first.
    pub clusters: Vec<u32>,
    /// `ranges[i]` = keys of candidate `i`; the last range is "none".
    pub ranges: Vec<(usize, usize)>,
    pub keys: Vec<FeatureKey>,
    /// A candidate the subject rule picks outright (see
    /// [`subject_rule`]); the model is not asked.
    pub forced: Option<usize>,
}

impl Decision {
    pub(crate) fn keys_of(&self, i: usize) -> &[FeatureKey] {
        let (a, b) = self.ranges[i];
        &self.keys[a..b]
    }
    /// Index of the "no antecedent" option.
    pub(crate) fn none(&self) -> usize {
        self.ranges.len() - 1
    }
}

#[derive(Clone, Copy, Debug, Default)]
struct Last {
    facts: MentionFacts,
    pronoun: bool,
    first_in_sent: bool,
}

#[derive(Clone, Debug, Default)]
struct ClusterState {
    label: Option<EntityLabel>,
    male: u16,
    female: u16,
    neuter: u16,
    plural: u16,
    singular: u16,
    mentions: u16,
    names: u16,
    first_sent: u32,
    last: Option<Last>,
}

impl ClusterState {
    fn gender(&self) -> &'static str {
        let (m, f, n) = (self.male, self.female, self.neuter);
        if m == 0 && f == 0 && n == 0 {
            return match self.label {
                Some(EntityLabel::Person) | None => "u",
                _ => "n",
            };
        }
        if m >= f && m >= n {
            "m"
        } else if f >= n {
            "f"
        } else {
            "n"
        }
    }
    fn number(&self) -> &'static str {
        if self.plural > self.singular {
            "p"
        } else if self.singular > 0 {
            "s"
        } else {
            "u"
        }
    }
    fn add_gender(&mut self, g: Option<Gender>) {
        match g {
            Some(Gender::Male) => self.male += 1,
            Some(Gender::Female) => self.female += 1,
            Some(Gender::Neuter) => self.neuter += 1,
            None => {}
        }
    }
}

/// Gender/number compatibility of a pronoun with a cluster.
fn agrees(p: PronClass, g: &str, num: &str, label: Option<EntityLabel>) -> bool {
    match p {
        PronClass::He => g == "m" || (g == "u" && label != Some(EntityLabel::Gpe)),
        PronClass::She => g == "f" || (g == "u" && label != Some(EntityLabel::Gpe)),
        PronClass::It => g != "m" && g != "f" && label != Some(EntityLabel::Person),
        PronClass::They => {
            // Groups: organisations, places (governments, teams), nations,
            // anything "they" referred to before; not a lone person.
            label != Some(EntityLabel::Person) || g == "u" && num == "p"
        }
    }
}

/// How far back (in sentences) the one "far" candidate may lie.
const FAR: u32 = 10;

fn bucket(n: usize, cap: usize) -> i64 {
    n.min(cap) as i64
}

fn label_str(l: Option<EntityLabel>) -> &'static str {
    l.map_or("-", EntityLabel::as_str)
}

/// Walk the document; `choose` picks the cluster (or `None`) for each
/// pronoun given its [`Decision`], and the walk records that choice.
/// Returns the cluster chosen for each pronoun.
pub(crate) fn walk(
    ctx: &Context<'_>,
    anchors: &[Anchor],
    pronouns: &[PronounTok],
    n_clusters: usize,
    window: u32,
    choose: &mut dyn FnMut(usize, &Decision) -> Option<u32>,
) -> Vec<Option<u32>> {
    let mut states = vec![ClusterState::default(); n_clusters];
    let mut recent: Vec<u32> = Vec::new();
    let mut out = vec![None; pronouns.len()];
    let mut last_speaker: Option<u32> = None;
    let mut last_event_sent = u32::MAX;
    let mut dec = Decision::default();
    let mut ahead: Vec<Anchor> = Vec::new();
    let mut f = Features::new();
    let (mut ai, mut pi) = (0usize, 0usize);
    let mode = if ctx.has_deps { "dep" } else { "surf" };
    while ai < anchors.len() || pi < pronouns.len() {
        let take_anchor =
            pi >= pronouns.len() || (ai < anchors.len() && anchors[ai].start <= pronouns[pi].tok);
        let (facts, cluster, pron) = if take_anchor {
            let a = anchors[ai];
            ai += 1;
            let facts = ctx.facts(a.start, a.end);
            let Some(st) = states.get_mut(a.cluster as usize) else {
                continue;
            };
            st.add_gender(a.gender);
            if st.label.is_none() {
                st.label = a.label;
            }
            match a.label {
                _ if a.plural => st.plural += 1,
                Some(EntityLabel::Norp) => st.plural += 1,
                Some(_) => st.singular += 1,
                None => {}
            }
            if st.mentions == 0 {
                st.first_sent = facts.sent;
            }
            st.names += 1;
            (facts, a.cluster, None)
        } else {
            let p = pronouns[pi];
            let facts = ctx.facts(p.tok, p.tok + 1);
            // Names later in the pronoun's sentence (cataphora: "his ...,
            // Bezos's").
            ahead.clear();
            for a in &anchors[ai..] {
                if ctx.sent_of.get(a.start as usize) != Some(&facts.sent) {
                    break;
                }
                if !ahead.iter().any(|x: &Anchor| x.cluster == a.cluster) {
                    ahead.push(*a);
                }
            }
            build_decision(
                ctx,
                &states,
                &recent,
                &ahead,
                p,
                &facts,
                last_speaker,
                window,
                mode,
                &mut f,
                &mut dec,
            );
            let chosen = match dec.forced {
                Some(i) => dec.clusters.get(i).copied(),
                None => choose(pi, &dec),
            };
            out[pi] = chosen;
            pi += 1;
            let Some(c) = chosen else {
                if facts.sent != last_event_sent {
                    last_event_sent = facts.sent;
                }
                continue;
            };
            let Some(st) = states.get_mut(c as usize) else {
                continue;
            };
            st.add_gender(p.class.gender());
            if p.class == PronClass::They {
                st.plural += 1;
            } else {
                st.singular += 1;
            }
            (facts, c, Some(p))
        };
        let first_in_sent = facts.sent != last_event_sent;
        last_event_sent = facts.sent;
        if facts.speaker {
            last_speaker = Some(cluster);
        }
        if let Some(st) = states.get_mut(cluster as usize) {
            st.mentions += 1;
            st.last = Some(Last {
                facts,
                pronoun: pron.is_some(),
                first_in_sent,
            });
        }
        if let Some(pos) = recent.iter().position(|&c| c == cluster) {
            recent.remove(pos);
        }
        recent.insert(0, cluster);
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn build_decision(
    ctx: &Context<'_>,
    states: &[ClusterState],
    recent: &[u32],
    ahead: &[Anchor],
    p: PronounTok,
    pf: &MentionFacts,
    last_speaker: Option<u32>,
    window: u32,
    mode: &str,
    f: &mut Features,
    dec: &mut Decision,
) {
    dec.clusters.clear();
    dec.ranges.clear();
    dec.keys.clear();
    dec.forced = None;
    let pc = p.class.as_str();
    let pform = ctx.lower(i64::from(p.tok));
    let prole = pf.role.as_str();
    let pleo = p.class == PronClass::It && ctx.pleonastic(p.tok);
    let in_reach = |s: &ClusterState| s.last.is_some_and(|l| l.facts.sent + window >= pf.sent);
    let max_mentions = recent
        .iter()
        .filter_map(|&c| states.get(c as usize))
        .filter(|s| in_reach(s))
        .map(|s| s.mentions)
        .max()
        .unwrap_or(0);
    // The subject (or speaker) of the sentence before, in reach.
    let yes = |b: bool| if b { "y" } else { "n" };
    let mut agree_rank = 0usize;
    for (rank, &c) in recent.iter().enumerate() {
        let Some(st) = states.get(c as usize) else {
            continue;
        };
        let Some(last) = st.last else { continue };
        let g = st.gender();
        let num = st.number();
        let lab = label_str(st.label);
        let agree = agrees(p.class, g, num, st.label);
        let far = last.facts.sent + window < pf.sent;
        let cata = ahead.iter().any(|a| a.cluster == c);
        if far && !cata {
            // Beyond the window: only the nearest agreeing person, for
            // "he"/"she" that have no agreeing candidate nearer (a person
            // talked about across a long quotation).
            if last.facts.sent + FAR < pf.sent {
                continue;
            }
            if agree_rank > 0
                || !matches!(p.class, PronClass::He | PronClass::She)
                || st.label != Some(EntityLabel::Person)
                || !agree
            {
                continue;
            }
        }
        let sdist = match pf.sent - last.facts.sent.min(pf.sent) {
            _ if far => "far",
            0 => "0",
            1 => "1",
            2 => "2",
            3 => "3",
            4..=6 => "4-6",
            _ => "7+",
        };
        let rk = ["0", "1", "2", "3", "4"][bucket(rank, 4) as usize];
        let ark = ["0", "1", "2", "3"][bucket(agree_rank, 3) as usize];
        if agree {
            agree_rank += 1;
        }
        let lrole = last.facts.role.as_str();
        let is_ls = yes(last_speaker == Some(c));
        // Subject of its clause, or (without syntax) a speaker: "Starmer
        // stated ... and indicated he would".
        let subj = last.facts.role == Role::Subj || (!ctx.has_deps && last.facts.speaker);
        let salient = st.mentions == max_mentions;
        f.clear();
        f.add(1, &[pc]);
        f.add(2, &[pc, lab]);
        f.add(3, &[pc, g]);
        f.add(4, &[pc, num]);
        f.add(5, &[pc, g, num, lab]);
        f.add(6, &[pc, yes(agree)]);
        f.add(7, &[pc, sdist]);
        f.add(8, &[pc, rk]);
        f.add(9, &[pc, yes(agree), ark]);
        f.add(10, &[pc, yes(last.pronoun)]);
        f.add(11, &[pc, mode, lrole]);
        f.add(12, &[pc, mode, prole, lrole]);
        f.add(13, &[pc, yes(last.facts.speaker), yes(pf.speaker)]);
        f.add(14, &[pc, is_ls, yes(pf.speaker), yes(pf.in_quote)]);
        f.add(15, &[pc, yes(last.facts.in_quote), yes(pf.in_quote)]);
        f.add(16, &[pc, yes(last.first_in_sent), sdist]);
        f.add_int(
            17,
            bucket(st.mentions as usize, 6) * 8 + i64::from(st.names.min(7)),
        );
        f.add(18, &[pc, yes(salient), yes(st.first_sent == 0)]);
        f.add(19, &[&pform, g]);
        f.add(20, &[pc, sdist, g, yes(agree)]);
        f.add(21, &[pc, yes(p.reflexive), sdist, lrole]);
        f.add(22, &[pc, sdist, rk, yes(agree)]);
        f.add(23, &[pc, yes(agree), ark, sdist, lrole]);
        f.add(24, &[pc, lab, yes(last.pronoun), sdist]);
        f.add(25, &[pc, is_ls, yes(agree), ark]);
        f.add(26, &[pc, yes(agree), yes(subj), sdist, mode]);
        f.add(27, &[pc, yes(agree), yes(salient), sdist]);
        f.add(28, &[pc, yes(agree), yes(subj), ark]);
        f.add(29, &[pc, yes(cata), yes(agree), lab]);
        f.add(30, &[pc, yes(pleo), lab]);
        let a = dec.keys.len();
        dec.keys.extend_from_slice(f.keys());
        dec.ranges.push((a, dec.keys.len()));
        if dec.forced.is_none() && subject_rule(ctx, p, pf, st, &last) {
            dec.forced = Some(dec.clusters.len());
        }
        dec.clusters.push(c);
    }
    // Cataphora: a name later in the sentence whose entity is not in
    // reach ("In his speech, Bezos said").
    for an in ahead {
        if dec.clusters.contains(&an.cluster) {
            continue;
        }
        let st = states.get(an.cluster as usize);
        let label = st.and_then(|s| s.label).or(an.label);
        let g = match (an.gender, st) {
            (Some(Gender::Male), _) => "m",
            (Some(Gender::Female), _) => "f",
            (Some(Gender::Neuter), _) => "n",
            (None, Some(s)) if s.mentions > 0 => s.gender(),
            (None, _) => match label {
                Some(EntityLabel::Person) | None => "u",
                _ => "n",
            },
        };
        let num = if an.plural || label == Some(EntityLabel::Norp) {
            "p"
        } else {
            "s"
        };
        let lab = label_str(label);
        let agree = agrees(p.class, g, num, label);
        let facts = ctx.facts(an.start, an.end);
        f.clear();
        f.add(60, &[pc]);
        f.add(61, &[pc, lab, g, yes(agree)]);
        f.add(62, &[pc, yes(agree), mode, prole, facts.role.as_str()]);
        f.add(63, &[pc, yes(agree), yes(facts.speaker)]);
        f.add(
            64,
            &[pc, yes(agree), yes(st.is_some_and(|s| s.mentions > 0))],
        );
        f.add(
            65,
            &[
                &pform,
                yes(agree),
                yes(n_before_agree(dec, states, p.class) > 0),
            ],
        );
        let a = dec.keys.len();
        dec.keys.extend_from_slice(f.keys());
        dec.ranges.push((a, dec.keys.len()));
        dec.clusters.push(an.cluster);
    }
    let next = ctx.lower(i64::from(p.tok) + 1);
    let next2 = ctx.lower(i64::from(p.tok) + 2);
    let prev = ctx.lower(i64::from(p.tok) - 1);
    let n_agree = n_before_agree(dec, states, p.class);
    f.clear();
    f.add(40, &[]);
    f.add(41, &[&pform]);
    f.add(42, &[&pform, &next]);
    f.add(43, &[&pform, &prev]);
    f.add_int(44, bucket(dec.clusters.len(), 5));
    f.add(45, &[pc, ["0", "1", "2", "3"][bucket(n_agree, 3) as usize]]);
    f.add(46, &[&pform, if pf.in_quote { "q" } else { "-" }]);
    f.add(47, &[&pform, mode, prole]);
    f.add(48, &[&pform, &next, &next2]);
    f.add(49, &[pc, yes(pleo)]);
    let a = dec.keys.len();
    dec.keys.extend_from_slice(f.keys());
    dec.ranges.push((a, dec.keys.len()));
}

/// The subject rule: "he"/"she" outside quotations goes to the nearest
/// person of the same gender who is the subject of an earlier clause of
/// the same sentence ("Starmer stated that ... and indicated he would"),
/// found by the tree, or without one by a speech verb right after the
/// name. Only explicit gender (first name, title, earlier pronoun) counts.
fn subject_rule(
    ctx: &Context<'_>,
    p: PronounTok,
    pf: &MentionFacts,
    st: &ClusterState,
    last: &Last,
) -> bool {
    let g = match p.class {
        PronClass::He => "m",
        PronClass::She => "f",
        _ => return false,
    };
    let subj = if ctx.has_deps {
        last.facts.role == Role::Subj
    } else {
        last.facts.speaker
    };
    !p.reflexive
        && !pf.in_quote
        && !last.pronoun
        && !last.facts.in_quote
        && last.facts.sent == pf.sent
        && subj
        && st.label == Some(EntityLabel::Person)
        && st.gender() == g
}

/// How many of the candidates so far agree with a pronoun of class `p`.
fn n_before_agree(dec: &Decision, states: &[ClusterState], p: PronClass) -> usize {
    dec.clusters
        .iter()
        .filter(|&&c| {
            states
                .get(c as usize)
                .is_some_and(|s| s.last.is_some() && agrees(p, s.gender(), s.number(), s.label))
        })
        .count()
}
