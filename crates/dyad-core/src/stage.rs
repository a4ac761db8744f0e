use std::fmt;

use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::{Document, StageFailure, StageRecord};

/// One step of analysis: reads the layers before it, adds its own.
///
/// Analysis never fails: odd text becomes odd (or empty) layers, not an
/// error, so one strange article cannot stop a batch. Stages are `Send +
/// Sync` so one pipeline serves every thread.
pub trait Stage: Send + Sync {
    /// Short name, recorded in the document's audit trail.
    fn name(&self) -> &'static str;
    /// Version of the rules or model, recorded next to the name.
    fn version(&self) -> &'static str;
    /// Add this stage's layers to `doc`.
    fn process(&self, doc: &mut Document);
}

/// An ordered list of stages run over each document.
#[derive(Default)]
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.stages.iter().map(|s| s.name()))
            .finish()
    }
}

impl Pipeline {
    /// An empty pipeline.
    pub fn new() -> Self {
        Self::default()
    }

    /// Append a stage.
    #[must_use]
    pub fn with(mut self, stage: impl Stage + 'static) -> Self {
        self.stages.push(Box::new(stage));
        self
    }

    /// Run every stage over `doc`, in order, recording each in
    /// [`Document::stages`].
    pub fn run(&self, doc: &mut Document) {
        self.run_batch(std::slice::from_mut(doc));
    }

    /// Run every stage over `docs`: the first stage over all of them,
    /// then the next, and so on. Same result as [`Pipeline::run`] on each,
    /// but each stage's model stays in the CPU caches from one document to
    /// the next instead of being evicted by the other stages' (a few
    /// documents per call is enough).
    ///
    /// A stage that panics on a document (a bug) marks that document
    /// [`Document::failure`]; the later stages skip it and the other
    /// documents are analysed as usual, so the caller can report it and go
    /// on. Documents already failed are skipped.
    pub fn run_batch(&self, docs: &mut [Document]) {
        for stage in &self.stages {
            for doc in docs.iter_mut().filter(|d| d.failure.is_none()) {
                match catch_unwind(AssertUnwindSafe(|| stage.process(doc))) {
                    Ok(()) => doc.stages.push(StageRecord {
                        name: stage.name().to_owned(),
                        version: stage.version().to_owned(),
                    }),
                    Err(payload) => {
                        let message = payload
                            .downcast_ref::<&str>()
                            .map(|s| (*s).to_owned())
                            .or_else(|| payload.downcast_ref::<String>().cloned())
                            .unwrap_or_else(|| "(no message)".to_owned());
                        doc.failure = Some(StageFailure {
                            stage: stage.name().to_owned(),
                            message,
                        });
                    }
                }
            }
        }
    }
}

/// Resolves a phrase of a document to an actor, on the document's date.
/// The actor knowledge base implements it; the event coder calls it for
/// parties that are not named entities (`Russian troops`, `the Kremlin`).
pub trait ResolveActor: Send + Sync {
    /// The actor named by `tokens` of `doc`, if any.
    fn resolve(&self, doc: &crate::Document, tokens: std::ops::Range<u32>) -> Option<crate::Actor>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Meta;

    /// Appends its name to the text's paragraphs count (a visible layer),
    /// and panics on texts containing "boom" when `fragile`.
    struct Step {
        name: &'static str,
        fragile: bool,
    }

    impl Stage for Step {
        fn name(&self) -> &'static str {
            self.name
        }
        fn version(&self) -> &'static str {
            "1"
        }
        fn process(&self, doc: &mut Document) {
            if self.fragile && doc.text.contains("boom") {
                let at = doc.text.find("boom").unwrap_or(0);
                panic!("cannot handle the word at byte {at}");
            }
            doc.paragraphs.push(crate::Span::new(0, 0));
        }
    }

    #[test]
    fn a_stage_that_panics_fails_one_document_not_the_batch() {
        let pipeline = Pipeline::new()
            .with(Step {
                name: "first",
                fragile: false,
            })
            .with(Step {
                name: "second",
                fragile: true,
            })
            .with(Step {
                name: "third",
                fragile: false,
            });
        let mut docs: Vec<Document> = ["calm", "a boom here", "calm again"]
            .iter()
            .map(|t| Document::new(Meta::with_id(*t), (*t).to_owned()).unwrap())
            .collect();
        pipeline.run_batch(&mut docs);
        let names = |d: &Document| d.stages.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
        for d in [&docs[0], &docs[2]] {
            assert_eq!(d.failure, None);
            assert_eq!(names(d), ["first", "second", "third"]);
            assert_eq!(d.paragraphs.len(), 3);
        }
        let failed = &docs[1];
        assert_eq!(
            failed.failure,
            Some(StageFailure {
                stage: "second".into(),
                message: "cannot handle the word at byte 2".into(),
            })
        );
        // The stages before ran; none after.
        assert_eq!(names(failed), ["first"]);
        assert_eq!(failed.paragraphs.len(), 1);
        // A failed document is skipped by later runs too.
        pipeline.run_batch(&mut docs[1..2]);
        assert_eq!(docs[1].paragraphs.len(), 1);
    }
}
