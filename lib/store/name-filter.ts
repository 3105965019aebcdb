// A claim's NameFilter in the form the SQL stores bind it: one list parameter and whether it is the only
// names served or the names left out, so that each variant stays one cacheable statement text.
import type { NameFilter } from '../engine/store';

/** The filter's names and whether they are the only ones served (`only`) or the ones left out. */
export function nameFilterList(filter: NameFilter): { only: boolean; names: readonly string[] } {
  return 'only' in filter ? { only: true, names: filter.only } : { only: false, names: filter.except };
}

/** True when no name passes `filter` (`{ only: [] }`): a claim with it takes nothing, without a query. */
export function passesNoName(filter: NameFilter | undefined): boolean {
  return filter !== undefined && 'only' in filter && filter.only.length === 0;
}
