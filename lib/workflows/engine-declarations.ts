// The workflow declarations of a server process: one store per engine host, on the host's Prisma client.
import type { EngineHost } from '../server/engine-host';
import { PrismaWorkflowDeclarations, type WorkflowDeclarationStore } from './workflow-declarations';

const stores = new WeakMap<EngineHost, WorkflowDeclarationStore>();

/** The declarations in `host`'s database (created on first use, then kept with the host). */
export function declarationsOf(host: EngineHost): WorkflowDeclarationStore {
  let store = stores.get(host);
  if (!store) stores.set(host, (store = new PrismaWorkflowDeclarations(host.prisma)));
  return store;
}
