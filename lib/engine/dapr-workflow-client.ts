import type { DaprConnectionOptions } from './authoring';
import { defaultEngine } from './default-engine';
import { DEFAULT_MAX_PAYLOAD_BYTES } from './payload';
import type { Registry } from './registry';
import type { WorkflowStore } from './store';
import { WorkflowClient } from './workflow-client';
import type { WorkNotifier } from './work-notifier';

/** The Dapr SDK's client name: with no arguments it uses the default engine (configureDefaultEngine). */
export class DaprWorkflowClient extends WorkflowClient {
  constructor(
    options: { store?: WorkflowStore; registry?: Registry; notifier?: WorkNotifier; maxPayloadBytes?: number } & DaprConnectionOptions = {},
  ) {
    const env = options.store ? undefined : defaultEngine();
    super({
      store: options.store ?? env!.store,
      registry: options.registry ?? env?.registry,
      notifier: options.notifier ?? env?.notifier,
      maxPayloadBytes: options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES,
    });
  }

  /** Closes the client (the SDK closes its sidecar connection; an in-process client holds nothing to close). */
  async stop(): Promise<void> {}
}
