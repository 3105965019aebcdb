// GET /api/audit: the audit trail, filtered and paged (operators and admins); no method changes it.
import { listAuditHandler } from '@/lib/audit/audit-handlers';
import { route, routes } from '@/lib/api/next-routes';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ GET: route(listAuditHandler, { role: 'operator' }) });
