//! The one tester comparing both backends: the same documents go into
//! SQLite and PostgreSQL, and every query must give the same rows
//! (ids included: both stores start empty and insert in the same order).
//! Needs `DYAD_TEST_POSTGRES_URL` (see `.ci/start-postgres.sh`).
#![allow(clippy::unwrap_used)]

mod common;

use common::{dedup_corpus, filter_corpus, quote_corpus, stance_corpus};
use dyad_store::synthetic::{Rng, document};
use dyad_store::{
    ActorFilter, ArticleFilter, EventFilter, IngestOptions, NegotiationFilter, PostgresStore,
    QuoteFilter, SentenceFilter, SqliteStore, StanceFilter, Store,
};

fn corpus() -> Vec<dyad_core::Document> {
    let mut docs = dedup_corpus();
    docs.extend(filter_corpus());
    docs.extend(quote_corpus());
    docs.extend(stance_corpus());
    let mut rng = Rng::new(7);
    docs.extend((0..400).map(|i| document(&mut rng, i, 4)));
    docs
}

fn event_filters() -> Vec<EventFilter> {
    let mut out = vec![EventFilter::default()];
    let e = EventFilter::default;
    for a in [
        "RUS",
        "rusgov",
        "lavrov",
        "Ukraine",
        "government",
        "IGO",
        "zzz",
    ] {
        out.push(EventFilter {
            actor: Some(a.into()),
            ..e()
        });
    }
    for (s, t) in [
        ("RUS", "UKR"),
        ("USAGOV", "CHNGOV"),
        ("ISR", "PSE"),
        ("IGO", "RUS"),
    ] {
        for either in [false, true] {
            out.push(EventFilter {
                source: Some(s.into()),
                target: Some(t.into()),
                either_order: either,
                ..e()
            });
        }
        out.push(EventFilter {
            source: Some(s.into()),
            ..e()
        });
        out.push(EventFilter {
            target: Some(t.into()),
            either_order: true,
            ..e()
        });
    }
    for c in ["0", "03", "036", "19", "195"] {
        out.push(EventFilter {
            code: Some(c.into()),
            ..e()
        });
    }
    for r in ["04", "11", "19"] {
        out.push(EventFilter {
            root: Some(r.into()),
            ..e()
        });
    }
    for q in 1..=4 {
        out.push(EventFilter {
            quad_class: Some(q),
            ..e()
        });
    }
    for p in ["CONSULT", "fight", "SANCTION"] {
        out.push(EventFilter {
            plover: Some(p.into()),
            ..e()
        });
    }
    out.push(EventFilter {
        negated: Some(true),
        ..e()
    });
    out.push(EventFilter {
        modality: Some("intent".into()),
        ..e()
    });
    out.push(EventFilter {
        from: Some("2023-01-01".into()),
        to: Some("2023-01-31".into()),
        ..e()
    });
    out.push(EventFilter {
        source: Some("RUS".into()),
        target: Some("UKR".into()),
        either_order: true,
        from: Some("2022-01-01".into()),
        to: Some("2022-12-31".into()),
        limit: Some(7),
        ..e()
    });
    out.push(EventFilter {
        limit: Some(50),
        after: Some(100),
        ..e()
    });
    out
}

fn quote_filters() -> Vec<QuoteFilter> {
    let q = QuoteFilter::default;
    vec![
        q(),
        QuoteFilter {
            speaker: Some("lavrov".into()),
            ..q()
        },
        QuoteFilter {
            speaker: Some("USA".into()),
            ..q()
        },
        QuoteFilter {
            text: Some("talks productive".into()),
            ..q()
        },
        QuoteFilter {
            text: Some("peace".into()),
            ..q()
        },
        QuoteFilter {
            text: Some("Peace, NOBODY".into()),
            ..q()
        },
        QuoteFilter {
            kind: Some("direct".into()),
            ..q()
        },
        QuoteFilter {
            from: Some("2024-02-01".into()),
            limit: Some(1),
            ..q()
        },
    ]
}

fn run_all(s: &mut dyn Store) -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |label: String, v: serde_json::Value| out.push(format!("{label}: {v}"));
    push(
        "counts".into(),
        serde_json::to_value(s.counts().unwrap()).unwrap(),
    );
    for f in event_filters() {
        let page = s.events(&f).unwrap();
        push(
            format!("events {f:?}"),
            serde_json::to_value(&page).unwrap(),
        );
    }
    let mut ids = Vec::new();
    s.for_each_event(&EventFilter::default(), &mut |e| {
        ids.push(e.id);
        Ok(())
    })
    .unwrap();
    for id in ids {
        push(
            format!("mentions {id}"),
            serde_json::to_value(s.event_mentions(id).unwrap()).unwrap(),
        );
    }
    for f in quote_filters() {
        push(
            format!("quotes {f:?}"),
            serde_json::to_value(s.quotes(&f).unwrap()).unwrap(),
        );
    }
    for t in ["lavrov", "Russia Ukraine", "report 17", "nato"] {
        let f = SentenceFilter {
            text: Some(t.into()),
            ..Default::default()
        };
        push(
            format!("sentences {t}"),
            serde_json::to_value(s.sentences(&f).unwrap()).unwrap(),
        );
    }
    for f in [
        ArticleFilter::default(),
        ArticleFilter {
            outlet: Some("outlet3.example".into()),
            ..Default::default()
        },
        ArticleFilter {
            from: Some("2022-06-01".into()),
            to: Some("2022-06-30".into()),
            ..Default::default()
        },
    ] {
        let mut page = s.articles(&f).unwrap();
        push(
            format!("articles {f:?}"),
            serde_json::to_value(&page).unwrap(),
        );
        if let Some(a) = page.rows.pop() {
            push(
                format!("text {}", a.id),
                serde_json::to_value(s.article_text(a.id).unwrap()).unwrap(),
            );
        }
    }
    for f in [
        ActorFilter::default(),
        ActorFilter {
            prefix: Some("RUS".into()),
            ..Default::default()
        },
        ActorFilter {
            limit: Some(5),
            after: Some("IGO".into()),
            ..Default::default()
        },
    ] {
        push(
            format!("actors {f:?}"),
            serde_json::to_value(s.actors(&f).unwrap()).unwrap(),
        );
    }
    let st = StanceFilter::default;
    for f in [
        st(),
        StanceFilter {
            actor: Some("gbr".into()),
            ..st()
        },
        StanceFilter {
            actor: Some("Official".into()),
            ..st()
        },
        StanceFilter {
            issues: vec!["nato-membership-ukraine".into(), "nope".into()],
            ..st()
        },
        StanceFilter {
            polarity: Some("oppose".into()),
            limit: Some(2),
            ..st()
        },
        StanceFilter {
            from: Some("2025-02-19".into()),
            ..st()
        },
    ] {
        push(
            format!("stances {f:?}"),
            serde_json::to_value(s.stances(&f).unwrap()).unwrap(),
        );
        push(
            format!("matrix {f:?}"),
            serde_json::to_value(s.stance_matrix(&f).unwrap()).unwrap(),
        );
    }
    push(
        "negotiations".into(),
        serde_json::to_value(s.negotiations(&NegotiationFilter::default()).unwrap()).unwrap(),
    );
    out
}

#[test]
fn sqlite_and_postgres_agree() {
    let Ok(url) = std::env::var("DYAD_TEST_POSTGRES_URL") else {
        eprintln!("skipping PostgreSQL: DYAD_TEST_POSTGRES_URL not set");
        return;
    };
    let schema = format!("dyad_t{}_compare", std::process::id());
    PostgresStore::drop_schema(&url, &schema).unwrap();
    let mut pg = PostgresStore::connect_in_schema(&url, &schema).unwrap();
    let mut lite = SqliteStore::open_in_memory().unwrap();
    let docs = corpus();
    for chunk in docs.chunks(64) {
        let a = lite.ingest(chunk, &IngestOptions::default()).unwrap();
        let b = pg.ingest(chunk, &IngestOptions::default()).unwrap();
        assert_eq!(a, b);
    }
    let a = run_all(&mut lite);
    let b = run_all(&mut pg);
    drop(pg);
    PostgresStore::drop_schema(&url, &schema).unwrap();
    assert_eq!(a.len(), b.len());
    let merged = lite.counts().unwrap();
    assert!(
        merged.events < merged.event_mentions,
        "the corpus must exercise merging"
    );
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y);
    }
    eprintln!(
        "{} query results identical on SQLite and PostgreSQL",
        a.len()
    );
}
