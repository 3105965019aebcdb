// GET /api/bulk-jobs/{id}: one bulk job's progress and outcomes.
import { route, routes } from '@/lib/api/next-routes';
import { getBulkJobHandler } from '@/lib/api/bulk-job-handlers';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ GET: route(getBulkJobHandler) });
