// GET /api/instances/export: every instance under the list's filters and sort, streamed as CSV or JSON, page by page.
import { callerOf } from './auth';
import type { ApiContext } from './context';
import { listRowsFor } from './payload-visibility';
import { csvRow } from './csv';
import type { InstanceSummary } from './dto';
import { storeFilterOf } from './instance-list-query';
import { toSummary, workerStateOf } from './instance-views';
import { INSTANCE_LIST_PARAMS, instanceExportQuery, parseWith, queryObject } from './schemas';

/** Instances the export reads per store page. */
const EXPORT_PAGE = 500;

/** The CSV columns, in order: one per InstanceSummary field a list row shows. */
export const EXPORT_COLUMNS = [
  'instanceId', 'workflowName', 'runtimeStatus', 'createdAt', 'lastUpdatedAt', 'completedAt', 'durationMs', 'parentInstanceId',
  'waitingKind', 'waitingName', 'waitingSince', 'waitingForWorker', 'failureType', 'failureReason', 'customStatus',
] as const;

/** The CSV cells of one instance, in EXPORT_COLUMNS' order. */
export function exportCells(s: InstanceSummary): (string | number | boolean | undefined)[] {
  const { waiting, ...row } = s;
  const values: Partial<Record<(typeof EXPORT_COLUMNS)[number], string | number | boolean>> = {
    ...row,
    waitingKind: s.waitingForWorker ? 'worker' : waiting?.kind,
    waitingName: waiting?.name,
    waitingSince: waiting?.since,
  };
  return EXPORT_COLUMNS.map((column) => values[column]);
}

/**
 * GET /api/instances/export?format=csv|json&<the list's filters>: a download of every matching instance, in the
 * list's sort. The first page is read before answering (a database fault is a 503, bad parameters a 400); later
 * pages stream, and a fault there ends the download early (its body is then incomplete: no closing bracket).
 */
export async function exportInstancesHandler(request: Request, _params: unknown, ctx: ApiContext): Promise<Response> {
  const params = parseWith(instanceExportQuery, queryObject(new URL(request.url), INSTANCE_LIST_PARAMS), 'query');
  const filter = storeFilterOf(ctx, params, new Date());
  const workers = workerStateOf(ctx);
  const visible = listRowsFor(callerOf(request).role);
  const read = async (cursor: string | undefined) => {
    if (!filter) return { items: [] as InstanceSummary[] };
    const page = await ctx.store.listInstances({ ...filter, cursor, limit: EXPORT_PAGE, columns: 'summary' });
    return { items: page.items.map((row) => visible(toSummary(row, workers))), nextCursor: page.nextCursor };
  };
  const csv = params.format === 'csv';
  const encoder = new TextEncoder();
  let page: { items: InstanceSummary[]; nextCursor?: string } | undefined = await read(undefined);
  let first = true;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!page) return controller.close();
      const lines: string[] = [];
      if (first) lines.push(csv ? csvRow(EXPORT_COLUMNS) : '[');
      for (const item of page.items) {
        lines.push(csv ? csvRow(exportCells(item)) : `${first ? '\n' : ',\n'}${JSON.stringify(item)}`);
        first = false;
      }
      first = false;
      const cursor = page.nextCursor;
      page = cursor ? await read(cursor) : undefined;
      if (!page && !csv) lines.push('\n]\n');
      controller.enqueue(encoder.encode(lines.join('')));
    },
  });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="instances-${stamp}.${params.format}"`,
      'cache-control': 'no-store',
    },
  });
}
