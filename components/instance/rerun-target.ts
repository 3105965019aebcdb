// Which history events and timeline tasks offer "Rerun from here", and what the rerun dialog says about them.
import type { HistoryEvent } from '@/lib/engine/history-events';
import { isRerunnableEvent } from '@/lib/engine/rerun';
import type { TimelineTask } from '@/lib/graph/timeline-model';
import type { RerunTarget } from './rerun-dialog';

const WHAT = { TaskScheduled: 'activity', SubOrchestrationInstanceCreated: 'child workflow', TimerCreated: 'timer' } as const;

/** The rerun target of a history event, when a rerun can start from it. */
export function rerunTargetOfEvent(event: HistoryEvent): RerunTarget | undefined {
  if (!isRerunnableEvent(event)) return undefined;
  const takesInput = event.kind !== 'TimerCreated';
  return {
    taskId: event.eventId,
    what: WHAT[event.kind],
    name: event.name,
    input: takesInput && 'input' in event ? parseText(event.input) : undefined,
    takesInput,
  };
}

/** The rerun target of a timeline task (an activity or child from its first attempt, a timer), when it has one. */
export function rerunTargetOfTask(task: TimelineTask): RerunTarget | undefined {
  if (task.kind !== 'activity' && task.kind !== 'child' && task.kind !== 'timer') return undefined;
  const first = task.attempts[0];
  const taskId = first?.taskId ?? task.taskIds[0];
  if (taskId === undefined) return undefined;
  const takesInput = task.kind !== 'timer';
  const what = task.kind === 'child' ? 'child workflow' : task.kind;
  return { taskId, what, name: task.name, input: takesInput ? parseText(first?.input ?? task.input) : undefined, takesInput };
}

function parseText(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
