'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import type { DemoPattern } from '@/lib/workflows/built-in';
import { parseJsonText, toJsonText } from '@/lib/client/json-text';
import { startWorkflow } from '@/lib/client/mutations';
import { queryKeys } from '@/lib/client/queries';
import { usePermissions } from '@/lib/client/session';
import { ErrorBanner } from '@/components/ui/error-banner';
import { InlineCodeText } from '@/components/ui/inline-code-text';
import { JsonEditor } from '@/components/ui/json-editor';
import { RoleNote } from '@/components/ui/role-note';

/** What a card shows: a seed pattern, or a workflow an app declared (which may have nothing to watch for). */
export type DemoCardContent = Pick<DemoPattern, 'title' | 'workflowName' | 'summary' | 'exampleInput'> & { watch?: string };

/** One workflow to try: what it shows, what to watch, an editable example input and a Start button that opens the instance. */
export function DemoCard({ demo }: { demo: DemoCardContent }) {
  const [input, setInput] = useState(() => toJsonText(demo.exampleInput));
  const router = useRouter();
  const client = useQueryClient();
  const headingId = useId();
  const parsed = parseJsonText(input);
  const denied = usePermissions().whyNot('operator');
  const start = useMutation({
    mutationFn: () => startWorkflow(demo.workflowName, { input: parsed.ok ? parsed.value : undefined }),
    onSuccess: ({ instanceId }) => {
      void client.invalidateQueries({ queryKey: queryKeys.instances });
      router.push(`/instances/${encodeURIComponent(instanceId)}`);
    },
  });
  return (
    <article className="demo-card" aria-labelledby={headingId}>
      <header>
        <h2 id={headingId}>{demo.title}</h2>
        <span className="demo-workflow mono">{demo.workflowName}</span>
      </header>
      <p>
        <InlineCodeText text={demo.summary} />
      </p>
      {demo.watch && (
        <p className="demo-watch">
          <strong>Watch:</strong> <InlineCodeText text={demo.watch} />
        </p>
      )}
      <JsonEditor label={`Input for ${demo.title}`} value={input} onChange={setInput} rows={Math.min(8, Math.max(2, input.split('\n').length))} />
      <ErrorBanner error={start.error} prefix="Could not start" />
      <footer>
        <button
          type="button"
          className="button button-primary"
          aria-label={`Start ${demo.title}`}
          disabled={!parsed.ok || start.isPending || start.isSuccess || !!denied}
          title={denied}
          onClick={() => start.mutate()}
        >
          {start.isPending || start.isSuccess ? 'Starting…' : 'Start'}
        </button>
        <RoleNote reason={denied} />
      </footer>
    </article>
  );
}
