use std::fmt;

use crate::{Document, StageRecord};

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
    pub fn run_batch(&self, docs: &mut [Document]) {
        for stage in &self.stages {
            for doc in docs.iter_mut() {
                stage.process(doc);
                doc.stages.push(StageRecord {
                    name: stage.name().to_owned(),
                    version: stage.version().to_owned(),
                });
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
