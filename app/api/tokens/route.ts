// GET /api/tokens (list) and POST /api/tokens (create): admins only.
import { route, routes } from '@/lib/api/next-routes';
import { createTokenHandler, listTokensHandler } from '@/lib/api/token-handlers';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ GET: route(listTokensHandler, { role: 'admin' }), POST: route(createTokenHandler, { role: 'admin' }) });
