// GET /api/health: 200 when the database answers, 503 otherwise (no token needed).
import { health } from '@/lib/api/next-routes';

export const dynamic = 'force-dynamic';
export const GET = health;
