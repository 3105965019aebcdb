// POST /api/users/demo: the demo accounts with generated passwords, in local mode only (issue 14 item 9).
import { route, routes } from '@/lib/api/next-routes';
import { createDemoUsersHandler } from '@/lib/api/user-handlers';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ POST: route(createDemoUsersHandler, { role: 'admin' }) });
