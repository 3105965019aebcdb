// Types for scripts/python-env.mjs (used from the Python SDK tests).

/** Python or the package index is not usable here; the message says which step failed and why, in one line. */
export class PythonEnvUnavailableError extends Error {}

/** A ready virtualenv. */
export interface PythonEnv {
  /** The venv's interpreter (`<dir>/bin/python`). */
  python: string;
  /** The venv's folder, under .python-env/. */
  dir: string;
  /** Whether this call created it (false: reused as it was). */
  created: boolean;
  /** How long the call took. */
  seconds: number;
}

/** The folder holding every virtualenv: FLOWDECK_PYTHON_ENV_DIR, else .python-env/ in the repo. */
export function pythonEnvRoot(): string;
/** Makes (or reuses) the virtualenv for a requirements file; rejects with PythonEnvUnavailableError when it cannot. */
export function ensurePythonEnv(requirementsFile: string): Promise<PythonEnv>;
