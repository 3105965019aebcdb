'use client';

import type { MarkKind, TaskKind, TaskOutcome } from '@/lib/graph/timeline-model';

const PATHS: Record<TaskKind | MarkKind | TaskOutcome, string> = {
  activity: 'M4 7h16M4 12h16M4 17h10',
  child: 'M6 4v6a3 3 0 0 0 3 3h9m-3-3 3 3-3 3M6 4h0',
  timer: 'M12 8v4l3 2M12 21a8 8 0 1 0 0-16 8 8 0 0 0 0 16zM10 2h4',
  event: 'M4 6h16v12H4zM4 7l8 6 8-6',
  eventSent: 'M4 12l16-8-6 16-3-7-7-1z',
  start: 'M8 5v14l11-7z',
  restart: 'M4 12a8 8 0 1 0 3-6.2M4 4v5h5',
  pause: 'M8 5v14M16 5v14',
  resume: 'M8 5v14l11-7z',
  terminate: 'M6 6h12v12H6z',
  complete: 'M5 12.5l4.5 4.5L19 7',
  fail: 'M6 6l12 12M18 6L6 18',
  continueAsNew: 'M4 12a8 8 0 1 0 3-6.2M4 4v5h5',
  completed: 'M5 12.5l4.5 4.5L19 7',
  failed: 'M6 6l12 12M18 6L6 18',
  running: 'M12 3a9 9 0 1 0 9 9',
  waiting: 'M12 7v5l3 2M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z',
  timedOut: 'M12 7v5l3 2M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM19 19l3 3',
  canceled: 'M5 19L19 5M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z',
  terminated: 'M9 9h6v6H9zM12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z',
  unmatched: 'M8 12h8M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z',
};

/** A small stroke icon for a task kind, a lifecycle mark or an outcome. */
export function TimelineIcon({ name, size = 16 }: { name: TaskKind | MarkKind | TaskOutcome; size?: number }) {
  return (
    <svg className={`tl-icon tl-icon--${name}`} width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={PATHS[name]} />
    </svg>
  );
}
