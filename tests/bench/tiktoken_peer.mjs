// The npm side of `make bench` (embedlab bench tokenizer runs it when node and the
// packages `make gpt2` installs are present; nothing else does). It encodes each file
// with GPT-2's encoding through two JavaScript tokenizers, on one thread (Node runs
// JavaScript and WebAssembly on one thread):
//   tiktoken 1.0.22       OpenAI's tiktoken (Rust) compiled to WebAssembly, get_encoding("gpt2")
//   gpt-tokenizer 3.4.0   pure JavaScript, its r50k_base encoding (r50k_base is GPT-2's:
//                         the same 50,257 tokens and split pattern)
// Special tokens are plain text in both, as embedlab's kAsText and the fixtures do.
// Each figure is the median of RUNS runs after a warm-up, timed around encode() alone
// (the file is read and decoded to a string before). "cold cache": gpt-tokenizer's
// merge cache is emptied before each run; tiktoken keeps no cache, so its two passes
// time the same work. Prints one JSON object per line:
//   {"file", "name", "path", "pass", "threads", "seconds", "bytes", "tokens", "ids_fnv1a",
//    "same_ids_as_tiktoken"}
// ids_fnv1a: FNV-1a (32-bit) over the ids, each as 4 little-endian bytes, so the caller
// can check its own ids without reading them all.
//   node tests/bench/tiktoken_peer.mjs NODE_MODULES_PARENT RUNS FILE...
// e.g. node tests/bench/tiktoken_peer.mjs build/gpt2/npm 5 corpus/toyworld.txt
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";

const [modulesParent, runsArg, ...files] = process.argv.slice(2);
if (!modulesParent || !runsArg || files.length === 0) {
  console.error("usage: node tiktoken_peer.mjs NODE_MODULES_PARENT RUNS FILE...");
  process.exit(2);
}
const runs = Math.max(1, parseInt(runsArg, 10));
const require = createRequire(path.resolve(modulesParent, "x.js"));
const { get_encoding } = require("tiktoken");
const gptTokenizer = require("gpt-tokenizer/encoding/r50k_base");
const version = (name) => JSON.parse(readFileSync(
    path.resolve(modulesParent, "node_modules", name, "package.json"), "utf8")).version;

function medianSeconds(fn, before) {
  before();
  fn();  // warm-up: JIT, WebAssembly memory growth
  const t = [];
  for (let r = 0; r < runs; r++) {
    before();
    const t0 = performance.now();
    fn();
    t.push((performance.now() - t0) / 1e3);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}

function fnv1a(ids) {
  let h = 0x811c9dc5;
  for (const id of ids)
    for (let k = 0; k < 4; k++) h = Math.imul(h ^ ((id >>> (8 * k)) & 0xff), 16777619) >>> 0;
  return h;
}

const tiktoken = get_encoding("gpt2");
const encoders = [
  { path: "tiktoken", name: `tiktoken ${version("tiktoken")} (WASM) gpt2`,
    encode: (text) => tiktoken.encode(text, [], []), clear: () => {} },
  { path: "gpt-tokenizer", name: `gpt-tokenizer ${version("gpt-tokenizer")} (JS) r50k_base`,
    encode: (text) => gptTokenizer.encode(text, { disallowedSpecial: new Set() }),
    clear: () => gptTokenizer.clearMergeCache() },
];

for (const file of files) {
  const text = readFileSync(file, "utf8");
  const bytes = Buffer.byteLength(text, "utf8");
  const reference = Array.from(tiktoken.encode(text, [], []));
  for (const e of encoders) {
    const ids = Array.from(e.encode(text));
    const same = ids.length === reference.length && ids.every((id, i) => id === reference[i]);
    for (const cold of [true, false]) {
      const seconds = medianSeconds(() => e.encode(text), cold ? e.clear : () => {});
      console.log(JSON.stringify({
        file, name: e.name, path: e.path, pass: cold ? "encode, cold cache" : "encode, warm cache",
        threads: 1, seconds, bytes, tokens: ids.length, ids_fnv1a: fnv1a(ids),
        same_ids_as_tiktoken: same,
      }));
    }
  }
}
tiktoken.free();
