// GET /api/system bound to this process's engine host.
import 'server-only';
import { getEngineHost } from '../server/engine-host';
import { route, routes } from './next-routes';
import type { Method, NextRouteHandler } from './route';
import { noStoreJson } from './responses';
import { readSystemStatus } from './system-status';
import { readRetentionStatus } from '../retention/process-retention';

/** Every method of /api/system: GET (behind the API token) answers SystemResponse; 405 for the others. */
export function systemStatusRoutes(): Record<Method, NextRouteHandler<unknown>> {
  return routes({
    GET: route(async (_request, _params, ctx) => {
      const host = await getEngineHost();
      const status = await readSystemStatus({
        store: ctx.store,
        dialect: ctx.dialect,
        pingDatabase: ctx.pingDatabase,
        workerId: host.runtime.options.workerId,
        workerGraceMs: host.runtime.heartbeatOptions.workerGraceMs,
        metrics: host.metrics,
        remoteWorkers: () => host.remoteWorkers?.list?.() ?? [],
        retention: () => readRetentionStatus(host.prisma, host.retention?.policy),
      });
      return noStoreJson(status);
    }),
  });
}
