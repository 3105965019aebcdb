// GET /api/workers: the engine workers recording heartbeats on this database, live or not.
import { route, routes } from '@/lib/api/next-routes';
import { listWorkersHandler } from '@/lib/api/worker-handlers';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ GET: route(listWorkersHandler) });
