// The workflow declarations of a server process: one store per engine host, on the host's Prisma client.
import { getEngineHost, type EngineHost } from '../server/engine-host';
import { PrismaWorkflowDeclarations, type WorkflowDeclarationStore } from './workflow-declarations';

const stores = new WeakMap<EngineHost, WorkflowDeclarationStore>();

/** The declarations in `host`'s database (created on first use, then kept with the host). */
export function declarationsOf(host: EngineHost): WorkflowDeclarationStore {
  let store = stores.get(host);
  if (!store) stores.set(host, (store = new PrismaWorkflowDeclarations(host.prisma)));
  return store;
}

/** A handler given this process's declarations in its context (`ctx.declarations`), for the routes that use them. */
export function withEngineDeclarations<P, C extends object>(
  handler: (request: Request, params: P, ctx: C & { declarations?: WorkflowDeclarationStore }) => Promise<Response>,
): (request: Request, params: P, ctx: C) => Promise<Response> {
  return async (request, params, ctx) => handler(request, params, { ...ctx, declarations: declarationsOf(await getEngineHost()) });
}
