// GET /api/health: 200 when the database answers, 503 otherwise (no token needed).
import { health, publicRoute, routes } from '@/lib/api/next-routes';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ GET: publicRoute(health) }, { public: true });
