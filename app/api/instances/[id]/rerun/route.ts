// POST /api/instances/{id}/rerun: a new instance from a prefix of this one's history; GET: its rerun links.
import { rerunHandler, rerunLinksHandler } from '@/lib/api/instance-handlers';
import { route, routes } from '@/lib/api/next-routes';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ GET: route(rerunLinksHandler), POST: route(rerunHandler) });
