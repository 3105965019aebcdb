'use client';

import { useEffect, useRef } from 'react';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One line of a chart: its label, colour and values (null: no value in that bucket). */
export interface ChartSeries {
  label: string;
  colour: string;
  values: (number | null)[];
}

/**
 * A small uPlot line chart of `series` over `times` (Unix seconds), redrawn in place when the data change; `dots`
 * marks each value (for sparse series such as latencies, where a lone bucket would draw no line).
 */
export function TimeSeriesChart({ title, unit, times, series, dots = false }: { title: string; unit: string; times: number[]; series: ChartSeries[]; dots?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const shape = series.map((s) => s.label).join('|');

  useEffect(() => {
    let cancelled = false;
    const element = box.current;
    if (!element) return;
    void import('uplot').then(({ default: UPlot }) => {
      if (cancelled) return;
      chart.current = new UPlot(
        {
          width: Math.max(240, element.clientWidth),
          height: 160,
          legend: { show: true },
          scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(max, 1)] } },
          axes: [{}, { label: unit, size: 50 }],
          series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.colour, width: 1.5, spanGaps: false, points: dots ? { show: true, size: 5, fill: s.colour } : undefined }))],
        },
        [[], ...series.map(() => [])],
        element,
      );
    });
    const resize = () => chart.current?.setSize({ width: Math.max(240, element.clientWidth), height: 160 });
    window.addEventListener('resize', resize);
    return () => {
      cancelled = true;
      window.removeEventListener('resize', resize);
      chart.current?.destroy();
      chart.current = null;
    };
    // The chart is rebuilt only when its lines change; data updates go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape, unit, dots]);

  useEffect(() => {
    chart.current?.setData([times, ...series.map((s) => s.values)] as uPlot.AlignedData);
  });

  return (
    <figure className="system-chart">
      <figcaption>{title}</figcaption>
      <div ref={box} role="img" aria-label={`${title} over the last 15 minutes`} />
    </figure>
  );
}
