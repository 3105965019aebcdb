// Decides whether the production build in .next is current: a content hash of everything `next build`
// reads, stored next to BUILD_ID after each build made by these scripts.
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const SOURCE_DIRS = ['app', 'components', 'lib', 'public'];
const SOURCE_FILES = [
  'next.config.ts', 'next.config.mjs', 'next.config.js', 'tsconfig.json', 'package.json', 'package-lock.json',
  'instrumentation.ts', 'middleware.ts', 'proxy.ts', 'postcss.config.mjs', '.env', '.env.production', '.env.local',
];
const SKIP = new Set(['node_modules', '.next', '.git']);

function walk(dir, out) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else if (entry.isFile()) out.push(p);
  }
}

/** Hash of the sources the build depends on (paths and contents). */
export function sourceHash(root = process.cwd()) {
  const files = [];
  for (const d of SOURCE_DIRS) walk(path.join(root, d), files);
  for (const f of SOURCE_FILES) if (fs.existsSync(path.join(root, f))) files.push(path.join(root, f));
  const hash = crypto.createHash('sha256');
  for (const f of files.sort()) hash.update(path.relative(root, f)).update('\0').update(fs.readFileSync(f)).update('\0');
  return hash.digest('hex');
}

const stampFile = (root) => path.join(root, '.next', 'flowdeck-source-hash');

/** Why a build is needed ('' when .next is current). */
export function buildNeeded(root = process.cwd()) {
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) return 'no production build yet';
  const stamp = fs.existsSync(stampFile(root)) ? fs.readFileSync(stampFile(root), 'utf8').trim() : '';
  if (stamp !== sourceHash(root)) return 'sources changed since the last build';
  return '';
}

/** Runs `next build` when needed; returns false if it failed. */
export function ensureBuild(root = process.cwd()) {
  const reason = buildNeeded(root);
  if (!reason) return true;
  console.log(`Building Flowdeck (${reason})...`);
  const next = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  const res = spawnSync(process.execPath, [next, 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (res.status !== 0) return false;
  // Hash after the build: `next build` may itself rewrite tsconfig.json.
  fs.writeFileSync(stampFile(root), `${sourceHash(root)}\n`);
  return true;
}
