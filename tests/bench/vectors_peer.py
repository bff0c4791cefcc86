# The word-vector peers of `embedlab bench vectors` (issue 21): trains gensim word2vec
# (CBOW or skip-gram) or fastText (CBOW) on a text file for a wall-time budget and writes
# the vectors in word2vec text format, so score_vectors.py and the C++ scorer read every
# system the same way. It prints one JSON line:
#   {"system", "corpus", "threads", "dim", "window", "min_count", "budget_seconds",
#    "epochs", "seconds", "prep_seconds", "probe_seconds", "cpu_seconds", "load", "vocab",
#    "words", "out"}
# cpu_seconds is the processor time of the whole script and its children; load is the
# 1-minute load average at the end: on a shared machine, wall seconds alone mislead.
#
#   vectors_peer.py SYSTEM CORPUS OUT [--threads 2] [--seconds 180 | --epochs E]
#                   [--max-epochs 50] [--dim 100] [--window 5] [--min-count 5] [--seed 1]
#   SYSTEM is w2v-cbow, w2v-sg (python3-gensim) or fasttext-cbow (the `fasttext` binary);
#   Debian: apt-get install python3-gensim fasttext. Run it with /usr/bin/python3.
#
# Tokens. Both systems read the same words: the text lowercased and split on anything
# that is not a letter (Unicode letters; digits, apostrophes and hyphens split words, so
# "don't" -> "don", "t"). One paragraph (text between blank lines) is one sentence, so a
# window never spans paragraphs; a paragraph longer than 1,000 words is cut into pieces
# of 1,000 (fastText reads at most 1,024 words of a line, gensim 10,000 of a sentence).
# fastText reads these as a file of one sentence a line; gensim gets the same lists.
# fastText's .vec output also holds "</s>", its end-of-line word.
# Preparing the tokens is timed apart (prep_seconds) and not charged to the budget.
#
# Same wall time. Each system runs its own default learning-rate schedule, which decays
# over the planned number of epochs, so the number of epochs must be fixed before the
# run that counts. A probe measures it first, and is not counted in "seconds":
#   gensim: build the vocabulary and train one epoch; E = (budget - vocab time) / epoch.
#   fastText: run the binary for 1 epoch; the time before its first progress line is
#   its setup (reading, vocabulary, the 2M-row subword table), the rest is one epoch;
#   E = (budget - setup) / epoch.
# E is at least 1 and at most --max-epochs; "seconds" is the wall time of the run that
# counts (vocabulary or setup + E epochs; not saving the vectors). --epochs E skips
# the probe. Seeds make runs comparable, not identical: with more than one thread
# neither gensim nor fastText gives the same bits twice.
import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time

WORD = re.compile(r"[^\W\d_]+")  # a run of letters


def read_paragraphs(path):
    """The text as a list of sentences (lists of lowercased words), one per paragraph."""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    sentences = []
    for para in re.split(r"\n\s*\n", text):
        words = WORD.findall(para.lower())
        for s in range(0, len(words), 1000):
            sentences.append(words[s:s + 1000])
    return sentences


def gensim_model(args, sentences, epochs):
    from gensim.models import Word2Vec
    model = Word2Vec(vector_size=args.dim, window=args.window, min_count=args.min_count,
                     sg=1 if args.system == "w2v-sg" else 0, workers=args.threads,
                     seed=args.seed, epochs=epochs)
    t = time.perf_counter()
    model.build_vocab(sentences)
    vocab_s = time.perf_counter() - t
    t = time.perf_counter()
    model.train(sentences, total_examples=model.corpus_count, epochs=epochs)
    return model, vocab_s, time.perf_counter() - t


def run_gensim(args, sentences):
    probe_s = 0.0
    epochs = args.epochs
    if not epochs:
        _, vocab_s, epoch_s = gensim_model(args, sentences, 1)
        probe_s = vocab_s + epoch_s
        epochs = int((args.seconds - vocab_s) / epoch_s)
        epochs = max(1, min(args.max_epochs, epochs))
    t = time.perf_counter()
    model, _, _ = gensim_model(args, sentences, epochs)
    seconds = time.perf_counter() - t
    model.wv.save_word2vec_format(args.out + ".tmp", binary=False)
    os.replace(args.out + ".tmp", args.out)
    return epochs, seconds, probe_s, len(model.wv)


def fasttext_once(args, text_path, workdir, epochs):
    """Runs `fasttext cbow` for `epochs`; returns (seconds, setup seconds, .vec path).
    fastText prints its progress line once the threads start and rewrites it (carriage
    returns) while they train; a newline ends it when they are done. The seconds run from
    the start to that newline; setup is the part before the first progress line (reading
    the text, building the vocabulary, filling the 2M-row subword table). Saving the
    model after training (an 800 MB .bin at dim 100) is not counted."""
    prefix = os.path.join(workdir, "model%d" % epochs)
    cmd = ["fasttext", "cbow", "-input", text_path, "-output", prefix,
           "-thread", str(args.threads), "-epoch", str(epochs), "-dim", str(args.dim),
           "-ws", str(args.window), "-minCount", str(args.min_count),
           "-seed", str(args.seed), "-verbose", "2"]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    setup, seconds, seen = None, None, b""
    while True:
        b = proc.stderr.read(1)
        if not b:
            break
        seen = (seen + b)[-64:]
        if setup is None and seen.endswith(b"Progress:"):
            setup = time.perf_counter() - t
        if setup is not None and seconds is None and b == b"\n":
            seconds = time.perf_counter() - t
    if proc.wait() != 0:
        sys.exit("fasttext failed: " + " ".join(cmd))
    if seconds is None:
        seconds = time.perf_counter() - t
    os.remove(prefix + ".bin")  # the subword table, not needed here
    return seconds, setup or 0.0, prefix + ".vec"


def run_fasttext(args, sentences):
    if shutil.which("fasttext") is None:
        sys.exit("fasttext not found (Debian: apt-get install fasttext)")
    workdir = tempfile.mkdtemp(prefix="vectors_peer.")
    try:
        text_path = os.path.join(workdir, "text.txt")
        with open(text_path, "w", encoding="utf-8") as f:
            for words in sentences:
                f.write(" ".join(words) + "\n")
        probe_s = 0.0
        epochs = args.epochs
        if not epochs:
            probe_s, setup_s, _ = fasttext_once(args, text_path, workdir, 1)
            epoch_s = max(probe_s - setup_s, 1e-3)
            epochs = int((args.seconds - setup_s) / epoch_s)
            epochs = max(1, min(args.max_epochs, epochs))
        seconds, _, vec = fasttext_once(args, text_path, workdir, epochs)
        with open(vec, encoding="utf-8") as f:
            vocab = int(f.readline().split()[0])
        shutil.move(vec, args.out + ".tmp")
        os.replace(args.out + ".tmp", args.out)
        return epochs, seconds, probe_s, vocab
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def cpu_seconds():
    self, children = (resource.getrusage(who) for who in
                      (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return self.ru_utime + self.ru_stime + children.ru_utime + children.ru_stime


def main():
    p = argparse.ArgumentParser(description="train a word-vector peer for a time budget")
    p.add_argument("system", choices=["w2v-cbow", "w2v-sg", "fasttext-cbow"])
    p.add_argument("corpus")
    p.add_argument("out", help="where to write the vectors (word2vec text format)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seconds", type=float, default=180, help="wall-time budget")
    p.add_argument("--epochs", type=int, default=0, help="fixed epochs (no probe, no budget)")
    p.add_argument("--max-epochs", type=int, default=50)
    p.add_argument("--dim", type=int, default=100)
    p.add_argument("--window", type=int, default=5)
    p.add_argument("--min-count", type=int, default=5)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()

    t = time.perf_counter()
    sentences = read_paragraphs(args.corpus)
    prep_s = time.perf_counter() - t
    run = run_fasttext if args.system == "fasttext-cbow" else run_gensim
    epochs, seconds, probe_s, vocab = run(args, sentences)
    print(json.dumps({
        "system": args.system, "corpus": args.corpus, "threads": args.threads,
        "dim": args.dim, "window": args.window, "min_count": args.min_count,
        "budget_seconds": 0 if args.epochs else args.seconds, "epochs": epochs,
        "seconds": round(seconds, 2), "prep_seconds": round(prep_s, 2),
        "probe_seconds": round(probe_s, 2), "cpu_seconds": round(cpu_seconds(), 2),
        "load": round(os.getloadavg()[0], 2), "vocab": vocab,
        "words": sum(len(s) for s in sentences), "out": args.out}), flush=True)


if __name__ == "__main__":
    main()
