// /api/session: the dashboard's token cookie (GET status, POST {token} to set, DELETE to clear).
import { createSessionHandler, deleteSessionHandler, sessionStatusHandler } from '@/lib/api/system-handlers';

export const dynamic = 'force-dynamic';
export const GET = sessionStatusHandler;
export const POST = createSessionHandler;
export const DELETE = deleteSessionHandler;
