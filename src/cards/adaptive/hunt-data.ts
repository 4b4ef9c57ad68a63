import type { FittedHuntView } from '../fitted-views';
import type { FactView } from '../view-models';
import { type ButtonData, buttonData, countText, factLine, moreNotShownText } from './item-data';
import { MAX_HUNT_COLUMNS } from './limits';
import { type Inline, runs, runsOr } from './text-runs';

/** Binding data of templates/hunt.json; see item-data.ts for the conventions. */
export interface HuntCardData {
  demo: boolean;
  query: Inline[];
  page: Inline[];
  hasError: boolean;
  error: Inline[];
  noRows: boolean;
  rows: Array<{ label: Inline[]; facts: Array<{ line: Inline[] }> }>;
  hasHiddenRows: boolean;
  hiddenRows: Inline[];
  hasPaging: boolean;
  paging: ButtonData[];
}

/** Number of the page's first row; the last page may be shorter than the others. */
function firstRowNumber(view: FittedHuntView, rowsOnPage: number): number {
  const first = view.page >= view.pageCount ? view.totalRows - rowsOnPage + 1 : (view.page - 1) * rowsOnPage + 1;
  return Math.max(1, first);
}

function rowFacts(columns: string[], row: string[]): FactView[] {
  const facts = row.slice(0, MAX_HUNT_COLUMNS).map((cell, index) => ({
    title: columns[index] ?? `Column ${index + 1}`,
    value: cell === '' ? '(empty)' : cell,
  }));
  const more = row.length - MAX_HUNT_COLUMNS;
  if (more > 0) facts.push({ title: 'More', value: `${more} more columns not shown` });
  return facts;
}

function pageText(view: FittedHuntView): string {
  const rows = countText(view.totalRows, 'row', 'rows');
  return view.pageCount > 0 ? `Page ${view.page} of ${view.pageCount} · ${rows}` : rows;
}

export function huntCardData(view: FittedHuntView): HuntCardData {
  const notShown = view.rowsNotShown ?? 0;
  const first = firstRowNumber(view, view.rows.length + notShown);
  const paging = [view.previous, view.next].filter((button) => button !== undefined).map(buttonData);
  return {
    demo: view.demo,
    query: runsOr(view.query, '(no query)', { fontType: 'monospace' }),
    page: runs(pageText(view), { isSubtle: true }),
    hasError: view.error !== undefined,
    error: runsOr(view.error ?? '', 'The query failed.', { color: 'attention' }),
    noRows: view.rows.length === 0 && notShown === 0 && view.error === undefined,
    rows: view.rows.map((row, index) => ({ label: runs(`Row ${first + index}`, { weight: 'bolder' }), facts: rowFacts(view.columns, row).map(factLine) })),
    hasHiddenRows: notShown > 0,
    hiddenRows: runs(`${moreNotShownText(notShown)} on this page`, { isSubtle: true }),
    hasPaging: paging.length > 0,
    paging,
  };
}
