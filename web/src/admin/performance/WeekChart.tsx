/**
 * One uPlot line chart of a weekly figure, a line per supplier. Loaded lazily with uPlot (see
 * WeeklyCharts): the console's first page does not carry the chart library.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const COLORS = ['#d7263d', '#1b998b', '#2e86ab', '#f46036', '#7b2cbf', '#5c6b73'];

export default function WeekChart({
  title,
  weeks,
  series,
  unit,
}: {
  title: string;
  /** Monday of each week, YYYY-MM-DD. */
  weeks: string[];
  /** A line per supplier: its value per week, null where there is no figure. */
  series: { label: string; values: (number | null)[] }[];
  unit: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const data: uPlot.AlignedData = [
      weeks.map((w) => Date.parse(`${w}T00:00:00Z`) / 1000),
      ...series.map((s) => s.values),
    ];
    const chart = new uPlot(
      {
        title,
        width: Math.max(320, element.clientWidth),
        height: 220,
        series: [
          { label: 'week' },
          ...series.map((s, i) => ({
            label: s.label,
            stroke: COLORS[i % COLORS.length],
            width: 2,
            points: { show: true },
            spanGaps: false,
            value: (_u: uPlot, v: number | null) => (v === null ? '—' : `${v} ${unit}`),
          })),
        ],
        axes: [{}, { label: unit }],
        // A rate is shown on its whole range, 0 to 100 %; hours from 0 up.
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, unit === '%' ? 100 : Math.max(1, max)] } },
      },
      data,
      element,
    );
    return () => chart.destroy();
  }, [title, weeks, series, unit]);
  return <div ref={box} className="week-chart" role="img" aria-label={`${title}, per week`} />;
}
