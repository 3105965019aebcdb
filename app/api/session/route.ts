// /api/session: the dashboard's token cookie (GET status, POST {token} to set, DELETE to clear); no token needed.
import { publicRoute, routes } from '@/lib/api/next-routes';
import { createSessionHandler, deleteSessionHandler, sessionStatusHandler } from '@/lib/api/system-handlers';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes(
  { GET: publicRoute(sessionStatusHandler), POST: publicRoute(createSessionHandler), DELETE: publicRoute(deleteSessionHandler) },
  { public: true },
);
