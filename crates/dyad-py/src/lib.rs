//! The native part of the `dyad` Python package (`dyad._dyad`), built by
//! maturin into an abi3 wheel (CPython >= 3.9). The pure-Python wrapper in
//! `python/dyad` adds `analyze`, `analyze_batch` and `tables` on a
//! process-wide pipeline; docs/python.md is the user's guide.
//!
//! The pipeline is `dyad_pipeline::build` (what `dyad analyze` runs); the
//! default one is built once per process and shared by every thread.
//! Batches are analysed on rayon's pool with the GIL released. Bad input
//! raises `ValueError`/`TypeError`; a panic inside the engine (a bug) is
//! caught before it reaches the FFI boundary and raised as `RuntimeError`.
//!
//! The crate keeps the workspace lints, `unsafe_code = "forbid"`
//! included: PyO3 (0.30) generates its FFI glue in macro expansions, which
//! the lint does not flag, and no unsafe code is written here.

mod arrow;
mod glue;
