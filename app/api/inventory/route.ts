// GET /api/inventory: the order demo's stock.
import { route, routes } from '@/lib/api/next-routes';
import { inventoryHandler } from '@/lib/api/workflow-handlers';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ GET: route(inventoryHandler) });
