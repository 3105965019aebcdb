import { Registry } from './registry';
import type { WorkflowStore } from './store';
import { remoteWorkOf, WorkNotifier } from './work-notifier';

/** The store, registry and wake-ups shared by runtimes and clients created without explicit ones. */
export interface EngineEnvironment {
  store: WorkflowStore;
  registry: Registry;
  notifier: WorkNotifier;
}

const KEY = Symbol.for('flowdeck.defaultEngine');
type Holder = { [KEY]?: EngineEnvironment };

/** Sets the process-wide default engine (so `new WorkflowRuntime()` and `new DaprWorkflowClient()` work as in Dapr). */
export function configureDefaultEngine(store: WorkflowStore): EngineEnvironment {
  const env: EngineEnvironment = { store, registry: new Registry(), notifier: new WorkNotifier(remoteWorkOf(store)) };
  (globalThis as Holder)[KEY] = env;
  return env;
}

/** The process-wide default engine; throws when none was configured. */
export function defaultEngine(): EngineEnvironment {
  const env = (globalThis as Holder)[KEY];
  if (!env) throw new Error('no default workflow store: call configureDefaultEngine(store) first or pass { store }');
  return env;
}
