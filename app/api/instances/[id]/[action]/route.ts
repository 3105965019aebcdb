// POST /api/instances/{id}/{terminate|pause|resume|purge|raise-event}.
import { instanceActionHandler, isInstanceAction } from '@/lib/api/instance-handlers';
import { route, routes } from '@/lib/api/next-routes';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes(
  // Approvers may reach the handler: it lets them raise only an event the instance waits for (lib/api/action-roles.ts).
  { POST: route(instanceActionHandler, { role: 'approver' }) },
  { allowed: ({ action }) => (isInstanceAction(action) ? ['POST'] : undefined) },
);
