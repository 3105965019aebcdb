// POST /api/inventory/restock: puts the order demo's stock back to its defaults.
import { route, routes } from '@/lib/api/next-routes';
import { restockHandler } from '@/lib/api/workflow-handlers';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ POST: route(restockHandler) });
