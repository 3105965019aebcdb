'use client';

/** Props of Pager. */
export interface PagerProps {
  atFirst: boolean;
  hasPrevious: boolean;
  nextCursor?: string;
  shown: number;
  fetching: boolean;
  onFirst: () => void;
  onPrevious: () => void;
  onNext: (cursor: string) => void;
}

/** First / Previous / Next buttons over cursor pages, with a live-refresh indicator. */
export function Pager({ atFirst, hasPrevious, nextCursor, shown, fetching, onFirst, onPrevious, onNext }: PagerProps) {
  return (
    <nav className="pager" aria-label="Pages">
      <span className="muted">
        {shown} shown <span className={fetching ? 'live-dot live-dot-on' : 'live-dot'} aria-hidden /> live
      </span>
      <button type="button" className="button button-small" disabled={atFirst} onClick={onFirst}>
        First page
      </button>
      <button type="button" className="button button-small" disabled={!hasPrevious} onClick={onPrevious}>
        Previous
      </button>
      <button type="button" className="button button-small" disabled={!nextCursor} onClick={() => nextCursor && onNext(nextCursor)}>
        Next
      </button>
    </nav>
  );
}
