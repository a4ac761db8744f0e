//! Finding the speaker of a cue and turning it into a canonical
//! [`Speaker`].

use std::ops::Range;

use dyad_core::{EntityLabel, MentionKind, Span, Speaker, TokenKind, Upos};

use crate::context::Ctx;

/// Active subjects: the passive subject of a speech verb is what was said
/// or described, not who said it.
fn is_subject(deprel: &str) -> bool {
    deprel == "nsubj" || deprel == "nsubj:outer" || deprel == "csubj"
}

fn is_relative(ctx: &Ctx<'_>, t: u32) -> bool {
    matches!(
        ctx.lower(t).as_str(),
        "which" | "that" | "who" | "whom" | "what"
    )
}

/// Token range naming who speaks through the cue verb `v`, looked for
/// inside `window` (the tokens the pattern allows).
pub(crate) fn subject_of(ctx: &Ctx<'_>, v: u32, window: Range<u32>) -> Option<Range<u32>> {
    if ctx.has_deps() {
        let mut verb = v;
        for _ in 0..3 {
            let subjects: Vec<u32> = ctx
                .children(verb)
                .iter()
                .copied()
                .filter(|&c| {
                    is_subject(ctx.deprel(c)) && !is_relative(ctx, c) && window.contains(&c)
                })
                .collect();
            // Several subjects (a mis-parsed `US President Donald Trump`):
            // the person wins.
            // `UK Prime Minister Sir Keir Starmer` parsed with two
            // subjects: the one whose phrase holds a person wins.
            let holds_person = |s: u32| {
                let sub = ctx.subtree(s);
                (sub.start.max(window.start)..sub.end.min(window.end))
                    .any(|t| ctx.is_person_like(t) && ctx.mention_at(t).is_some())
            };
            if let Some(&s) = subjects.iter().find(|&&s| ctx.is_person_like(s)) {
                return Some(noun_phrase(ctx, s));
            }
            if let Some(&s) = subjects.iter().find(|&&s| holds_person(s)) {
                let sub = ctx.subtree(s);
                return Some(sub.start.max(window.start)..sub.end.min(window.end));
            }
            if let Some(&s) = subjects.first() {
                return Some(noun_phrase(ctx, s));
            }
            // `X stated ... and indicated ...`: the subject sits on the
            // first conjunct; `said to ...`, `X attacked Y, saying ...`: on
            // the governing verb.
            match (ctx.deprel(verb), ctx.head(verb)) {
                ("conj" | "xcomp" | "advcl", Some(h)) => verb = h,
                _ => break,
            }
        }
    }
    nearest_speaker(ctx, v, window)
}

/// Without a usable parse: the nearest person-like mention before the cue
/// in the window (or right after it, `said Rubio`), else the nearest name.
fn nearest_speaker(ctx: &Ctx<'_>, v: u32, window: Range<u32>) -> Option<Range<u32>> {
    let before = (window.start..v.min(window.end)).rev();
    let after = (v + 1).max(window.start)..window.end;
    let is_barrier = |t: u32| {
        matches!(
            ctx.doc.tokens[t as usize].kind,
            TokenKind::QuoteOpen | TokenKind::QuoteClose
        )
    };
    // Pass 0: people and pronouns; 1: any named mention; 2: without
    // entity mentions at all, a run of capitalised words.
    let fits = |pass: usize, t: u32| match pass {
        0 => ctx.is_person_like(t),
        1 => ctx.mention_at(t).is_some(),
        _ => ctx.doc.mentions.is_empty() && is_capitalised(ctx, t),
    };
    // Nearest first before the cue (up to 12 tokens), then right after it
    // (up to 4), never across a quotation mark.
    let scan = |tokens: &mut dyn Iterator<Item = u32>, pass: usize| {
        tokens
            .take_while(|&t| !is_barrier(t))
            .find(|&t| fits(pass, t))
    };
    for pass in 0..3 {
        let found = scan(&mut before.clone().take(12), pass)
            .or_else(|| scan(&mut after.clone().take(4), pass));
        if let Some(t) = found {
            return Some(if pass == 2 {
                capitalised_run(ctx, t)
            } else {
                noun_phrase(ctx, t)
            });
        }
    }
    None
}

fn is_capitalised(ctx: &Ctx<'_>, t: u32) -> bool {
    ctx.doc.tokens[t as usize].kind == TokenKind::Word
        && ctx.word(t).chars().next().is_some_and(char::is_uppercase)
}

/// The run of capitalised words around `t` (`Sergei Lavrov`).
fn capitalised_run(ctx: &Ctx<'_>, t: u32) -> Range<u32> {
    let sent = ctx.sentence_range(ctx.sentence(t));
    let mut a = t;
    while a > sent.start && is_capitalised(ctx, a - 1) {
        a -= 1;
    }
    let mut b = t + 1;
    while b < sent.end && is_capitalised(ctx, b) {
        b += 1;
    }
    a..b
}

/// The mention covering `t`, or an appositive name of it, or its noun
/// phrase up to the head (`a senior official`).
fn noun_phrase(ctx: &Ctx<'_>, t: u32) -> Range<u32> {
    if let Some(m) = ctx.mention_at(t) {
        let m = &ctx.doc.mentions[m as usize];
        // `the Turkish foreign minister, Hakan Fidan`: a nationality or
        // place modifying a noun is not the speaker; the noun's phrase is.
        let last = m.tokens.end.saturating_sub(1);
        if matches!(
            m.label,
            Some(EntityLabel::Norp | EntityLabel::Gpe | EntityLabel::Loc)
        ) && matches!(ctx.deprel(last), "amod" | "compound" | "nmod:poss")
            && let Some(h) = ctx.head(last)
            && h > last
            && matches!(ctx.upos(h), Some(Upos::Noun | Upos::Propn))
            && ctx.mention_at(h).is_none()
        {
            return noun_phrase(ctx, h);
        }
        // A nominal with an appositive name: `its president, Volodymyr
        // Zelensky,` -> the name.
        if m.kind != MentionKind::Name
            && let Some(r) = appositive_name(ctx, t)
        {
            return r;
        }
        return m.tokens.clone();
    }
    if let Some(r) = appositive_name(ctx, t) {
        return r;
    }
    if ctx.has_deps() {
        let sub = ctx.subtree(t);
        // Left modifiers and the head; right-hand clauses and appositions
        // stay out.
        return sub.start.max(t.saturating_sub(6))..t + 1;
    }
    t..t + 1
}

fn appositive_name(ctx: &Ctx<'_>, t: u32) -> Option<Range<u32>> {
    ctx.children(t)
        .iter()
        .filter(|&&c| ctx.deprel(c) == "appos")
        .find_map(|&c| ctx.mention_at(c))
        .map(|m| ctx.doc.mentions[m as usize].tokens.clone())
}

/// The canonical speaker for the tokens `range`.
pub(crate) fn speaker(ctx: &Ctx<'_>, range: Range<u32>) -> Speaker {
    let doc = ctx.doc;
    // In `US President Donald Trump` or `Scholz, a NATO partner`, the
    // person is the speaker; otherwise the rightmost mention (the head).
    let mentions: Vec<u32> = range.clone().filter_map(|t| ctx.mention_at(t)).collect();
    let mention = mentions
        .iter()
        .copied()
        .find(|&m| doc.mentions[m as usize].label == Some(EntityLabel::Person))
        .or_else(|| mentions.last().copied())
        // `the Israeli defence ministry spokesman`: a mention that only
        // modifies the phrase's head is not the speaker; the phrase is.
        .filter(|&m| {
            let m = &doc.mentions[m as usize];
            m.label == Some(EntityLabel::Person)
                || m.tokens.end >= range.end
                || !(m.tokens.end..range.end)
                    .any(|t| matches!(ctx.upos(t), Some(Upos::Noun | Upos::Propn)))
        });
    let span = Span::new(
        doc.tokens[range.start as usize].span.start,
        doc.tokens[range.end as usize - 1].span.end,
    );
    let Some(mi) = mention else {
        return Speaker {
            mention: Some(span),
            entity: None,
            name: doc.slice(span).to_owned(),
            title: None,
        };
    };
    let m = &doc.mentions[mi as usize];
    let entity = ctx.entity_of(mi);
    let (name, title) = match entity.map(|e| &doc.entities[e as usize]) {
        Some(e) => {
            // The title as stated for this mention, else the first stated
            // one in the cluster.
            let title = m.title.or_else(|| {
                e.mentions
                    .iter()
                    .find_map(|&x| doc.mentions[x as usize].title)
            });
            (e.name.clone(), title)
        }
        None => (doc.slice(m.span).to_owned(), m.title),
    };
    Speaker {
        mention: Some(m.span),
        entity,
        name,
        title,
    }
}

/// How sure an attribution is, from the kind of mention that names the
/// speaker.
pub(crate) fn mention_confidence(ctx: &Ctx<'_>, range: &Range<u32>) -> f32 {
    match range
        .clone()
        .find_map(|t| ctx.mention_at(t))
        .map(|m| &ctx.doc.mentions[m as usize])
    {
        Some(m) if m.kind == MentionKind::Name && m.label == Some(EntityLabel::Person) => 1.0,
        Some(m) if m.kind == MentionKind::Name => 0.95,
        Some(_) => 0.9,
        None => 0.8,
    }
}
