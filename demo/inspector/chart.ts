// The "over time" panels, drawn with uPlot: three small charts (hit rate per tier, bytes per
// tier, requests by source) sharing a time axis. uPlot earns its ~48 KB (≈21 KB gzip): canvas
// rendering of hundreds of points, time axes, a live legend that reads values under the cursor,
// cursor sync between the panels and resize handling — all of which a hand-rolled canvas chart
// would have to reimplement.
import uPlot from 'uplot';
import uPlotCss from 'uplot/dist/uPlot.min.css?inline';
import { distinctLabels, formatBytes, formatPercent } from './format.ts';
import type { ChartColumns } from './series.ts';

/** uPlot's own styles (mountInspector injects them with its own, once per document). */
export const chartCss: string = uPlotCss;

export const COLOURS = {
  memory: '#7c5cff',
  disk: '#14b8a6',
  diskRaw: '#94a3b8',
  network: '#f59e0b',
};

const clock = (seconds: number): string =>
  new Date(seconds * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

interface Panel {
  title: string;
  plot: uPlot;
  data: (c: ChartColumns) => uPlot.AlignedData;
}

function axisColour(): { stroke: string; grid: string } {
  const dark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
  return dark ? { stroke: '#a1a1aa', grid: 'rgba(161,161,170,0.15)' } : { stroke: '#52525b', grid: 'rgba(82,82,91,0.12)' };
}

export class OverTimeChart {
  readonly element: HTMLElement;
  #panels: Panel[] = [];
  #resize: ResizeObserver | undefined;
  #sync = uPlot.sync('tiercache-inspector');

  constructor() {
    this.element = document.createElement('div');
    this.element.className = 'tci-charts';
  }

  /** Builds the panels; call once the element is in the document (uPlot measures it). */
  mount(): void {
    const { stroke, grid } = axisColour();
    const axes = (format: (v: number) => string): uPlot.Axis[] => [
      // Clock times only (uPlot's default adds a date row that crowds small panels).
      { stroke, grid: { stroke: grid }, ticks: { stroke: grid }, space: 70, values: (_u, splits) => splits.map(clock) },
      { stroke, grid: { stroke: grid }, ticks: { stroke: grid }, size: 76, values: (_u, splits) => distinctLabels(splits.map(format)) },
    ];
    const bars = uPlot.paths.bars?.({ size: [0.8, 24] });
    // minTop: the y axis of an empty (all-zero) panel still spans whole units (1 KiB, 5 requests),
    // so its ticks read "0 B, 512 B, 1 KiB", not fractions of a byte rounded to "1 B, 1 B, 0 B".
    const specs: { title: string; series: uPlot.Series[]; format: (v: number) => string; range?: uPlot.Scale.Range; minTop?: number; data: Panel['data'] }[] = [
      {
        title: 'Hit rate per tier',
        format: (v) => formatPercent(v),
        range: [0, 1],
        series: [
          { label: 'memory', stroke: COLOURS.memory, width: 2, spanGaps: false, value: (_u, v) => (v == null ? '—' : formatPercent(v)) },
          { label: 'disk', stroke: COLOURS.disk, width: 2, spanGaps: false, value: (_u, v) => (v == null ? '—' : formatPercent(v)) },
        ],
        data: (c) => [c.t, c.memoryHitRate, c.diskHitRate],
      },
      {
        title: 'Bytes per tier',
        format: (v) => formatBytes(v),
        minTop: 1024,
        series: [
          { label: 'memory', stroke: COLOURS.memory, width: 2, fill: 'rgba(124,92,255,0.10)', value: (_u, v) => (v == null ? '—' : formatBytes(v)) },
          { label: 'disk stored', stroke: COLOURS.disk, width: 2, fill: 'rgba(20,184,166,0.10)', value: (_u, v) => (v == null ? '—' : formatBytes(v)) },
          { label: 'disk raw', stroke: COLOURS.diskRaw, width: 1, dash: [4, 4], value: (_u, v) => (v == null ? '—' : formatBytes(v)) },
        ],
        data: (c) => [c.t, c.memoryBytes, c.diskStoredBytes, c.diskRawBytes],
      },
      {
        title: 'Requests served from',
        format: (v) => String(Math.round(v)),
        minTop: 5,
        // Stacked bars: series hold running sums, drawn tallest first (network = the total) so
        // the smaller stacks paint over it; the legend reads each series' own count.
        series: [
          { label: 'network', stroke: COLOURS.network, fill: 'rgba(245,158,11,0.6)', width: 0, paths: bars, points: { show: false }, value: stackedValue },
          { label: 'disk', stroke: COLOURS.disk, fill: 'rgba(20,184,166,0.7)', width: 0, paths: bars, points: { show: false }, value: stackedValue },
          { label: 'memory', stroke: COLOURS.memory, fill: 'rgba(124,92,255,0.8)', width: 0, paths: bars, points: { show: false }, value: stackedValue },
        ],
        data: (c) => {
          const memory = c.fromMemory;
          const disk = c.fromDisk.map((v, i) => v + memory[i]!);
          const total = c.fromNetwork.map((v, i) => v + disk[i]!);
          return [c.t, total, disk, memory];
        },
      },
    ];
    for (const spec of specs) {
      const box = document.createElement('figure');
      box.className = 'tci-chart';
      const caption = document.createElement('figcaption');
      caption.textContent = spec.title;
      box.append(caption);
      this.element.append(box);
      const width = Math.max(240, box.clientWidth || 320);
      const series: uPlot.Series[] = [{ label: 'time', value: (_u, v) => (v == null ? '—' : new Date(v * 1000).toLocaleTimeString()) }, ...spec.series];
      const plot = new uPlot(
        {
          width,
          height: 160,
          series,
          axes: axes(spec.format),
          scales: { x: { time: true }, y: spec.range ? { range: spec.range } : { range: (_u, _min, max) => [0, Math.max(spec.minTop ?? 1, max * 1.1)] } },
          cursor: { sync: { key: this.#sync.key }, drag: { x: false, y: false } },
          legend: { live: true },
        },
        spec.data({ t: [], memoryHitRate: [], diskHitRate: [], memoryBytes: [], diskStoredBytes: [], diskRawBytes: [], fromMemory: [], fromDisk: [], fromNetwork: [] }),
        box,
      );
      this.#panels.push({ title: spec.title, plot, data: spec.data });
    }
    this.#resize = new ResizeObserver(() => {
      for (const panel of this.#panels) {
        const box = panel.plot.root.parentElement;
        if (box) panel.plot.setSize({ width: Math.max(240, box.clientWidth - 8), height: 160 });
      }
    });
    this.#resize.observe(this.element);
  }

  update(columns: ChartColumns): void {
    for (const panel of this.#panels) panel.plot.setData(panel.data(columns));
  }

  destroy(): void {
    this.#resize?.disconnect();
    for (const panel of this.#panels) panel.plot.destroy();
    this.#panels = [];
    this.element.remove();
  }
}

/** In the stacked panel series i holds the running sum of itself and the series after it. */
function stackedValue(u: uPlot, _raw: number | null, i: number, idx: number | null): string {
  if (idx == null) return '—';
  const sum = u.data[i]?.[idx] ?? 0;
  const rest = i + 1 < u.data.length ? (u.data[i + 1]?.[idx] ?? 0) : 0;
  return String((sum ?? 0) - (rest ?? 0));
}
