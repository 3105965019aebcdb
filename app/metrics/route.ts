// GET /metrics: Prometheus metrics of this process (token-protected unless FLOWDECK_METRICS_PUBLIC=1).
import { metricsRoutes } from '@/lib/api/metrics-handlers';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = metricsRoutes();
