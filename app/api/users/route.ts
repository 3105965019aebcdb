// GET /api/users (list) and POST /api/users (create): admins only.
import { route, routes } from '@/lib/api/next-routes';
import { createUserHandler, listUsersHandler } from '@/lib/api/user-handlers';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ GET: route(listUsersHandler, { role: 'admin' }), POST: route(createUserHandler, { role: 'admin' }) });
