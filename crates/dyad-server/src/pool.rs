//! A small pool of store connections. A [`dyad_store::Store`] is one
//! connection used by one thread at a time (`&mut self`); the pool keeps
//! `n` of them and runs each call on tokio's blocking threads, so a slow
//! query never stalls the async workers.

use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};

use dyad_store::{Store, StoreError};
use tokio::sync::Semaphore;

use crate::{Problem, ServerError};

/// Store connections shared by the request handlers.
pub struct StorePool {
    idle: Mutex<Vec<Box<dyn Store>>>,
    permits: Arc<Semaphore>,
    backend: &'static str,
}

impl std::fmt::Debug for StorePool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StorePool")
            .field("backend", &self.backend)
            .field("available", &self.permits.available_permits())
            .finish()
    }
}

impl StorePool {
    /// A pool over these connections (at least one; all to the same
    /// database).
    pub fn new(stores: Vec<Box<dyn Store>>) -> Result<Self, ServerError> {
        let backend = stores.first().ok_or(ServerError::EmptyPool)?.backend();
        Ok(Self {
            permits: Arc::new(Semaphore::new(stores.len())),
            idle: Mutex::new(stores),
            backend,
        })
    }

    /// Open `size` connections to `url` (one for `sqlite::memory:`, a
    /// private database per connection).
    pub fn open(url: &str, size: usize) -> Result<Self, ServerError> {
        let u = url.trim();
        let size = if u == "sqlite::memory:" || u == "sqlite://:memory:" {
            1
        } else {
            size.max(1)
        };
        let stores = (0..size)
            .map(|_| dyad_store::open(u))
            .collect::<Result<Vec<_>, _>>()?;
        Self::new(stores)
    }

    /// `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        self.backend
    }

    /// Run `f` on one connection, on a blocking thread.
    pub(crate) async fn run<R, F>(self: &Arc<Self>, f: F) -> Result<R, Problem>
    where
        R: Send + 'static,
        F: FnOnce(&mut dyn Store) -> Result<R, StoreError> + Send + 'static,
    {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| Problem::internal("the store pool is closed"))?;
        let pool = Arc::clone(self);
        let joined = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let mut store = pool
                .idle
                .lock()
                .map_err(|_| Problem::internal("the store pool is poisoned"))?
                .pop()
                .ok_or_else(|| Problem::internal("no idle store connection"))?;
            // The connection goes back even if `f` panics.
            let out = std::panic::catch_unwind(AssertUnwindSafe(|| f(store.as_mut())));
            if let Ok(mut idle) = pool.idle.lock() {
                idle.push(store);
            }
            match out {
                Ok(r) => r.map_err(Problem::from),
                Err(_) => Err(Problem::internal("a store call panicked")),
            }
        })
        .await;
        joined.map_err(|e| Problem::internal(format!("store task failed: {e}")))?
    }
}
