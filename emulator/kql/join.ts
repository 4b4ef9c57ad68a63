import type { JoinKey, JoinKind } from './ast';
import { semanticError, unresolvedColumn } from './errors';
import { emptyValue, isNumericType, type Column, type Table } from './types';
import { valueKey } from './values';

interface JoinOperator {
  joinKind: JoinKind;
  lookup: boolean;
  keys: JoinKey[];
}

function columnIndex(table: Table, name: string, operator: string): number {
  const index = table.columns.findIndex((c) => c.name === name);
  if (index < 0) throw unresolvedColumn(operator, name);
  return index;
}

/** Null keys never match, as in Kusto; empty strings are values and do match. */
function keyOf(row: unknown[], indexes: number[]): string | null {
  let key = '';
  for (const index of indexes) {
    const value = row[index];
    if (value === null || value === undefined) return null;
    const part = valueKey(value);
    key += indexes.length === 1 ? part : `${part.length}:${part}`;
  }
  return key;
}

/** Right-side columns whose names clash with the left get a numeric suffix (AlertId -> AlertId1), as Kusto does. */
function renameRight(left: Column[], right: Column[]): Column[] {
  const used = new Set(left.map((c) => c.name));
  return right.map((column) => {
    let name = column.name;
    for (let i = 1; used.has(name); i++) name = `${column.name}${i}`;
    used.add(name);
    return { ...column, name };
  });
}

/**
 * join / lookup. Output rows follow the left side's order; for outer kinds, unmatched right rows come last.
 * `checkSize` is called with the output size before rows are built, so a runaway cross product fails fast.
 */
export function joinTables(left: Table, right: Table, operator: JoinOperator, checkSize: (rows: number) => void): Table {
  const name = operator.lookup ? 'lookup' : 'join';
  const leftIndexes = operator.keys.map((k) => columnIndex(left, k.left, name));
  const rightIndexes = operator.keys.map((k) => columnIndex(right, k.right, name));
  leftIndexes.forEach((li, i) => {
    const lt = left.columns[li]!.type;
    const rt = right.columns[rightIndexes[i]!]!.type;
    const compatible =
      lt === rt ||
      lt === 'dynamic' ||
      rt === 'dynamic' ||
      (isNumericType(lt) && isNumericType(rt)) ||
      (lt === 'guid' && rt === 'string') ||
      (lt === 'string' && rt === 'guid');
    if (!compatible) throw semanticError(`'${name}' operator: the key '${left.columns[li]!.name}' is of type ${lt} on the left and ${rt} on the right`);
  });

  const index = new Map<string, number[]>();
  right.rows.forEach((row, i) => {
    const key = keyOf(row, rightIndexes);
    if (key === null) return;
    const list = index.get(key);
    if (list) list.push(i);
    else index.set(key, [i]);
  });

  const kind = operator.joinKind;
  if (kind === 'leftsemi' || kind === 'leftanti') {
    const wanted = kind === 'leftsemi';
    const rows = left.rows.filter((row) => {
      const key = keyOf(row, leftIndexes);
      return (key !== null && index.has(key)) === wanted;
    });
    return { columns: left.columns, rows };
  }

  const matchedRight = new Uint8Array(right.rows.length);
  let leftRows = left.rows;
  if (kind === 'innerunique') {
    const seen = new Set<string>();
    leftRows = left.rows.filter((row) => {
      const key = keyOf(row, leftIndexes);
      if (key === null || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  if (kind === 'rightsemi' || kind === 'rightanti') {
    for (const row of leftRows) {
      const key = keyOf(row, leftIndexes);
      for (const i of (key !== null && index.get(key)) || []) matchedRight[i] = 1;
    }
    const wanted = kind === 'rightsemi' ? 1 : 0;
    return { columns: right.columns, rows: right.rows.filter((_, i) => matchedRight[i] === wanted) };
  }

  // lookup does not repeat the right side's key columns.
  const rightKept = right.columns.map((_, i) => i).filter((i) => !operator.lookup || !rightIndexes.includes(i));
  const rightColumns = renameRight(
    left.columns,
    rightKept.map((i) => right.columns[i]!),
  );
  const leftNulls = left.columns.map((c) => emptyValue(c.type));
  const rightNulls = rightColumns.map((c) => emptyValue(c.type));
  const pick = (row: unknown[]) => rightKept.map((i) => row[i]);
  const keepUnmatchedLeft = kind === 'leftouter' || kind === 'fullouter';
  const emitRight = kind === 'rightouter' || kind === 'fullouter';

  let expected = 0;
  for (const row of leftRows) {
    const key = keyOf(row, leftIndexes);
    const matches = key === null ? undefined : index.get(key);
    expected += matches ? matches.length : keepUnmatchedLeft ? 1 : 0;
  }
  checkSize(expected);

  const rows: unknown[][] = [];
  for (const row of leftRows) {
    const key = keyOf(row, leftIndexes);
    const matches = key === null ? undefined : index.get(key);
    if (matches) {
      for (const i of matches) {
        matchedRight[i] = 1;
        rows.push([...row, ...pick(right.rows[i]!)]);
      }
    } else if (keepUnmatchedLeft) {
      rows.push([...row, ...rightNulls]);
    }
  }
  if (emitRight) {
    right.rows.forEach((row, i) => {
      if (matchedRight[i]) return;
      checkSize(rows.length + 1);
      rows.push([...leftNulls, ...pick(row)]);
    });
  }
  return { columns: [...left.columns, ...rightColumns], rows };
}
