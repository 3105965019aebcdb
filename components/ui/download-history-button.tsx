'use client';

import { useState } from 'react';
import { downloadText, fetchWholeHistory } from '@/lib/client/history-export';

/** "Download history": the instance's whole history (every page) as a JSON file. */
export function DownloadHistoryButton({ instanceId }: { instanceId: string }) {
  const [state, setState] = useState<'idle' | 'busy' | 'failed'>('idle');
  const download = async () => {
    setState('busy');
    try {
      const history = await fetchWholeHistory(instanceId);
      downloadText(`${JSON.stringify(history, null, 2)}\n`, `${instanceId.replace(/[^\w.-]+/g, '_')}-history.json`, 'application/json');
      setState('idle');
    } catch {
      setState('failed');
    }
  };
  return (
    <button type="button" className="button button-small" onClick={download} disabled={state === 'busy'} title={state === 'failed' ? 'The history could not be read; try again' : undefined}>
      {state === 'busy' ? 'Downloading…' : state === 'failed' ? 'Download failed: retry' : 'Download history (JSON)'}
    </button>
  );
}
