//! The Python-facing functions and the `Pipeline` class.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use dyad_core::{Document, Pipeline};
use dyad_pipeline::tables::Tables;
use dyad_pipeline::{Article, ArticleError, Coder, Options};
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};
use rayon::prelude::*;

/// `meta.origin.path` of documents made here.
const ORIGIN: &str = "python";

/// The default pipeline, built once per process.
static DEFAULT: OnceLock<Result<Arc<Pipeline>, String>> = OnceLock::new();

fn default_pipeline() -> PyResult<Arc<Pipeline>> {
    DEFAULT
        .get_or_init(|| {
            dyad_pipeline::build(&Options::default())
                .map(Arc::new)
                .map_err(|e| e.to_string())
        })
        .clone()
        .map_err(PyRuntimeError::new_err)
}

/// What to do with an article that cannot be analysed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum OnError {
    Raise,
    Skip,
}

fn on_error(s: &str) -> PyResult<OnError> {
    match s {
        "raise" => Ok(OnError::Raise),
        "skip" => Ok(OnError::Skip),
        other => Err(PyValueError::new_err(format!(
            "errors must be \"raise\" or \"skip\", got {other:?}"
        ))),
    }
}

/// Run `f` on `threads` threads (`None`/0: rayon's global pool, one
/// thread per core), turning a panic into an error message.
fn run<T: Send>(threads: Option<usize>, f: impl FnOnce() -> T + Send) -> Result<T, String> {
    let guarded = || catch_unwind(AssertUnwindSafe(f));
    let out = match threads {
        Some(n) if n > 0 => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map_err(|e| format!("cannot start {n} threads: {e}"))?
            .install(guarded),
        _ => guarded(),
    };
    out.map_err(|panic| {
        let msg = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        format!("dyad failed on this input (a bug, please report it): {msg}")
    })
}

/// True for None, NaN, pandas' NA/NaT (values not equal to themselves).
fn missing(v: &Bound<'_, PyAny>) -> bool {
    v.is_none() || (!v.is_instance_of::<PyString>() && v.ne(v).unwrap_or(false))
}

/// An optional string field: str, or absent (None, NaN).
fn opt_str(v: Option<&Bound<'_, PyAny>>, field: &str) -> PyResult<Option<String>> {
    match v {
        None => Ok(None),
        Some(v) if missing(v) => Ok(None),
        Some(v) => match v.cast::<PyString>() {
            Ok(s) => Ok(Some(s.extract::<String>()?)),
            Err(_) => Err(PyTypeError::new_err(format!(
                "{field} must be a str, got {}",
                type_name(v)
            ))),
        },
    }
}

/// An id: str or int.
fn opt_id(v: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    match v {
        Some(v) if !missing(v) && v.is_instance_of::<pyo3::types::PyInt>() => {
            Ok(Some(v.str()?.extract::<String>()?))
        }
        other => opt_str(other, "id"),
    }
}

/// A date: str, or a date/datetime/pandas Timestamp (`isoformat()`).
fn opt_date(v: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    match v {
        None => Ok(None),
        Some(v) if missing(v) => Ok(None),
        Some(v) if v.is_instance_of::<PyString>() => opt_str(Some(v), "date"),
        Some(v) if v.hasattr("isoformat")? => Ok(Some(
            v.call_method0("isoformat")?.str()?.extract::<String>()?,
        )),
        Some(v) => Err(PyTypeError::new_err(format!(
            "date must be a str (YYYY-MM-DD) or a datetime.date, got {}",
            type_name(v)
        ))),
    }
}

fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string())
}

/// The text argument: a str.
fn text_arg(v: &Bound<'_, PyAny>) -> PyResult<String> {
    if missing(v) {
        return Err(PyValueError::new_err(
            "text is missing: give the article's text",
        ));
    }
    match v.cast::<PyString>() {
        Ok(s) => Ok(s.extract::<String>()?),
        Err(_) => Err(PyTypeError::new_err(format!(
            "text must be a str, got {}",
            type_name(v)
        ))),
    }
}

/// `m.get(key)` for a dict or any mapping; None when absent.
fn get<'py>(m: &Bound<'py, PyAny>, key: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
    let v = m.call_method1("get", (key,))?;
    Ok((!missing(&v)).then_some(v))
}

/// The first of `keys` present in `m`.
fn first<'py>(m: &Bound<'py, PyAny>, keys: &[&str]) -> PyResult<Option<Bound<'py, PyAny>>> {
    for k in keys {
        if let Some(v) = get(m, k)? {
            if let Ok(s) = v.cast::<PyString>()
                && s.to_cow()?.trim().is_empty()
            {
                continue;
            }
            return Ok(Some(v));
        }
    }
    Ok(None)
}

/// One batch item: a str (the text) or a mapping with the JSON Lines
/// reader's field names.
fn article(item: &Bound<'_, PyAny>) -> PyResult<Article> {
    if item.is_instance_of::<PyString>() {
        return Ok(Article::new(text_arg(item)?));
    }
    if !item.hasattr("get")? {
        return Err(PyTypeError::new_err(format!(
            "expected a str (the text) or a dict with \"text\", got {}",
            type_name(item)
        )));
    }
    let text = match first(item, &["maintext", "text"])? {
        Some(t) => text_arg(&t)?,
        None => {
            return Err(PyValueError::new_err(
                "text is missing: a dict needs a non-empty \"text\" (or \"maintext\")",
            ));
        }
    };
    let authors = match get(item, "authors")? {
        None => Vec::new(),
        Some(a) if a.is_instance_of::<PyString>() => vec![a.extract::<String>()?],
        Some(a) => a.extract::<Vec<String>>().map_err(|_| {
            PyTypeError::new_err("authors must be a str or a list of str".to_owned())
        })?,
    };
    Ok(Article {
        id: opt_id(get(item, "id")?.as_ref())?,
        text,
        date: opt_date(
            first(item, &["date_publish", "publish_date", "date", "published"])?.as_ref(),
        )?,
        title: opt_str(get(item, "title")?.as_ref(), "title")?,
        url: opt_str(get(item, "url")?.as_ref(), "url")?,
        source: opt_str(
            first(item, &["source_domain", "source"])?.as_ref(),
            "source",
        )?,
        language: opt_str(get(item, "language")?.as_ref(), "language")?,
        authors,
    })
}

fn value_error(e: &ArticleError) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// Prefix an error with the item's position.
fn at(i: usize, e: &PyErr, py: Python<'_>) -> PyErr {
    let msg = format!("item {i}: {}", e.value(py));
    if e.is_instance_of::<PyTypeError>(py) {
        PyTypeError::new_err(msg)
    } else {
        PyValueError::new_err(msg)
    }
}

/// Documents of `items` (None where skipped).
fn documents(
    py: Python<'_>,
    items: impl Iterator<Item = PyResult<Article>>,
    errors: OnError,
) -> PyResult<Vec<Option<Document>>> {
    let mut docs = Vec::new();
    for (i, item) in items.enumerate() {
        let doc = item.and_then(|a| {
            dyad_pipeline::document(&a, ORIGIN, Some(i as u64 + 1)).map_err(|e| value_error(&e))
        });
        match (doc, errors) {
            (Ok(d), _) => docs.push(Some(d)),
            (Err(_), OnError::Skip) => docs.push(None),
            (Err(e), OnError::Raise) => return Err(at(i, &e, py)),
        }
    }
    Ok(docs)
}

/// Analyse `docs` in parallel with the GIL released.
fn analyse(
    py: Python<'_>,
    pipeline: &Pipeline,
    docs: &mut [Option<Document>],
    threads: Option<usize>,
) -> PyResult<()> {
    py.detach(|| {
        run(threads, || {
            docs.par_iter_mut().flatten().for_each(|d| pipeline.run(d));
        })
    })
    .map_err(PyRuntimeError::new_err)?;
    match docs.iter().flatten().find_map(failure) {
        Some(e) => Err(PyRuntimeError::new_err(e)),
        None => Ok(()),
    }
}

/// The error of a document a stage failed on (an internal error).
fn failure(doc: &Document) -> Option<String> {
    doc.failure
        .as_ref()
        .map(|f| format!("article {:?}: {f}", doc.meta.id))
}

/// The dyad analysis pipeline: every stage of `dyad analyze`, with the
/// command line's options. `Pipeline()` is the process-wide default one
/// (built once, shared by all threads).
#[pyclass(frozen, name = "Pipeline", module = "dyad")]
struct PyPipeline {
    inner: Arc<Pipeline>,
}

#[pymethods]
impl PyPipeline {
    #[new]
    #[pyo3(signature = (*, verbs=None, actors=None, petrarch=None, coder=None, issues=None, issues_extend=false))]
    fn new(
        py: Python<'_>,
        verbs: Option<PathBuf>,
        actors: Option<PathBuf>,
        petrarch: Option<PathBuf>,
        coder: Option<&str>,
        issues: Option<PathBuf>,
        issues_extend: bool,
    ) -> PyResult<Self> {
        let coder = match coder {
            None => None,
            Some(c) => Some(
                c.parse::<Coder>()
                    .map_err(|e| PyValueError::new_err(e.to_string()))?,
            ),
        };
        let opts = Options {
            verbs,
            actors,
            petrarch,
            coder,
            issues,
            issues_extend,
        };
        let inner = if opts == Options::default() {
            py.detach(default_pipeline)?
        } else {
            let built = py.detach(|| dyad_pipeline::build(&opts));
            Arc::new(built.map_err(|e| PyValueError::new_err(e.to_string()))?)
        };
        Ok(Self { inner })
    }

    fn __repr__(&self) -> String {
        format!("dyad.Pipeline({:?})", self.inner)
    }

    /// One article's `dyad/1` JSON, as a dict.
    #[pyo3(signature = (text, date=None, title=None, url=None, id=None))]
    fn analyze(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        date: Option<&Bound<'_, PyAny>>,
        title: Option<&Bound<'_, PyAny>>,
        url: Option<&Bound<'_, PyAny>>,
        id: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let article = Article {
            id: opt_id(id)?,
            text: text_arg(text)?,
            date: opt_date(date)?,
            title: opt_str(title, "title")?,
            url: opt_str(url, "url")?,
            ..Article::default()
        };
        let doc = dyad_pipeline::document(&article, ORIGIN, None).map_err(|e| value_error(&e))?;
        let pipeline = &self.inner;
        let json = py
            .detach(|| {
                run(Some(0), || {
                    let mut doc = doc;
                    pipeline.run(&mut doc);
                    match failure(&doc) {
                        Some(e) => Err(e),
                        None => Ok(dyad_pipeline::to_json_string(&doc)),
                    }
                })
            })
            .map_err(PyRuntimeError::new_err)?
            .map_err(PyRuntimeError::new_err)?;
        let loads = py.import("json")?.getattr("loads")?;
        Ok(loads.call1((json,))?.unbind())
    }

    /// Many articles (str or dict each), analysed in parallel with the GIL
    /// released; `dyad/1` dicts in input order (None for an article
    /// skipped with `errors="skip"`).
    #[pyo3(signature = (items, threads=None, errors="raise"))]
    fn analyze_batch<'py>(
        &self,
        py: Python<'py>,
        items: &Bound<'py, PyAny>,
        threads: Option<usize>,
        errors: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let errors = on_error(errors)?;
        if items.is_instance_of::<PyString>() || items.is_instance_of::<PyDict>() {
            return Err(PyTypeError::new_err(
                "analyze_batch takes a list of texts or dicts; use analyze for one article",
            ));
        }
        let arts: Vec<PyResult<Article>> = items
            .try_iter()?
            .map(|item| item.and_then(|it| article(&it)))
            .collect();
        let mut docs = documents(py, arts.into_iter(), errors)?;
        let pipeline = &self.inner;
        let json: Vec<Option<String>> = py
            .detach(|| {
                run(threads, || {
                    docs.par_iter_mut()
                        .map(|d| {
                            d.as_mut()
                                .map(|d| {
                                    pipeline.run(d);
                                    match failure(d) {
                                        Some(e) => Err(e),
                                        None => Ok(dyad_pipeline::to_json_string(d)),
                                    }
                                })
                                .transpose()
                        })
                        .collect::<Result<Vec<Option<String>>, String>>()
                })
            })
            .map_err(PyRuntimeError::new_err)?
            .map_err(PyRuntimeError::new_err)?;
        let loads = py.import("json")?.getattr("loads")?;
        let out = PyList::empty(py);
        for j in json {
            match j {
                Some(j) => out.append(loads.call1((j,))?)?,
                None => out.append(py.None())?,
            }
        }
        Ok(out)
    }

    /// The flat tables of a column of texts (with optional columns of ids
    /// and dates of the same length) as Arrow IPC streams:
    /// `{"events": bytes, "quotes": ..., "entities": ..., "stances": ...}`.
    /// `dyad.tables` reads them with pyarrow.
    #[pyo3(signature = (texts, ids=None, dates=None, threads=None, errors="raise"))]
    fn tables_ipc<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        ids: Option<&Bound<'py, PyAny>>,
        dates: Option<&Bound<'py, PyAny>>,
        threads: Option<usize>,
        errors: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        let errors = on_error(errors)?;
        let texts: Vec<Bound<'py, PyAny>> = texts.try_iter()?.collect::<PyResult<_>>()?;
        let column = |c: Option<&Bound<'py, PyAny>>,
                      name: &str|
         -> PyResult<Vec<Option<Bound<'py, PyAny>>>> {
            match c {
                None => Ok(vec![None; texts.len()]),
                Some(c) => {
                    let v: Vec<Option<Bound<'py, PyAny>>> = c
                        .try_iter()?
                        .map(|x| x.map(Some))
                        .collect::<PyResult<_>>()?;
                    if v.len() == texts.len() {
                        Ok(v)
                    } else {
                        Err(PyValueError::new_err(format!(
                            "{name} has {} values for {} texts",
                            v.len(),
                            texts.len()
                        )))
                    }
                }
            }
        };
        let ids = column(ids, "ids")?;
        let dates = column(dates, "dates")?;
        let arts = texts
            .iter()
            .zip(ids.iter().zip(dates.iter()))
            .map(|(t, (id, date))| {
                Ok(Article {
                    id: opt_id(id.as_ref())?,
                    text: text_arg(t)?,
                    date: opt_date(date.as_ref())?,
                    ..Article::default()
                })
            });
        let mut docs = documents(py, arts, errors)?;
        analyse(py, &self.inner, &mut docs, threads)?;
        let streams = py
            .detach(|| crate::arrow::tables_ipc(&Tables::of(docs.iter().flatten())))
            .map_err(PyRuntimeError::new_err)?;
        let out = PyDict::new(py);
        for (name, bytes) in streams {
            out.set_item(name, PyBytes::new(py, &bytes))?;
        }
        Ok(out)
    }
}

/// The schemas of the flat tables, as empty Arrow IPC streams.
#[pyfunction]
fn schemas_ipc(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let streams = crate::arrow::tables_ipc(&Tables::default()).map_err(PyRuntimeError::new_err)?;
    let out = PyDict::new(py);
    for (name, bytes) in streams {
        out.set_item(name, PyBytes::new(py, &bytes))?;
    }
    Ok(out)
}

#[pymodule]
fn _dyad(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPipeline>()?;
    m.add_function(wrap_pyfunction!(schemas_ipc, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("SCHEMA", dyad_core::SCHEMA)?;
    Ok(())
}
