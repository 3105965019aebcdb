// The state API of a server process: one state store per engine host, on the host's Prisma client.
import type { EngineHost } from '../server/engine-host';
import { createStateStore, type StateStore } from './state-store';

/** What the state API's surfaces need: the data layer and the largest value it accepts. */
export interface StateApi {
  state: StateStore;
  /** Largest value in bytes: the engine's maxPayloadBytes (FLOWDECK_MAX_PAYLOAD_BYTES, default 1 MiB). */
  maxValueBytes: number;
}

const apis = new WeakMap<EngineHost, StateApi>();

/** The state API on `host`'s database (created on first use, then kept with the host). */
export function stateApiOf(host: EngineHost): StateApi {
  let api = apis.get(host);
  if (!api) {
    const maxValueBytes = host.runtime.options.maxPayloadBytes;
    apis.set(host, (api = { state: createStateStore(host.prisma, { maxValueBytes }), maxValueBytes }));
  }
  return api;
}
