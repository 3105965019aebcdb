// GET /api/instances/{id}/executions: the chain of a continued-as-new instance's executions (the kept closed ones and
// the current one), and the history of one of them (GET /api/instances/{id}/history?executionId=).
import type { ClosedExecutionRecord } from '../engine/recovery-store';
import type { RuntimeStatus } from '../engine/runtime-status';
import type { ApiContext } from './context';
import type { HistoryPage, HistoryPageQuery } from './dto';
import { ApiError } from './errors';
import { historyPageRange, toHistoryPage } from './history-page';
import { parsePayload } from './instance-views';
import { getHistoryPage, requireInstance } from './instances';

/** One execution of an instance, as the executions list shows it. */
export interface ExecutionBody {
  /** 1-based position in the chain (the first execution is 1). */
  index: number;
  executionId: string;
  /** CONTINUED_AS_NEW for a closed execution; the instance's status for the current one. */
  status: RuntimeStatus;
  current: boolean;
  input?: unknown;
  /** A closed execution's output: the input it continued as new with. */
  output?: unknown;
  startedAt?: string;
  closedAt?: string;
  historyLength: number;
}

/** The executions of an instance, oldest first, ending with the current one. */
export interface ExecutionsResponse {
  instanceId: string;
  /** How many executions the instance has had (closed ones beyond the kept ones included). */
  total: number;
  executions: ExecutionBody[];
}

/** The instance's executions: the kept closed ones and the current one; throws InstanceNotFoundError. */
export async function listExecutions(ctx: Pick<ApiContext, 'store'>, instanceId: string): Promise<ExecutionsResponse> {
  const row = await requireInstance(ctx, instanceId);
  const [closed, head] = await Promise.all([ctx.store.listClosedExecutions(instanceId), ctx.store.getHistory(instanceId, { limit: 2 })]);
  const started = head.find((e) => e.kind === 'ExecutionStarted');
  const generation = started?.kind === 'ExecutionStarted' ? (started.generation ?? 0) : (closed.at(-1)?.index ?? 0);
  const current: ExecutionBody = {
    index: generation + 1,
    executionId: row.executionId,
    status: row.status,
    current: true,
    historyLength: row.historyLength,
    ...(started ? { startedAt: started.timestamp } : {}),
    ...(row.completedAt ? { closedAt: row.completedAt.toISOString() } : {}),
    ...(row.input !== undefined ? { input: parsePayload(row.input) } : {}),
  };
  return { instanceId, total: current.index, executions: [...closed.map(closedBody), current] };
}

/**
 * One page (see HistoryPageQuery) of the history of execution `executionId` of the instance (the current one or a kept
 * closed one); throws InstanceNotFoundError, or 404 ERR_NOT_FOUND for an execution not kept.
 */
export async function getExecutionHistoryPage(ctx: Pick<ApiContext, 'store'>, instanceId: string, executionId: string, query: HistoryPageQuery): Promise<HistoryPage> {
  const row = await requireInstance(ctx, instanceId);
  if (executionId === row.executionId) return getHistoryPage(ctx, instanceId, query);
  const history = await ctx.store.getClosedExecutionHistory(instanceId, executionId);
  if (!history) throw new ApiError('ERR_NOT_FOUND', `instance '${instanceId}' keeps no execution '${executionId}' (closed executions beyond the retention are dropped)`);
  const range = historyPageRange(history.length, query);
  return toHistoryPage(history.slice(range.start, range.end), range, history.length, query);
}

function closedBody(e: ClosedExecutionRecord): ExecutionBody {
  return {
    index: e.index,
    executionId: e.executionId,
    status: e.status,
    current: false,
    startedAt: e.startedAt.toISOString(),
    closedAt: e.closedAt.toISOString(),
    historyLength: e.historyLength,
    ...(e.input !== undefined ? { input: parsePayload(e.input) } : {}),
    ...(e.output !== undefined ? { output: parsePayload(e.output) } : {}),
  };
}
