/** One line chart of a soak: a series over minutes, with its own y scale. */
export interface Panel {
  title: string;
  unit: string;
  series: { label: string; color: string; points: [minutes: number, value: number][] }[];
}

const WIDTH = 720;
const PANEL_HEIGHT = 170;
const MARGIN = { left: 64, right: 36, top: 28, bottom: 34 };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

/** Panels stacked in one SVG, sharing the time axis: small enough to commit, readable without a library. */
export function plotSvg(panels: Panel[], caption: string): string {
  const height = panels.length * PANEL_HEIGHT + 24;
  const xMax = Math.max(1e-9, ...panels.flatMap((p) => p.series.flatMap((s) => s.points.map(([x]) => x))));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${MARGIN.left}" y="${height - 6}" fill="#555">${esc(caption)}</text>`,
  ];
  panels.forEach((panel, i) => {
    const top = i * PANEL_HEIGHT;
    const yMax = Math.max(1e-9, ...panel.series.flatMap((s) => s.points.map(([, y]) => y))) * 1.1;
    const x = (v: number) => MARGIN.left + (v / xMax) * plotW;
    const y = (v: number) => top + MARGIN.top + plotH - (v / yMax) * plotH;
    parts.push(
      `<text x="${MARGIN.left}" y="${top + 16}" font-weight="bold">${esc(panel.title)} (${esc(panel.unit)})</text>`,
      `<rect x="${MARGIN.left}" y="${top + MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#ccc"/>`,
    );
    for (let t = 0; t <= 4; t++) {
      const v = (yMax * t) / 4;
      parts.push(
        `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`,
        `<text x="${MARGIN.left - 6}" y="${y(v) + 4}" text-anchor="end" fill="#555">${fmt(v)}</text>`,
      );
      const m = (xMax * t) / 4;
      parts.push(
        `<text x="${x(m)}" y="${top + MARGIN.top + plotH + 14}" text-anchor="middle" fill="#555">${fmt(m)} min</text>`,
      );
    }
    panel.series.forEach((s, k) => {
      const d = s.points.map(([px, py], j) => `${j ? 'L' : 'M'}${x(px).toFixed(1)},${y(py).toFixed(1)}`);
      parts.push(
        `<path d="${d.join('')}" fill="none" stroke="${s.color}" stroke-width="1.5"/>`,
        `<text x="${MARGIN.left + plotW - k * 120}" y="${top + 16}" text-anchor="end" fill="${s.color}">${esc(s.label)}</text>`,
      );
    });
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
