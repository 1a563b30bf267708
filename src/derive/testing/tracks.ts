import { computeDestinationPoint } from 'geolib';
import type { PositionFields } from '../../model/records.ts';

/** Builds hand-made tracks: a cursor in time and space that drives, waits and skips. */
export class TrackBuilder {
  readonly fixes: PositionFields[] = [];
  constructor(
    public time: number,
    public lat: number,
    public lon: number,
    private readonly extra: Partial<PositionFields> = {},
  ) {}

  private fix(speed: number, more: Partial<PositionFields> = {}) {
    this.fixes.push({ fixTime: this.time, lat: this.lat, lon: this.lon, speed, ...this.extra, ...more });
  }

  /** Stands still for `seconds`, reporting every `every` seconds (including at the start). */
  wait(seconds: number, every: number, more: Partial<PositionFields> = {}): this {
    for (let t = 0; t < seconds; t += every) {
      this.fix(0, more);
      this.time += every * 1000;
    }
    return this;
  }

  /** Drives `metres` due east at `kmh`, reporting every `every` seconds; `report: false` drives unseen. */
  drive(metres: number, kmh: number, every: number, report = true, more: Partial<PositionFields> = {}): this {
    const step = (kmh / 3.6) * every;
    for (let done = 0; done < metres; done += step) {
      if (report) this.fix(kmh, more);
      this.move(Math.min(step, metres - done));
      this.time += Math.round((Math.min(step, metres - done) / (kmh / 3.6)) * 1000);
    }
    return this;
  }

  /** One fix `metres` north of here, without moving the cursor: a GPS jump. */
  jump(metres: number, every: number): this {
    const p = computeDestinationPoint({ latitude: this.lat, longitude: this.lon }, metres, 0);
    this.fixes.push({ fixTime: this.time, lat: p.latitude, lon: p.longitude, speed: 50, ...this.extra });
    this.time += every * 1000;
    return this;
  }

  private move(metres: number) {
    const p = computeDestinationPoint({ latitude: this.lat, longitude: this.lon }, metres, 90);
    this.lat = p.latitude;
    this.lon = p.longitude;
  }
}
