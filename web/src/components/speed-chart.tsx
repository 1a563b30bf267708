import { speedsOf } from '../track-speed.ts';
import type { Position } from '../types.ts';

/** Speed over the shown range as a small line chart; the replay cursor is a vertical mark. */
export function SpeedChart({ positions, at }: { positions: Position[]; at: number }) {
  if (positions.length < 2) return null;
  const t0 = Date.parse(positions[0]!.fixTime);
  const span = Math.max(1, Date.parse(positions[positions.length - 1]!.fixTime) - t0);
  const speeds = speedsOf(positions);
  const top = Math.max(10, ...speeds);
  const x = (p: Position) => ((Date.parse(p.fixTime) - t0) / span) * 300;
  const y = (i: number) => 60 - (speeds[i]! / top) * 56;
  const cursor = positions[at];
  return (
    <figure class="speed-chart">
      <svg viewBox="0 0 300 62" role="img" aria-label={`Speed over time, up to ${Math.round(top)} km/h`}>
        <polyline
          fill="none"
          stroke="#0b5cad"
          stroke-width="1.5"
          points={positions.map((p, i) => `${x(p)},${y(i)}`).join(' ')}
        />
        {cursor && <line x1={x(cursor)} x2={x(cursor)} y1="0" y2="62" stroke="#cf222e" />}
      </svg>
      <figcaption>Speed (km/h), max {Math.round(top)}</figcaption>
    </figure>
  );
}
