import type { HistoryPage } from '@/lib/api/dto';
import { fetchJson } from './fetch-json';

/** Events per request when exporting a whole history (the API's largest history page). */
const EXPORT_PAGE = 1000;

/** Every history event of an instance, all pages, as the download's JSON document. */
export async function fetchWholeHistory(instanceId: string): Promise<{ instanceId: string; exportedAt: string; events: HistoryPage['events'] }> {
  const events: HistoryPage['events'] = [];
  let from: number | undefined = 0;
  while (from !== undefined) {
    const page: HistoryPage = await fetchJson<HistoryPage>(`/api/instances/${encodeURIComponent(instanceId)}/history?from=${from}&limit=${EXPORT_PAGE}`);
    events.push(...page.events);
    from = page.nextSequence;
  }
  return { instanceId, exportedAt: new Date().toISOString(), events };
}

/** Offers `text` to the browser as a download named `filename`. */
export function downloadText(text: string, filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
