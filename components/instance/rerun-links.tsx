'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { diffHref } from '@/components/diff/diff-href';
import { rerunLinksQuery } from './recovery-api';
import './recovery.css';

const instanceHref = (id: string) => `/instances/${encodeURIComponent(id)}`;

/** "Rerun of X from task N" on a rerun, and the list of an instance's reruns, each with a link to compare the two. */
export function RerunLinks({ instanceId }: { instanceId: string }) {
  const links = useQuery({ ...rerunLinksQuery(instanceId), refetchInterval: 10_000 });
  const { source, reruns = [] } = links.data ?? {};
  if (!source && reruns.length === 0) return null;
  return (
    <section className="recovery-links" aria-label="Reruns">
      {source && (
        <p>
          Rerun of <Link href={instanceHref(source.sourceInstanceId)} className="mono">{source.sourceInstanceId}</Link> from task {source.fromEventId}
          {' · '}
          <Link href={diffHref(source.sourceInstanceId, instanceId)}>Compare with the source</Link>
        </p>
      )}
      {reruns.length > 0 && (
        <p>
          Reruns:{' '}
          {reruns.map((r, i) => (
            <span key={r.instanceId}>
              {i > 0 && ', '}
              <Link href={instanceHref(r.instanceId)} className="mono">{r.instanceId}</Link> (from task {r.fromEventId},{' '}
              <Link href={diffHref(instanceId, r.instanceId)} aria-label={`Compare with ${r.instanceId}`}>compare</Link>)
            </span>
          ))}
        </p>
      )}
    </section>
  );
}
