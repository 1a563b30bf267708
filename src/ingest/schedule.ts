import type { Source } from '../model/records.ts';
import type { RateRules } from './connector.ts';

/**
 * When a source may be asked next: not before its planned run (a backoff sets it), and not sooner than its
 * interval after its last request, which is stored before each request and so also holds across restarts.
 * Pages after the first of a run (`continuing`) are bound by the vendor spacing only.
 */
export function dueAt(source: Source, rules: RateRules, continuing: boolean): number {
  const afterInterval =
    continuing || source.lastRequestAt == null ? 0 : source.lastRequestAt + rules.sourceIntervalMs;
  return Math.max(source.nextRunAt ?? 0, afterInterval);
}
