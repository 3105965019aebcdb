/** The narrowest task box in Time mode (the Step order width): room for the icon, the name and the duration. */
export const MIN_TIME_WIDTH = 232;
/** The widest task box in Time mode: the instance's longest task gets at most this. */
export const MAX_TIME_WIDTH = 960;
/** The most pixels a second of duration takes (so short instances do not blow seconds up to full width). */
const MAX_PX_PER_SECOND = 60;

/**
 * Task box widths for Time mode: proportional to each duration on one scale per instance (the longest task at most
 * MAX_TIME_WIDTH wide, a second at most 60 px), never narrower than MIN_TIME_WIDTH; an unknown duration gets the minimum.
 */
export function timeScaleWidths(durations: readonly (number | undefined)[]): number[] {
  const longest = Math.max(0, ...durations.map((d) => d ?? 0));
  const pxPerMs = longest > 0 ? Math.min(MAX_PX_PER_SECOND / 1000, MAX_TIME_WIDTH / longest) : 0;
  return durations.map((d) => Math.max(MIN_TIME_WIDTH, Math.round((d ?? 0) * pxPerMs)));
}
