// Lints every .py file under a folder with Ruff's wasm build (npm @astral-sh/ruff-wasm-nodejs), ASYNC rules:
// the reference that bench/side-by-side.sh measures asyncguard against.
const fs = require('fs'), path = require('path');
const t0 = process.hrtime.bigint();
const ruff = require('@astral-sh/ruff-wasm-nodejs'); // found through NODE_PATH
const ws = new ruff.Workspace({ lint: { select: ['ASYNC'] } }, ruff.PositionEncoding.Utf16);
function walk(d, out) { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p, out); else if (e.name.endsWith('.py')) out.push(p); } return out; }
const files = walk(process.argv[2], []).sort();
let lines = 0, findings = 0, failed = 0;
const t1 = process.hrtime.bigint();
for (const f of files) {
  let text;
  try { text = fs.readFileSync(f, 'utf8'); } catch (e) { failed++; continue; }
  lines += text.split('\n').length;
  try { findings += ws.check(text).length; } catch (e) { failed++; }
}
const t2 = process.hrtime.bigint();
console.log(`ruff ${ruff.Workspace.version()}: ${files.length} files, ${lines} lines, ${findings} findings, ${failed} failed; lint ${(Number(t2 - t1) / 1e9).toFixed(2)} s, whole process so far ${(Number(t2 - t0) / 1e9).toFixed(2)} s`);
