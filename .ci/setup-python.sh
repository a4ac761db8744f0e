#!/usr/bin/env bash
# The Python side of CI: a virtualenv with the dyad wheel and the packages
# the Python tests use. Prints one line on stdout, for `eval`:
#
#     eval "$(bash .ci/setup-python.sh)"    # -> export DYAD_PYTHON=<venv>/bin/python
#
# Everything else goes to stderr. Steps:
#   1. Java for Spark: Debian's openjdk-17-jre-headless when `java` is missing.
#   2. A venv (target/py-venv, or $DYAD_PY_VENV) with maturin.
#   3. The wheel: `maturin build --release` from python/ (pyproject.toml,
#      mixed layout) into target/wheels, with thin LTO instead of the
#      workspace's fat LTO (DYAD_WHEEL_LTO=fat to ship the slower-to-build
#      one), installed with `pip install --no-index` (the wheel needs
#      nothing else).
#   4. pytest and the optional packages, each on its own: pyarrow, pandas,
#      pyspark, dask[dataframe], ray[data]. A package that does not install
#      makes its tests skip with a message, not fail.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
venv=${DYAD_PY_VENV:-$root/target/py-venv}
py=${PYTHON:-python3}
start=$SECONDS

log() { printf 'setup-python: %s\n' "$*" >&2; }

{
    if ! command -v java >/dev/null 2>&1; then
        log "installing openjdk-17-jre-headless (Spark needs Java)"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q || log "apt-get update failed"
        apt-get install -y -q --no-install-recommends openjdk-17-jre-headless \
            || log "no Java: the Spark test will skip"
        apt-get clean || true
    fi

    if ! [ -x "$venv/bin/python" ]; then
        log "creating $venv"
        "$py" -m venv "$venv"
    fi
    vpy=$venv/bin/python
    "$vpy" -m pip install -q --disable-pip-version-check --upgrade pip
    "$vpy" -m pip install -q --disable-pip-version-check "maturin>=1.9,<2" pytest

    log "building the wheel"
    export CARGO_PROFILE_RELEASE_LTO=${DYAD_WHEEL_LTO:-thin}
    if [ "$CARGO_PROFILE_RELEASE_LTO" != fat ]; then
        export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
    fi
    rm -f target/wheels/dyad-*.whl
    build_start=$SECONDS
    (cd python && "$venv/bin/maturin" build --release -o "$root/target/wheels")
    log "wheel built in $((SECONDS - build_start)) s: $(ls target/wheels/dyad-*.whl)"
    "$vpy" -m pip install -q --disable-pip-version-check --no-index --force-reinstall target/wheels/dyad-*.whl
    "$vpy" -c 'import dyad; print("setup-python: dyad", dyad.__version__, "imported")'

    # Optional packages: each may fail on its own. pandas < 3: PySpark does
    # not support pandas 3 yet.
    for pkg in pyarrow "pandas<3" pyspark "dask[dataframe]" "ray[data]"; do
        if ! "$vpy" -m pip install -q --disable-pip-version-check "$pkg"; then
            log "could not install $pkg: its tests will skip"
        fi
    done
    log "done in $((SECONDS - start)) s"
} >&2

echo "export DYAD_PYTHON=$venv/bin/python"
