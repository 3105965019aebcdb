// /api/auth/*: Better Auth's endpoints (password and OpenID Connect sign-in, sign-out, the session).
import { authRoute } from '@/lib/api/next-routes';

export const dynamic = 'force-dynamic';
export const GET = authRoute;
export const POST = authRoute;
