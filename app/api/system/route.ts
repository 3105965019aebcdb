// GET /api/system: the System page's figures (processes, throughput, backlog, database health).
import { systemStatusRoutes } from '@/lib/api/system-status-routes';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = systemStatusRoutes();
