// Virtualenvs for the Python SDK tests: one per requirements file, under the git-ignored .python-env/, created
// with `python3 -m venv` and filled with `pip install -r <file>` (never the system Python). A venv is reused while
// its stamp (hash of the requirements file and of the interpreter's version) matches, so only the first run
// downloads packages. Concurrent callers for the same file wait on a lock directory.
//   node scripts/python-env.mjs [requirements.txt ...]   (default: every test/python/requirements*.txt)
import crypto from 'node:crypto';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LOCK_WAIT_MS = 15 * 60_000;
const PIP_TIMEOUT_MS = 10 * 60_000;

/** Python or the package index is not usable here; `message` says which step failed and why, in one line. */
export class PythonEnvUnavailableError extends Error {
  name = 'PythonEnvUnavailableError';
}

/** The folder holding every virtualenv: FLOWDECK_PYTHON_ENV_DIR, else .python-env/ in the repo. */
export function pythonEnvRoot() {
  return process.env.FLOWDECK_PYTHON_ENV_DIR || path.join(root, '.python-env');
}

/** The base interpreter venvs are made from: FLOWDECK_PYTHON, else python3 on PATH. */
function basePython() {
  return process.env.FLOWDECK_PYTHON || 'python3';
}

/**
 * Makes (or reuses) the virtualenv for `requirementsFile`; resolves to `{ python, dir, created, seconds }` where
 * `python` is the venv's interpreter. Rejects with PythonEnvUnavailableError when python3, its venv module or
 * the package index is missing.
 */
export async function ensurePythonEnv(requirementsFile) {
  const requirements = path.resolve(requirementsFile);
  if (!fs.existsSync(requirements)) throw new Error(`requirements file ${requirements} does not exist`);
  const name = path.basename(requirements).replace(/\.txt$/, '');
  const dir = path.join(pythonEnvRoot(), name);
  const python = path.join(dir, 'bin', 'python');
  const started = Date.now();
  const stamp = stampOf(requirements, await baseVersion());
  fs.mkdirSync(pythonEnvRoot(), { recursive: true });
  return withLock(`${dir}.lock`, async () => {
    if (readStamp(dir) === stamp && fs.existsSync(python)) return { python, dir, created: false, seconds: elapsed(started) };
    fs.rmSync(dir, { recursive: true, force: true });
    await step(`${basePython()} -m venv failed (on Debian: apt-get install python3-venv)`, basePython(), ['-m', 'venv', dir]);
    await step(
      `pip install -r ${path.relative(root, requirements)} failed (is the Python package index reachable?)`,
      python,
      ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--timeout', '30', '--retries', '2', '-r', requirements],
    );
    fs.writeFileSync(stampFile(dir), `${stamp}\n`);
    return { python, dir, created: true, seconds: elapsed(started) };
  });
}

async function baseVersion() {
  try {
    const { stdout } = await run(basePython(), ['-c', 'import sys; print(sys.version, sys.executable)'], { timeout: 30_000 });
    return stdout.trim();
  } catch (error) {
    throw new PythonEnvUnavailableError(`${basePython()} cannot be run: ${lastLine(error)}`);
  }
}

/** Runs one command of the setup; a failure becomes PythonEnvUnavailableError with its last output line. */
async function step(what, cmd, args) {
  try {
    await run(cmd, args, { timeout: PIP_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    throw new PythonEnvUnavailableError(`${what}: ${lastLine(error)}`);
  }
}

function lastLine(error) {
  const text = [error.stderr, error.stdout, error.message].map((t) => String(t ?? '').trim()).find(Boolean) ?? 'unknown error';
  return text.split('\n').map((l) => l.trim()).filter(Boolean).at(-1);
}

function stampOf(requirements, version) {
  return crypto.createHash('sha256').update(fs.readFileSync(requirements)).update('\0').update(version).digest('hex');
}

const stampFile = (dir) => path.join(dir, 'flowdeck-requirements.sha256');

function readStamp(dir) {
  return fs.existsSync(stampFile(dir)) ? fs.readFileSync(stampFile(dir), 'utf8').trim() : '';
}

const elapsed = (since) => Math.round((Date.now() - since) / 100) / 10;

/** Runs fn while holding a lock directory; a lock whose owner process is gone is taken over. */
async function withLock(lockDir, fn) {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (!ownerAlive(lockDir)) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir} (held by another process)`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function ownerAlive(lockDir) {
  let pid;
  try {
    pid = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
  } catch {
    // The owner has made the directory but not yet written its pid (alive), unless that was long ago.
    return Date.now() - fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs < 10_000;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const pythonDir = path.join(root, 'test', 'python');
  const files = process.argv.slice(2).length
    ? process.argv.slice(2)
    : fs.readdirSync(pythonDir).filter((f) => /^requirements.*\.txt$/.test(f)).sort().map((f) => path.join(pythonDir, f));
  for (const file of files) {
    try {
      const env = await ensurePythonEnv(file);
      console.log(`${path.relative(root, file)}: ${env.created ? 'created' : 'reused'} ${path.relative(root, env.dir)} in ${env.seconds} s`);
    } catch (error) {
      console.error(`Error: ${error.message}`);
      process.exit(1);
    }
  }
}
