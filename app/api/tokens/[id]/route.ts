// DELETE /api/tokens/{id}: revokes a token (admins only).
import { route, routes } from '@/lib/api/next-routes';
import { revokeTokenHandler } from '@/lib/api/token-handlers';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ DELETE: route(revokeTokenHandler, { role: 'admin' }) });
