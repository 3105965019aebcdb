// GET /api/instances/{id}/history?order=&from=&before=&limit=: the instance's history, paged (oldest or newest first).
import { historyHandler } from '@/lib/api/instance-handlers';
import { route, routes } from '@/lib/api/next-routes';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ GET: route(historyHandler) });
