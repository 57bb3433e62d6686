/**
 * A table drawn as a figure: one text column per field, headers on top, so a results table can be shown like
 * any figure and saved to the gallery as SVG.
 */
import type { Spec } from './spec';

/** A row of a table: one value per column. */
export type Row = Record<string, number | string | boolean | null>;

/** Options of {@link tableFigure}. */
export interface TableFigureOptions {
  title?: string;
  /** Pixels per row (default 18). */
  rowHeight?: number;
}

/**
 * A table drawn as a figure: one text column per field, headers on top, so a results table can be shown like
 * any figure and saved to the gallery as SVG with `saveFigure`. Cells are printed as given (format numbers first).
 */
export function tableFigure(data: Row[], columns: string[] = Object.keys(data[0] ?? {}), o: TableFigureOptions = {}): Spec {
  if (!Array.isArray(data) || data.length === 0) throw new RangeError('tableFigure: argument \'data\' must be a non-empty array of rows');
  const missing = columns.filter((c) => !data.some((r) => c in r));
  if (missing.length) throw new RangeError(`tableFigure: column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `'${c}'`).join(', ')} not in any row (rows have ${Object.keys(data[0]).join(', ')})`);
  const rowHeight = o.rowHeight ?? 18;
  const text = (v: Row[string] | undefined) => (v === null || v === undefined ? '' : String(v));
  // Field names such as 'a.b' or 'x [%]' mean paths to vega-lite, so each column gets a plain key.
  const values = data.map((r, i) => Object.fromEntries([['row', i], ...columns.map((c, j) => [`c${j}`, text(r[c])])]));
  const width = (c: string, j: number) => 10 + 6.5 * Math.max(c.length, ...values.map((v) => (v[`c${j}`] as string).length));
  return {
    ...(o.title ? { title: o.title } : {}),
    data: { values },
    spacing: 4,
    hconcat: columns.map((c, j) => ({
      width: width(c, j),
      height: rowHeight * data.length,
      title: { text: c, anchor: 'start', fontSize: 11, fontWeight: 'bold' },
      mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: 11 },
      encoding: {
        y: { field: 'row', type: 'ordinal', axis: null },
        x: { value: 0 },
        text: { field: `c${j}`, type: 'nominal' },
      },
    })),
    config: { view: { stroke: null } },
  };
}
