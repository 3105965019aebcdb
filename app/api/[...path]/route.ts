// Any other /api/ path: 404 ERR_NOT_FOUND as JSON.
import { unknownApiRoute } from '@/lib/api/next-routes';

export const dynamic = 'force-dynamic';
export const GET = unknownApiRoute;
export const POST = unknownApiRoute;
export const PUT = unknownApiRoute;
export const PATCH = unknownApiRoute;
export const DELETE = unknownApiRoute;
export const OPTIONS = unknownApiRoute;
