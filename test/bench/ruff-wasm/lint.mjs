// Lints every .py file under the given folders with Ruff's WebAssembly build, rules ASYNC + RUF006,
// and prints files, lines, diagnostics and wall time. The peer for asyncguard's benchmark.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { Workspace, PositionEncoding } = require("@astral-sh/ruff-wasm-nodejs");

const started = process.hrtime.bigint();
const roots = process.argv.slice(2);
if (roots.length === 0) {
  console.error("usage: node lint.mjs DIR...");
  process.exit(2);
}

// The same folders that asyncguard's file walk skips: installed packages and tool caches.
const SKIPPED_DIRS = new Set(["site-packages", "node_modules", "__pycache__"]);

function* pythonFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith(".")) yield* pythonFiles(path);
    }
    else if (entry.isFile() && entry.name.endsWith(".py")) yield path;
  }
}

// defaultSettings() is a Map; Workspace takes a plain object of ruff.toml keys.
const workspace = new Workspace(
  { "target-version": "py313", lint: { select: ["ASYNC", "RUF006"] } },
  PositionEncoding.Utf16,
);
const decoder = new TextDecoder("utf-8", { fatal: false });

let files = 0, lines = 0, diagnostics = 0, failures = 0;
const byCode = new Map();
for (const root of roots) {
  const paths = statSync(root).isDirectory() ? pythonFiles(root) : [root];
  for (const path of paths) {
    const text = decoder.decode(readFileSync(path));
    files++;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
    try {
      for (const d of workspace.check(text)) {
        diagnostics++;
        byCode.set(d.code, (byCode.get(d.code) || 0) + 1);
      }
    } catch (e) {
      failures++;
    }
  }
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({
  tool: `ruff-wasm ${Workspace.version()}`, files, lines, diagnostics, failures,
  byCode: Object.fromEntries([...byCode].sort()), seconds: Number(seconds.toFixed(3)),
}));
