// Runs the Python quickstart apps of test/python/order_processor in a virtualenv of their own (scripts/python-env.mjs),
// pointed at a Flowdeck sidecar only through the environment variables a Dapr app reads.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensurePythonEnv, PythonEnvUnavailableError } from '@/scripts/python-env.mjs';

/** The folder of the apps (they import each other's modules, so they run from there). */
export const ORDER_PROCESSOR_DIR = path.join(import.meta.dirname, 'order_processor');

/** A set of pinned SDK versions: a requirements file of test/python and a short label for instance IDs. */
export interface SdkVersions {
  label: string;
  requirements: string;
}

/** The SDK sets tested: the newest, the newest dapr + dapr-ext-workflow pair, and the last with DaprClient's workflow calls. */
export const SDK_VERSIONS = {
  newest: { label: 'sdk119', requirements: 'requirements.txt' },
  extensionPair: { label: 'sdk118', requirements: 'requirements-sdk-1.18.txt' },
  daprClientWorkflowCalls: { label: 'sdk117', requirements: 'requirements-sdk-1.17.txt' },
} as const satisfies Record<string, SdkVersions>;

/**
 * The interpreters of the venvs for `sets` (label → python), made or reused; undefined after a loud notice when
 * Python or the package index is missing here. Under CI=true that throws instead: nothing is skipped in CI.
 */
export async function pythonsFor(sets: readonly SdkVersions[]): Promise<Map<string, string> | undefined> {
  const pythons = new Map<string, string>();
  try {
    for (const set of sets) {
      const env = await ensurePythonEnv(path.join(import.meta.dirname, set.requirements));
      if (env.created) console.log(`Python SDK venv for ${set.requirements} created in ${env.seconds} s (${env.dir})`);
      pythons.set(set.label, env.python);
    }
    return pythons;
  } catch (error) {
    if (!(error instanceof PythonEnvUnavailableError)) throw error;
    if (process.env.CI === 'true') throw new Error(`CI=true requires the Python SDK tests, but: ${error.message}`);
    const bar = '!'.repeat(78);
    console.log(`\n${bar}\n!! PYTHON SDK TESTS SKIPPED: ${error.message}\n!! Install python3 with venv (apt-get install python3-venv) and reach the Python package index.\n${bar}\n`);
    return undefined;
  }
}

/** Where the app's sidecar listens, and anything else it reads from its environment. */
export interface AppEnvironment {
  grpcPort: number;
  httpPort: number;
  apiToken?: string;
  extra?: Record<string, string>;
}

/** Runs `script` with `args` as a second process and returns the JSON object on the last line of its stdout. */
export async function runPythonApp<T>(python: string, script: string, args: string[], env: AppEnvironment, timeoutMs = 90_000): Promise<T> {
  const processEnv: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    PATH: process.env.PATH ?? '',
    DAPR_GRPC_PORT: String(env.grpcPort),
    DAPR_HTTP_PORT: String(env.httpPort),
    PYTHONUNBUFFERED: '1',
    PYTHONDONTWRITEBYTECODE: '1', // no __pycache__ in the source tree
    ...(env.apiToken ? { DAPR_API_TOKEN: env.apiToken } : {}),
    ...env.extra,
  };
  try {
    const { stdout } = await promisify(execFile)(python, [script, ...args], {
      cwd: ORDER_PROCESSOR_DIR,
      env: processEnv,
      timeout: timeoutMs,
      killSignal: 'SIGKILL', // an SDK app stuck in its worker threads has been seen to outlive SIGTERM
      maxBuffer: 16 * 1024 * 1024,
    });
    const last = stdout.trim().split('\n').at(-1) ?? '';
    return JSON.parse(last) as T;
  } catch (error) {
    const failed = error as { stderr?: string; stdout?: string; message: string };
    const tail = (text = '') => text.trim().split('\n').slice(-25).join('\n');
    throw new Error(`${script} ${args.join(' ')} failed: ${failed.message.split('\n')[0]}\n--- stdout ---\n${tail(failed.stdout)}\n--- stderr ---\n${tail(failed.stderr)}`);
  }
}
