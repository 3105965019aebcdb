// GET /api/audit/export?format=csv|json&…: every audit entry under the filters, as a streamed download (operators and admins).
import { exportAuditHandler } from '@/lib/audit/audit-handlers';
import { route, routes } from '@/lib/api/next-routes';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ GET: route(exportAuditHandler, { role: 'operator' }) });
