# Scores word vectors the way issue 21 compares embedlab with its peers, to cross-check
# the C++ scorer: reads word2vec text files (vectors_peer.py's, fastText's .vec,
# `embedlab export --format w2v`) and prints for each
#   - word similarity: Spearman rho between cosines and human scores on WordSim-353,
#     SimLex-999 and MEN, over the pairs whose two words the file holds (covered/total);
#   - rated words covered: the distinct words of the three sets that the file holds;
#   - Google's analogy questions, semantic sections (names not starting with "gram") and
#     syntactic ones apart, over the questions whose four words are among the file's
#     --restrict most frequent words: the answer is the nearest word by cosine to
#     b - a + c on unit vectors (3CosAdd), a, b and c excluded, as gensim's
#     evaluate_word_analogies does (its default restriction is 300,000 words; the novels
#     here have under 30,000, so the two agree);
#   - the ten nearest neighbours of a few words.
# On a gensim model, its evaluate_word_pairs and evaluate_word_analogies give the same
# covered counts, rho and accuracy to the last printed digit.
#
#   score_vectors.py VECTORS... [--wordsim DIR] [--analogies FILE] [--common] [--ref FILE]
#                    [--bpe] [--restrict 30000] [--words father,king,...] [--json]
#   --common  scores every file over the pairs and questions that all files cover
#             (issue 21: "over the words both models cover").
#   --ref F   also prints the share of the rated words F covers that each file covers
#             (issue 21: at least 80% of what word2vec with min-count 5 covers).
#   --bpe     the files hold BPE tokens written with GPT-2's printable byte mapping (a
#             space is "\u0120"), as `embedlab export` writes them: each is mapped back
#             to its bytes; one that is a space and then letters is that whole word,
#             lowercased (the first of two that lowercase alike is kept); the others
#             (word pieces, words without their space, bytes of a split character) go.
#             A file named bpe:PATH is read so without the flag, to mix the two kinds.
# Every file keeps only entries that are letters alone (fastText's "</s>" goes). File
# order is taken as frequency order, as gensim and fastText write it; embedlab writes
# token ids (merge order), which only matters with more than --restrict words.
# Needs numpy (Debian python3-numpy); run it with /usr/bin/python3. The data sets are
# read, never shipped: --wordsim defaults to ../shared/wordsim (Faruqui's lower-cased
# copies: word1 TAB word2 TAB score); --analogies defaults to gensim's own copy of
# questions-words.txt when the installed gensim has it (Debian's package does not),
# else ../shared/analogy/questions-words.txt. A missing set is skipped with a message.
import argparse
import json
import os
import re
import sys

import numpy as np

WORD = re.compile(r"[^\W\d_]+")
WORDSIM = [("WS353", "EN-WS-353-ALL.txt"), ("SimLex", "EN-SIMLEX-999.txt"),
           ("MEN", "EN-MEN-TR-3k.txt")]
NEIGHBOURS = "father,king,war,house,good,night,woman,money,horse,soldier"


def gpt2_decoder():
    """GPT-2's byte -> printable character table, inverted (its bytes_to_unicode)."""
    bs = (list(range(ord("!"), ord("~") + 1)) + list(range(ord("\u00a1"), ord("\u00ac") + 1))
          + list(range(ord("\u00ae"), ord("\u00ff") + 1)))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {chr(c): b for b, c in zip(bs, cs)}


def bpe_word(token, decoder):
    """The lowercased word a BPE token stands for, or None if it is not a whole word."""
    try:
        text = bytes(decoder[ch] for ch in token).decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return None
    if not text.startswith(" "):
        return None
    return text[1:].lower()


class Vectors:
    """Words in file order and their unit vectors (V, C)."""

    def __init__(self, path, bpe):
        self.path = path
        words, rows = [], []
        seen = set()
        decoder = gpt2_decoder() if bpe else None
        with open(path, encoding="utf-8", errors="replace") as f:
            header = f.readline().split()
            if len(header) != 2:
                sys.exit(path + ":1: expected 'count dim' (word2vec text format)")
            dim = int(header[1])
            for n, line in enumerate(f, start=2):
                # the vector is the last dim fields; the token is what comes before
                # (a BPE token may begin with a space)
                line = line.rstrip()  # fastText ends each line with a space
                fields = line.rsplit(" ", dim)
                if len(fields) != dim + 1:
                    sys.exit("%s:%d: expected a token and %d numbers" % (path, n, dim))
                token = fields[0]
                if bpe:
                    token = bpe_word(token, decoder)
                if not token or not WORD.fullmatch(token) or token in seen:
                    continue
                seen.add(token)
                words.append(token)
                rows.append(np.array(fields[1:], dtype=np.float32))
        self.words = words
        self.index = {w: i for i, w in enumerate(words)}
        m = np.vstack(rows) if rows else np.zeros((0, dim), np.float32)
        norms = np.linalg.norm(m, axis=1, keepdims=True)
        self.unit = m / np.maximum(norms, 1e-12)

    def __contains__(self, w):
        return w in self.index

    def vec(self, w):
        return self.unit[self.index[w]]


def read_wordsim(path):
    pairs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.split()
            if len(fields) == 3:
                pairs.append((fields[0].lower(), fields[1].lower(), float(fields[2])))
    return pairs


def read_analogies(path):
    """[(section, a, b, c, d)] with words lowercased."""
    questions, section = [], ""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith(":"):
                section = line[1:].strip()
                continue
            fields = line.lower().split()
            if len(fields) == 4:
                questions.append((section, *fields))
    return questions


def ranks(x):
    """Ranks 1..n, ties given their mean rank (as Spearman's rho needs)."""
    x = np.asarray(x, dtype=np.float64)
    order = np.argsort(x, kind="mergesort")
    r = np.empty(len(x))
    sx = x[order]
    i = 0
    while i < len(x):
        j = i
        while j + 1 < len(x) and sx[j + 1] == sx[i]:
            j += 1
        r[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return r


def spearman(a, b):
    if len(a) < 2:
        return float("nan")
    ra, rb = ranks(a), ranks(b)
    ra -= ra.mean()
    rb -= rb.mean()
    return float((ra @ rb) / np.sqrt((ra @ ra) * (rb @ rb)))


def similarity(v, pairs):
    cos = [float(v.vec(a) @ v.vec(b)) for a, b, _ in pairs]
    return spearman(cos, [s for _, _, s in pairs])


def analogy_accuracy(v, questions, restrict):
    """Share of questions whose 3CosAdd answer is d, searching the first restrict words."""
    if not questions:
        return float("nan")
    U = v.unit[:restrict]
    correct = 0
    for s in range(0, len(questions), 512):
        batch = questions[s:s + 512]
        ids = np.array([[v.index[w] for w in q[1:]] for q in batch])  # a b c d
        query = U[ids[:, 1]] - U[ids[:, 0]] + U[ids[:, 2]]
        scores = query @ U.T
        rows = np.arange(len(batch))
        for k in range(3):
            scores[rows, ids[:, k]] = -np.inf
        correct += int((scores.argmax(axis=1) == ids[:, 3]).sum())
    return correct / len(questions)


def neighbours(v, word, k=10):
    if word not in v:
        return None
    scores = v.unit @ v.vec(word)
    scores[v.index[word]] = -np.inf
    return [v.words[i] for i in np.argsort(-scores)[:k]]


def default_analogies():
    try:
        from gensim.test.utils import datapath
        path = datapath("questions-words.txt")
        if os.path.exists(path):
            return path
    except Exception:
        pass
    return os.path.join("..", "shared", "analogy", "questions-words.txt")


def covered(words, holders):
    """True if every word is in every holder (a dict or set of words)."""
    return all(w in h for w in words for h in holders)


def main():
    p = argparse.ArgumentParser(description="score word vectors (issue 21)")
    p.add_argument("vectors", nargs="+")
    p.add_argument("--wordsim", default=os.path.join("..", "shared", "wordsim"))
    p.add_argument("--analogies", default=None)
    p.add_argument("--common", action="store_true")
    p.add_argument("--ref", default=None)
    p.add_argument("--bpe", action="store_true")
    p.add_argument("--restrict", type=int, default=30000)
    p.add_argument("--words", default=NEIGHBOURS)
    p.add_argument("--json", action="store_true")
    args = p.parse_args()

    models = [Vectors(path[4:], True) if path.startswith("bpe:") else Vectors(path, args.bpe)
              for path in args.vectors]
    restricted = [set(m.words[:args.restrict]) for m in models]

    sets = []
    for name, file in WORDSIM:
        path = os.path.join(args.wordsim, file)
        if os.path.exists(path):
            sets.append((name, read_wordsim(path)))
        else:
            print("skipped %s: %s not found" % (name, path), file=sys.stderr)
    rated = sorted({w for _, pairs in sets for a, b, _ in pairs for w in (a, b)})
    questions = []
    qpath = args.analogies or default_analogies()
    if os.path.exists(qpath):
        questions = read_analogies(qpath)
    else:
        print("skipped the analogies: %s not found" % qpath, file=sys.stderr)
    ref = Vectors(args.ref, False) if args.ref else None

    for m, r in zip(models, restricted):
        vocabs = [x.index for x in models] if args.common else [m.index]
        tops = restricted if args.common else [r]
        out = {"file": m.path, "words": len(m.words), "dim": int(m.unit.shape[1])}
        out["rated_covered"] = sum(w in m for w in rated)
        out["rated_total"] = len(rated)
        if ref:
            ref_rated = [w for w in rated if w in ref]
            out["rated_of_ref"] = sum(w in m for w in ref_rated) / max(1, len(ref_rated))
        for name, pairs in sets:
            cov = [q for q in pairs if covered(q[:2], vocabs)]
            out[name] = {"covered": len(cov), "total": len(pairs),
                         "rho": round(similarity(m, cov), 4)}
        for part, test in (("semantic", lambda s: not s.startswith("gram")),
                           ("syntactic", lambda s: s.startswith("gram"))):
            qs = [q for q in questions if test(q[0])]
            cov = [q for q in qs if covered(q[1:], tops)]
            out[part] = {"covered": len(cov), "total": len(qs),
                         "accuracy": round(analogy_accuracy(m, cov, args.restrict), 4)}
        out["neighbours"] = {w: neighbours(m, w) for w in args.words.split(",")}
        if args.json:
            print(json.dumps(out), flush=True)
            continue
        print("%s: %d words, dim %d" % (m.path, out["words"], out["dim"]))
        line = "  rated words covered %d/%d" % (out["rated_covered"], out["rated_total"])
        if ref:
            line += " (%.1f%% of those %s covers)" % (100 * out["rated_of_ref"], args.ref)
        print(line)
        print("  similarity " + "  ".join(
            "%s %d/%d rho %.3f" % (name, out[name]["covered"], out[name]["total"],
                                   out[name]["rho"]) for name, _ in sets))
        print("  analogies  " + "  ".join(
            "%s %d/%d acc %.3f" % (part, out[part]["covered"], out[part]["total"],
                                   out[part]["accuracy"]) for part in ("semantic", "syntactic")))
        for w, ns in out["neighbours"].items():
            print("  %-8s %s" % (w, ", ".join(ns) if ns else "(not in the vocabulary)"))


if __name__ == "__main__":
    main()
