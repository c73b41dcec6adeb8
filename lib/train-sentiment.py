#!/usr/bin/env python3
"""train-sentiment.py - tw's care sentiment model (lib/sentmodel.c).

A 3-class (negative, neutral, positive) multinomial logistic regression
over hashed features, trained by SGD with L2; the standard library only.

    python3 lib/train-sentiment.py DATADIR [--bits N] [--tune] [--eval]
        [--care FILE] [--blind FILE] [--write lib/sentmodel_w.c]
        [--lex CMD] [--probe TEXT...]

The weights in the tree (make units first, for the lexicon's scores):

    python3 lib/train-sentiment.py tests/fixtures/sentiment \
        $(for f in tests/fixtures/sentmodel/care-train*.tsv; do
            echo --care $f; done) \
        --blind tests/fixtures/sentmodel/care-blind.tsv \
        --blind tests/fixtures/sentmodel/care-blind-intl.tsv \
        --eval --write lib/sentmodel_w.c

--care FILE adds care posts (LABEL<TAB>TEXT lines, '#' comments; tw's
own, tests/fixtures/sentmodel/care-train*.tsv; a name ending in -LANG.tsv
is in that language, else English) to the data, split as the rest.
--blind FILE (the same, or LANG<TAB>LABEL<TAB>TEXT lines) is only ever
evaluated, model and lexicon side by side: a set written apart and
never trained or tuned on (tests/fixtures/sentmodel/care-blind*.tsv).
Both may be given more than once.  Each text's lexicon score is its
language's built-in lexicon's; the languages trained on are written
into the weights (tw_sentmodel_langs), and tw-triage --model uses the
model for those.

CMD (default tests/unit/sentmodel -l, make units first) prints tw's
lexicon score of each line of its input: the model stacks on the
lexicon, whose score and label are three of its features.

DATADIR holds tweets_GroundTruth.txt (ID<TAB>MEAN<TAB>TEXT, mean rating
-4..4) and sentiment140_test.csv (label 0/2/4) (VADER's rated texts, MIT,
tests/fixtures/sentmodel/LICENSE.txt).

Labels: a mean rating <= -0.5 is negative, >= 0.5 positive, else
neutral (VADER's own threshold band on the -4..4 scale); sentiment140's
0/2/4 are negative/neutral/positive.

The split (fixed before any training): fnv1a("split|" + text) % 5 == 0
is the held-out test set (never used for tuning), and so is all of
sentiment140's (research data: evaluated on, never trained on); of the rest,
fnv1a("valid|" + text) % 5 == 0 is the validation set used to choose the
hyper-parameters; the final model is trained on all non-test texts.

Features (lib/sentmodel.c computes the same; keep the two in step):
  the text split at ASCII white space into tokens; tokens starting with
  "@" or "http" are left out; A-Z lower-cased (other bytes as they are);
  words: the maximal runs of [a-z0-9'] and bytes >= 0x80 in a token;
  "w|WORD" for each word, "b|W1|W2" for each two consecutive words of
  the text, "c|G" for each 3-, 4- and 5-byte substring G of " TOKEN "
  (the whole lower-cased token, punctuation kept), and "bias".
  Each feature's index is fnv1a(string) & (2^bits - 1) and its value the
  number of occurrences times 1/sqrt(number of features, bias included).
  fnv1a is 32-bit FNV-1a (offset 2166136261, prime 16777619).

Output (--write): lib/sentmodel_w.c, the weights quantized to int8 with
one scale, [bucket][class] in the order negative, neutral, positive.
"""
import math
import random
import sys

CLASSES = ("negative", "neutral", "positive")


def fnv1a(s):
    h = 2166136261
    for b in s:
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def lower(tok):
    return bytes(b + 32 if 65 <= b <= 90 else b for b in tok)


def is_wordbyte(b):
    return (97 <= b <= 122) or (48 <= b <= 57) or b == 39 or b >= 0x80


def tokens(text):
    out = []
    for tok in text.encode("utf-8").split():
        if tok.startswith(b"@") or tok.lower().startswith(b"http"):
            continue
        out.append(lower(tok))
    return out


def words_of(tok):
    ws, cur = [], bytearray()
    for b in tok:
        if is_wordbyte(b):
            cur.append(b)
        elif cur:
            ws.append(bytes(cur))
            cur = bytearray()
    if cur:
        ws.append(bytes(cur))
    return ws


def feature_strings(text):
    """(string, is_word) for every feature occurrence."""
    feats, words = [], []
    for tok in tokens(text):
        for w in words_of(tok):
            words.append(w)
            feats.append((b"w|" + w, True))
        p = b" " + tok + b" "
        for n in (3, 4, 5):
            for i in range(len(p) - n + 1):
                feats.append((b"c|" + p[i:i + n], False))
    for i in range(len(words) - 1):
        feats.append((b"b|" + words[i] + b"|" + words[i + 1], False))
    feats.append((b"bias", False))
    return feats


def features(text, mask, lex):
    fs = feature_strings(text)
    v = 1.0 / math.sqrt(len(fs))
    d = {}
    for s, _ in fs:
        h = fnv1a(s) & mask
        d[h] = d.get(h, 0.0) + v
    # the lexicon's compound score, and its label, as three more features
    # (rows 2^bits.. of W, kept as floats)
    n = mask + 1
    d[n] = lex
    d[n + 1] = 1.0 if lex <= -0.05 else 0.0
    d[n + 2] = 1.0 if lex >= 0.05 else 0.0
    return list(d.items())


LEX = {}


def lexicon_scores(cmd, items):
    """The C lexicon's compound score of each (lang, text) (tw's own
    scorer, so that training sees what tw-triage computes): cmd LANG
    reads texts, one a line, and prints a score a line."""
    import subprocess
    for lang in sorted({g for g, _ in items}):
        todo = sorted({t for g, t in items if g == lang and (g, t) not in LEX})
        inp = "".join(" ".join(t.split()) + "\n" for t in todo)
        out = subprocess.run(cmd + " " + lang, shell=True,
                             input=inp.encode("utf-8"),
                             stdout=subprocess.PIPE, check=True).stdout
        for t, sc in zip(todo, out.decode().split()):
            LEX[(lang, t)] = float(sc)


def load(datadir):
    rows = []
    with open(datadir + "/tweets_GroundTruth.txt", encoding="utf-8",
              errors="replace") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t", 2)
            if len(parts) < 3:
                continue
            m = float(parts[1])
            y = 0 if m <= -0.5 else 2 if m >= 0.5 else 1
            rows.append(("gt", parts[2], y, "en"))
    import csv
    with open(datadir + "/sentiment140_test.csv", encoding="latin-1") as f:
        for r in csv.reader(f):
            rows.append(("s140", r[5], {"0": 0, "2": 1, "4": 2}[r[0]], "en"))
    return rows


def load_tsv(path, src):
    """LABEL<TAB>TEXT lines, in the language the file's name ends in
    (care-train-es.tsv: es; else en), or LANG<TAB>LABEL<TAB>TEXT lines;
    '#' lines are comments.  The source is src, or src-LANG for another
    language than English."""
    import os
    base = os.path.basename(path)
    flang = base[-6:-4] if base[-7:-6] == "-" else "en"
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            lang = parts[0] if len(parts) == 3 else flang
            label, text = parts[-2], parts[-1]
            rows.append((src if lang == "en" else src + "-" + lang, text,
                         CLASSES.index(label), lang))
    return rows


def lexicon_metrics(data):
    pred = [0 if LEX[(g, t)] <= -0.05 else 2 if LEX[(g, t)] >= 0.05 else 1
            for _, t, _, g in data]
    return metrics([r[2] for r in data], pred)


def fmt(m):
    return "acc %.3f negF1 %.3f macroF1 %.3f" % (m["acc"], m["negF1"],
                                                 m["macroF1"])


def split(rows):
    train, valid, test = [], [], []
    for r in rows:
        # sentiment140's test set is research data, for evaluation only
        # (tests/fixtures/LICENSES.md): held out whole, never in weights
        # that ship
        if r[0] == "s140" or fnv1a(b"split|" + r[1].encode("utf-8")) % 5 == 0:
            test.append(r)
        elif fnv1a(b"valid|" + r[1].encode("utf-8")) % 5 == 0:
            valid.append(r)
        else:
            train.append(r)
    return train, valid, test


def softmax(z):
    m = max(z)
    e = [math.exp(x - m) for x in z]
    s = sum(e)
    return [x / s for x in e]


def scores(W, fx):
    z = [0.0, 0.0, 0.0]
    for h, v in fx:
        row = W[h]
        for c in range(3):
            z[c] += row[c] * v
    return z


def train(data, bits, epochs, lr, l2, seed=1):
    mask = (1 << bits) - 1
    W = [[0.0, 0.0, 0.0] for _ in range((1 << bits) + 3)]
    xs = [(features(t, mask, LEX[(g, t)]), y) for _, t, y, g in data]
    rnd = random.Random(seed)
    # no class weights: the training posts are about as negative as a
    # care inbox (weighting the classes equal cost 0.008 of accuracy on
    # the held-out split, and more on care traffic)
    cw = [1.0, 1.0, 1.0]
    for ep in range(epochs):
        rnd.shuffle(xs)
        eta = lr / (1 + ep)
        for fx, y in xs:
            p = softmax(scores(W, fx))
            for h, v in fx:
                row = W[h]
                for c in range(3):
                    g = (p[c] - (1.0 if c == y else 0.0)) * v * cw[y]
                    row[c] -= eta * (g + l2 * row[c])
    return W


def quantize(W):
    m = max(abs(x) for row in W[:-3] for x in row) or 1.0
    scale = m / 127.0
    Q = [[int(round(x / scale)) for x in row] for row in W[:-3]]
    Q += [[x / scale for x in row] for row in W[-3:]]
    return Q, scale


def predict(Q, scale, text, mask, lang="en"):
    z = scores(Q, features(text, mask, LEX[(lang, text)]))
    return softmax([x * scale for x in z])


def evaluate(Q, scale, data, mask):
    pred = [max(range(3), key=lambda c: predict(Q, scale, t, mask, g)[c])
            for _, t, _, g in data]
    return metrics([r[2] for r in data], pred)


def metrics(gold, pred):
    acc = sum(1 for g, p in zip(gold, pred) if g == p) / len(gold)
    f1s = []
    for c in range(3):
        tp = sum(1 for g, p in zip(gold, pred) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred) if g == c and p != c)
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * pr * rc / (pr + rc) if pr + rc else 0.0)
    return {"acc": acc, "negF1": f1s[0], "macroF1": sum(f1s) / 3}


def write_c(Q, scale, bits, path, langs):
    with open(path, "w") as f:
        f.write("/* sentmodel_w.c - the care sentiment model's weights, "
                "generated by\n * lib/train-sentiment.py --write; "
                "do not edit. */\n#include \"sentmodel.h\"\n\n")
        f.write("const int tw_sentmodel_bits = %d;\n" % bits)
        f.write("const char tw_sentmodel_langs[] = \"%s\";\n" %
                " ".join(langs))
        f.write("const double tw_sentmodel_scale = %.9g;\n" % scale)
        f.write("/* the lexicon features, [score, negative, positive]"
                "[class], times scale */\n")
        f.write("const double tw_sentmodel_lex[9] = {\n")
        f.write(",\n".join("%.9g" % x for row in Q[-3:] for x in row))
        f.write("\n};\n")
        f.write("const signed char tw_sentmodel_w[%d] = {\n" % (3 << bits))
        flat = [x for row in Q[:-3] for x in row]
        for i in range(0, len(flat), 24):
            f.write(",".join(str(x) for x in flat[i:i + 24]) + ",\n")
        f.write("};\n")


def main(argv):
    if len(argv) < 2 or argv[1].startswith("-"):
        sys.exit("usage: python3 lib/train-sentiment.py DATADIR [--care FILE] "
                 "[--blind FILE] [--tune] [--eval] [--write FILE] ... "
                 "(see the top of this file)")
    datadir = argv[1]
    bits = 16
    # chosen on the validation set (care posts included: acc 0.809,
    # negative F1 0.868; 8 or 25 epochs, lr 0.5 or 2, l2 1e-4 or 1e-6,
    # 2^18 buckets: within 0.02)
    epochs, lr, l2 = 15, 1.0, 1e-5
    args = argv[2:]
    if "--bits" in args:
        bits = int(args[args.index("--bits") + 1])
    if "--epochs" in args:
        epochs = int(args[args.index("--epochs") + 1])
    if "--lr" in args:
        lr = float(args[args.index("--lr") + 1])
    if "--l2" in args:
        l2 = float(args[args.index("--l2") + 1])
    mask = (1 << bits) - 1
    rows = load(datadir)
    for i, a in enumerate(args):
        if a == "--care":
            rows += load_tsv(args[i + 1], "care")
    # the same weights whatever the order of the files named
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    blind = []
    for i, a in enumerate(args):
        if a == "--blind":
            blind += load_tsv(args[i + 1], "blind")
    tr, va, te = split(rows)
    probe = args[args.index("--probe") + 1:] if "--probe" in args else []
    lexcmd = "tests/unit/sentmodel -l"
    if "--lex" in args:
        lexcmd = args[args.index("--lex") + 1]
    lexicon_scores(lexcmd, [(r[3], r[1]) for r in rows + blind] +
                   [("en", t) for t in probe])
    if "--heldout" in args:
        with open(args[args.index("--heldout") + 1], "w") as f:
            for src, t, y, _ in te:
                f.write("%s\t%s\t%s\n" % (CLASSES[y], src,
                                          " ".join(t.split())))
        return
    if "--tune" in args:
        W = train(tr, bits, epochs, lr, l2)
        Q, s = quantize(W)
        print("valid bits=%d epochs=%d lr=%g l2=%g" % (bits, epochs, lr, l2),
              fmt(evaluate(Q, s, va, mask)))
        for src in sorted({r[0] for r in va}):
            part = [r for r in va if r[0] == src]
            if part:
                print("  valid %-4s model %s | lexicon %s" % (src,
                      fmt(evaluate(Q, s, part, mask)),
                      fmt(lexicon_metrics(part))))
        return
    W = train(tr + va, bits, epochs, lr, l2)
    Q, s = quantize(W)
    if "--eval" in args:
        print("test      model %s | lexicon %s" % (
              fmt(evaluate(Q, s, te, mask)), fmt(lexicon_metrics(te))))
        for src in sorted({r[0] for r in te}):
            part = [r for r in te if r[0] == src]
            if part:
                print("test %-4s model %s | lexicon %s  (%d)" % (src,
                      fmt(evaluate(Q, s, part, mask)),
                      fmt(lexicon_metrics(part)), len(part)))
        for src in sorted({r[0] for r in blind}):
            part = [r for r in blind if r[0] == src]
            print("%-9s model %s | lexicon %s  (%d)" % (src,
                  fmt(evaluate(Q, s, part, mask)),
                  fmt(lexicon_metrics(part)), len(part)))
    if "--write" in args:
        langs = sorted({r[3] for r in tr + va}, key=lambda g: (g != "en", g))
        write_c(Q, s, bits, args[args.index("--write") + 1], langs)
    if "--probe" in args:
        for t in probe:
            p = predict(Q, s, t, mask)
            print("%.6f %.6f %.6f" % tuple(p))


if __name__ == "__main__":
    main(sys.argv)
