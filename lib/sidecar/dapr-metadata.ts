// What Flowdeck says about itself where a Dapr sidecar answers GET /v1.0/metadata and gRPC GetMetadata.
import packageJson from '../../package.json';
import type { SidecarStatus } from './sidecar-registry';

/** The app ID Flowdeck reports (it is one sidecar for every app that connects). */
export const FLOWDECK_APP_ID = 'flowdeck';

/** The runtime version Flowdeck reports: its own, marked as Flowdeck's (it is not a Dapr release). */
export const FLOWDECK_RUNTIME_VERSION = `flowdeck-${packageJson.version}`;

/** One registered component as Dapr lists it. */
export interface DaprComponent {
  name: string;
  type: string;
  version: string;
  capabilities: string[];
}

/** The components Flowdeck serves: the built-in workflow engine, component `dapr`, as in a Dapr sidecar. */
export const FLOWDECK_COMPONENTS: DaprComponent[] = [{ name: 'dapr', type: 'workflow.dapr', version: 'v1', capabilities: [] }];

/**
 * The JSON body of GET /v1.0/metadata (Dapr's field names), given the process's gRPC sidecar if it runs one
 * (`extended.grpcAddress` then says where it listens).
 */
export function daprMetadataBody(sidecar: SidecarStatus | undefined): Record<string, unknown> {
  return {
    id: FLOWDECK_APP_ID,
    runtimeVersion: FLOWDECK_RUNTIME_VERSION,
    enabledFeatures: [],
    actors: [],
    components: FLOWDECK_COMPONENTS,
    extended: sidecar ? { grpcAddress: sidecar.address } : {},
    subscriptions: [],
    httpEndpoints: [],
    actorRuntime: { runtimeStatus: 'DISABLED', activeActors: [], hostReady: false, placement: '' },
    workflows: { connectedWorkers: sidecar?.connectedWorkers() ?? 0 },
  };
}
