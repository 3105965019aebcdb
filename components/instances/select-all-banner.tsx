'use client';

/** Props of SelectAllBanner. */
export interface SelectAllBannerProps {
  /** Rows ticked on this page (all of them). */
  pageCount: number;
  /** Instances the filter matches in all. */
  matching: number;
  allMatching: boolean;
  onSelectAll: () => void;
}

/**
 * Shown when every row of the page is ticked and the filter matches more (as in Gmail and Temporal): "All 50 on this
 * page are selected. Select all 1,234 matching this filter"; once chosen, says so (the bulk bar clears it).
 */
export function SelectAllBanner({ pageCount, matching, allMatching, onSelectAll }: SelectAllBannerProps) {
  return (
    <div className="banner banner-info" role="status" data-testid="select-all-banner">
      {allMatching ? (
        <span>All {matching.toLocaleString('en-US')} instances matching this filter are selected: the bulk actions run as a job on the server.</span>
      ) : (
        <>
          <span>All {pageCount} on this page are selected.</span>
          <button type="button" className="button button-small button-link" onClick={onSelectAll}>
            Select all {matching.toLocaleString('en-US')} matching this filter
          </button>
        </>
      )}
    </div>
  );
}
