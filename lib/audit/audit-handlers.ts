// GET /api/audit (a filtered page, newest first, with the true total) and GET /api/audit/export (every matching
// entry as CSV or JSON). Reading only: no route changes or deletes an entry.
import type { ApiContext } from '../api/context';
import { ApiError } from '../api/errors';
import { noStoreJson } from '../api/responses';
import { parseWith, queryObject } from '../api/schemas';
import { auditExportStream } from './audit-export';
import { auditQuerySchema, filterOf } from './audit-filter';
import type { AuditLog } from './prisma-audit-log';

function auditOf(ctx: ApiContext): AuditLog {
  if (!ctx.audit) throw new ApiError('ERR_NOT_FOUND', 'this server keeps no audit trail');
  return ctx.audit;
}

/** GET /api/audit?actor=&action=&instanceId=&outcome=&from=&to=&page=&pageSize=: {entries, total, page, pageSize}. */
export async function listAuditHandler(request: Request, _params: unknown, ctx: ApiContext): Promise<Response> {
  const query = parseWith(auditQuerySchema, queryObject(new URL(request.url)), 'query');
  if (query.format) throw new ApiError('ERR_MALFORMED_REQUEST', 'invalid request query: format: only /api/audit/export takes a format');
  return noStoreJson(await auditOf(ctx).list(filterOf(query), { page: query.page, pageSize: query.pageSize }));
}

/** GET /api/audit/export?format=csv|json&<the same filters>: a download of every matching entry, newest first. */
export async function exportAuditHandler(request: Request, _params: unknown, ctx: ApiContext): Promise<Response> {
  const query = parseWith(auditQuerySchema, queryObject(new URL(request.url)), 'query');
  const format = query.format ?? 'csv';
  const log = auditOf(ctx);
  const filter = filterOf(query);
  // The first page is read before answering, so a database fault is a 503 rather than a cut download.
  await log.list(filter, { page: 1, pageSize: 1 });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return new Response(auditExportStream(log.each(filter), format), {
    status: 200,
    headers: {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="audit-${stamp}.${format}"`,
      'cache-control': 'no-store',
    },
  });
}
