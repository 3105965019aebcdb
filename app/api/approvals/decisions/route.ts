// POST /api/approvals/decisions: one decision and comment for several requests, each one's outcome answered.
import { route, routes } from '@/lib/api/next-routes';
import { decideApprovalsHandler } from '@/lib/api/approval-handlers';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ POST: route(decideApprovalsHandler, { role: 'approver' }) });
