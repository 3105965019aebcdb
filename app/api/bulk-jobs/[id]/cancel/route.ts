// POST /api/bulk-jobs/{id}/cancel: stops a running bulk job before its next instance.
import { route, routes } from '@/lib/api/next-routes';
import { cancelBulkJobHandler } from '@/lib/api/bulk-job-handlers';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ POST: route(cancelBulkJobHandler) });
