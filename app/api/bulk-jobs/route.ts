// GET /api/bulk-jobs: recent bulk jobs; POST: start one over every instance a list filter matches (or a dry run).
import { route, routes } from '@/lib/api/next-routes';
import { listBulkJobsHandler, startBulkJobHandler } from '@/lib/api/bulk-job-handlers';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ GET: route(listBulkJobsHandler), POST: route(startBulkJobHandler) });
