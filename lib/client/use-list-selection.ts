'use client';

import { useState } from 'react';

/** What is selected in one view of the list: ticked rows, or every instance the view's filter matches. */
export interface ListSelection {
  ids: ReadonlySet<string>;
  /** "Select all N matching this filter" was chosen: the bulk actions run as a job over the filter. */
  allMatching: boolean;
}

const NONE: ListSelection = { ids: new Set(), allMatching: false };

/**
 * The instance list's selection, kept for the view it was made in (`view`: the filters, sort and page as a query
 * string). Any change of view clears it, as Temporal's list does, so the bulk bar never counts rows that are not shown.
 */
export function useListSelection(view: string): {
  selection: ListSelection;
  toggle: (id: string) => void;
  setRows: (ids: readonly string[], select: boolean) => void;
  selectAllMatching: () => void;
  clear: () => void;
} {
  const [kept, setKept] = useState<{ view: string } & ListSelection>({ view, ...NONE });
  const selection: ListSelection = kept.view === view ? kept : NONE;
  const update = (next: (current: ListSelection) => ListSelection) => setKept((k) => ({ view, ...next(k.view === view ? k : NONE) }));
  return {
    selection,
    toggle: (id) =>
      update(({ ids }) => {
        const next = new Set(ids);
        if (!next.delete(id)) next.add(id);
        return { ids: next, allMatching: false };
      }),
    setRows: (rows, select) =>
      update(({ ids }) => {
        const next = new Set(ids);
        for (const id of rows) {
          if (select) next.add(id);
          else next.delete(id);
        }
        return { ids: next, allMatching: false };
      }),
    selectAllMatching: () => update(({ ids }) => ({ ids, allMatching: true })),
    clear: () => update(() => NONE),
  };
}
