import { toJsonText } from '@/lib/client/json-text';
import { CopyButton } from './copy-button';

/** A titled block of pretty-printed JSON with a Copy button; says "none" when there is no value. */
export function JsonViewer({ title, value, tone }: { title: string; value: unknown; tone?: 'error' }) {
  const text = typeof value === 'string' ? value : toJsonText(value);
  return (
    <section className={tone === 'error' ? 'json-viewer json-viewer-error' : 'json-viewer'} aria-label={title}>
      <header>
        <h3>{title}</h3>
        {value !== undefined && <CopyButton text={text} label={`Copy ${title.toLowerCase()}`} />}
      </header>
      {value === undefined ? <p className="muted empty-inline">none</p> : <pre>{text}</pre>}
    </section>
  );
}
