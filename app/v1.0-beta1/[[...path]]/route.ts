// Dapr's workflow management API under /v1.0-beta1/workflows/dapr/... (see docs/API.md).
import { daprRoutes } from '@/lib/api/next-routes';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = daprRoutes('v1.0-beta1');
