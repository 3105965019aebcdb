// POST /api/instances/{id}/{terminate|pause|resume|purge|raise-event}.
import { instanceActionHandler } from '@/lib/api/instance-handlers';
import { route, routes } from '@/lib/api/next-routes';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE } = routes({ POST: route(instanceActionHandler) });
