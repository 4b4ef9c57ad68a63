import type { LookupView, VerdictView } from './view-models';
import { countText } from './count-text';

/** How a lookup's first line reads, shared by both renderers: a severity, a clean bill, or a warning that it is partial. */
export interface VerdictHeadline {
  text: string;
  state: 'severity' | 'clear' | 'incomplete' | 'noSeverity';
}

export function failedSections(view: LookupView): number {
  return view.indicators.reduce((n, indicator) => n + indicator.sections.filter((s) => s.status === 'error').length, 0);
}

export function verdictHeadline(verdict: VerdictView, failed: number): VerdictHeadline {
  if (verdict.highestSeverity !== null) return { text: `Highest severity: ${verdict.highestSeverity}`, state: 'severity' };
  const found = verdict.incidents + verdict.alerts + verdict.devices + verdict.emails + verdict.huntingRows;
  if (found > 0) return { text: 'No severity', state: 'noSeverity' };
  // Nothing found is only good news when every source answered.
  if (failed > 0) return { text: `Nothing found so far: ${countText(failed, 'section', 'sections')} could not be read`, state: 'incomplete' };
  return { text: 'Nothing found', state: 'clear' };
}

export function verdictCounts(verdict: VerdictView): string {
  return [
    countText(verdict.incidents, 'incident', 'incidents'),
    countText(verdict.alerts, 'alert', 'alerts'),
    countText(verdict.devices, 'device', 'devices'),
    countText(verdict.emails, 'e-mail', 'e-mails'),
    countText(verdict.huntingRows, 'hunting row', 'hunting rows'),
  ].join(' · ');
}
