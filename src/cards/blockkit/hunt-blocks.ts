import type { KnownBlock, PlainTextElement } from '@slack/types';
import type { FittedHuntView } from '../fitted-views';
import { sanitizeText } from '../plain-text';
import { ActionIds, actionsBlocks } from './buttons';
import { contextBlocks, countText, demoTexts, moreNotShownText } from './common-blocks';
import { SLACK_LIMITS, TABLE_CELL_WIDTH, TABLE_MAX_COLUMNS, TABLE_MAX_WIDTH, TEXT_MAX } from './limits';
import { codeLines, displayWidth, fenced, mrkdwnText, packLines, tableCell } from './mrkdwn';
import { mrkdwn, plainFact } from './text-objects';

/*
 * A page of hunting results: the query as code, then the rows as a monospace table when they are narrow enough to
 * read as one, otherwise one section per row with a field per column.
 */

const COLUMN_GAP = '  ';

/** Number of the page's first row; the last page may be shorter than the others. */
function firstRowNumber(view: FittedHuntView, rowsOnPage: number): number {
  const first = view.page >= view.pageCount ? view.totalRows - rowsOnPage + 1 : (view.page - 1) * rowsOnPage + 1;
  return Math.max(1, first);
}

function columnName(view: FittedHuntView, index: number): string {
  return view.columns[index] ?? `Column ${index + 1}`;
}

function columnCount(view: FittedHuntView): number {
  return Math.max(view.columns.length, ...view.rows.map((row) => row.length));
}

/** Column widths of the table, or undefined when the rows are too wide for one. */
function tableWidths(view: FittedHuntView): number[] | undefined {
  const count = columnCount(view);
  if (count === 0 || count > TABLE_MAX_COLUMNS) return undefined;
  const widths = Array.from({ length: count }, (_, index) => {
    const cells = [columnName(view, index), ...view.rows.map((row) => row[index] ?? '')];
    return Math.min(TABLE_CELL_WIDTH, Math.max(1, ...cells.map((cell) => displayWidth(sanitizeText(cell.slice(0, 200))))));
  });
  const total = widths.reduce((sum, w) => sum + w, 0) + COLUMN_GAP.length * (count - 1);
  return total <= TABLE_MAX_WIDTH ? widths : undefined;
}

function tableLine(cells: string[], widths: number[]): string {
  return widths
    .map((width, index) => tableCell(cells[index] ?? '', width))
    .join(COLUMN_GAP)
    .trimEnd();
}

function tableBlocks(view: FittedHuntView, widths: number[]): KnownBlock[] {
  const header = tableLine(
    widths.map((_, index) => columnName(view, index)),
    widths,
  );
  const rule = widths.map((width) => '─'.repeat(width)).join(COLUMN_GAP);
  const rows = view.rows.map((row) => tableLine(row, widths));
  // Each section holds its own code block (header repeated), within the 3,000 characters of a section.
  const room = SLACK_LIMITS.sectionText - header.length - rule.length - 12;
  return packLines(rows, room).map((chunk) => ({ type: 'section', text: mrkdwn(fenced([header, rule, chunk])) }));
}

function recordBlocks(view: FittedHuntView, firstRow: number): KnownBlock[] {
  const count = columnCount(view);
  const shownColumns = count > SLACK_LIMITS.fields ? SLACK_LIMITS.fields - 1 : count;
  return view.rows.map((row, rowIndex): KnownBlock => {
    const fields: PlainTextElement[] = Array.from({ length: shownColumns }, (_, index) =>
      plainFact({ title: columnName(view, index), value: row[index] ?? '' }, TEXT_MAX.huntColumn, TEXT_MAX.huntCell),
    );
    if (count > shownColumns) fields.push({ type: 'plain_text', text: `More: ${countText(count - shownColumns, 'more column', 'more columns')} not shown` });
    return { type: 'section', text: mrkdwn(`*Row ${firstRow + rowIndex}*`), ...(fields.length > 0 ? { fields } : {}) };
  });
}

function pageText(view: FittedHuntView): string {
  const rows = countText(view.totalRows, 'row', 'rows');
  return view.pageCount > 0 ? `Page ${view.page} of ${view.pageCount} · ${rows}` : rows;
}

export function huntBlocks(view: FittedHuntView): KnownBlock[] {
  const ids = new ActionIds();
  const notShown = view.rowsNotShown ?? 0;
  const widths = tableWidths(view);
  const rows =
    view.rows.length === 0 ? [] : widths === undefined ? recordBlocks(view, firstRowNumber(view, view.rows.length + notShown)) : tableBlocks(view, widths);
  const noRows = view.rows.length === 0 && notShown === 0 && view.error === undefined;
  return [
    { type: 'header', text: { type: 'plain_text', text: 'Advanced hunting' } },
    ...contextBlocks([...demoTexts(view.demo), pageText(view)]),
    { type: 'section', text: mrkdwn(`*Query*\n${fenced(codeLines(view.query, TEXT_MAX.huntQuery))}`) },
    ...(view.error === undefined
      ? []
      : [{ type: 'section', text: mrkdwn(`⚠️ *The query failed*: ${mrkdwnText(view.error, TEXT_MAX.error) || 'no cause given'}`) } as KnownBlock]),
    ...(noRows ? contextBlocks(['No rows on this page.']) : []),
    ...rows,
    ...(notShown > 0 ? contextBlocks([`_${moreNotShownText(notShown)} on this page_`]) : []),
    ...actionsBlocks([view.previous, view.next], ids),
  ];
}
