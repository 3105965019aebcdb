// PATCH /api/users/{id} (role) and DELETE /api/users/{id}: admins only.
import { route, routes } from '@/lib/api/next-routes';
import { deleteUserHandler, updateUserHandler } from '@/lib/api/user-handlers';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ PATCH: route(updateUserHandler, { role: 'admin' }), DELETE: route(deleteUserHandler, { role: 'admin' }) });
