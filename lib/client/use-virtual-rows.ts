'use client';

import { useVirtualizer, type VirtualItem } from '@tanstack/react-virtual';
import type { RefObject } from 'react';

/** What a virtualized list renders: the virtualizer, the rows in view, and the heights of the rows above and below them. */
export interface VirtualRows {
  virtualizer: ReturnType<typeof useVirtualizer<HTMLElement, Element>>;
  items: VirtualItem[];
  /** Height of the rows scrolled out above the first one in the DOM (a spacer keeps the scrollbar true). */
  padTop: number;
  /** Height of the rows below the last one in the DOM. */
  padBottom: number;
}

/** A list of `count` rows of which only those in `scroller`'s view (and 10 either side) are rendered. */
export function useVirtualRows(options: { count: number; scroller: RefObject<HTMLElement | null>; estimatePx: number; getItemKey?: (index: number) => number | string }): VirtualRows {
  // The React Compiler is not enabled (next.config.ts), so nothing memoizes the virtualizer's functions.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer<HTMLElement, Element>({
    count: options.count,
    getScrollElement: () => options.scroller.current,
    estimateSize: () => options.estimatePx,
    getItemKey: options.getItemKey,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items.length ? items[0].start : 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  return { virtualizer, items, padTop, padBottom };
}
