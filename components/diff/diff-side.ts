// Loading one side of the diff page: an instance and the history of one of its executions (default: the current one).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { executionHistoryQuery } from '@/components/instance/recovery-api';
import { historyQuery } from '@/lib/client/history-query';
import { instanceQuery } from '@/lib/client/queries';

/** The instance and its history for one side of the diff; `ready` once both are loaded. */
export function useDiffSide(instanceId: string, executionId: string | undefined) {
  const client = useQueryClient();
  const instance = useQuery({ ...instanceQuery(instanceId), enabled: !!instanceId });
  const current = instance.data?.executionId ?? '';
  const closed = !!executionId && !!instance.data && executionId !== current;
  const live = useQuery({ ...historyQuery(client, instanceId, current), enabled: !!instance.data && !closed });
  const old = useQuery({ ...executionHistoryQuery(instanceId, executionId ?? ''), enabled: closed });
  const history = closed ? old : live;
  return { instance, history, ready: !!instance.data && !!history.data, error: instance.error ?? history.error };
}
