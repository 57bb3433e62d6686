/**
 * Figures a student can move: one figure drawn for every value of one or more controls (a slider, a drop-down), all
 * views computed in advance and put into one spec, where a parameter bound to the control picks the view that shows.
 * JupyterLab's vega renderer binds parameters to inputs also in an untrusted notebook; the kernel never hears of the
 * control (nothing runs when it moves), which is why every view is drawn beforehand. The static SVG and PNG show the
 * controls' initial values.
 *
 *   await show(interactive({ gap: slider(GAPS, { initial: 4, label: 'gap θ' }) }, ({ gap }) => pairFigure(gap)));
 *
 * The builder is called once per combination of values and must draw the same figure each time, with other data:
 * every view's inline data rows are kept, tagged with the view's index, behind a filter on the view the controls
 * select (rows that all views start with, such as a curve the controls do not move, are kept once). Titles that change become expressions, scale domains that change become expressions, facet sort orders are
 * merged; any other difference between the views (a different number of layers, another axis title) is an error
 * naming where the views differ.
 */
import { fail } from '../validate';
import { isVegaLite, type Spec } from './spec';

/** A control: the values it offers, its initial value, its label. */
export interface Control<V extends number | string = number | string> {
  kind: 'slider' | 'select';
  values: readonly V[];
  initial: V;
  /** The text beside the control (default: its name). */
  label?: string;
  /** For a select: the text of each option (default: the values). */
  labels?: readonly string[];
}

/** Options of {@link slider}. */
export interface SliderOptions {
  /** The value shown first (and in the static SVG); default the first. */
  initial?: number;
  /** The text beside the slider. */
  label?: string;
}

/**
 * A slider over increasing numbers: evenly spaced values slide by their spacing, others by their index (the slider
 * then shows the index, and the figure should say the value, e.g. in its title).
 */
export function slider(values: readonly number[], o: SliderOptions = {}): Control<number> {
  const fn = 'slider';
  if (!Array.isArray(values) || values.length < 2) fail(fn, 'values', 'an array of at least 2 numbers', values);
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) fail(fn, `values[${i}]`, 'a finite number', v);
    if (i > 0 && !(v > values[i - 1])) fail(fn, 'values', 'increasing numbers', values);
  });
  const initial = o.initial ?? values[0];
  if (!values.includes(initial)) fail(fn, 'initial', `one of the values ${JSON.stringify(values)}`, initial);
  return { kind: 'slider', values, initial, label: o.label };
}

/** Options of {@link select}. */
export interface SelectOptions<V> {
  initial?: V;
  label?: string;
  /** The text of each option (default: the values). */
  labels?: readonly string[];
}

/** A drop-down over distinct values (strings or numbers). */
export function select<V extends number | string>(values: readonly V[], o: SelectOptions<V> = {}): Control<V> {
  const fn = 'select';
  if (!Array.isArray(values) || values.length < 2) fail(fn, 'values', 'an array of at least 2 values', values);
  if (new Set(values.map(String)).size !== values.length) fail(fn, 'values', 'distinct values', values);
  if (o.labels && o.labels.length !== values.length) fail(fn, 'labels', `${values.length} labels, one per value`, o.labels);
  const initial = o.initial ?? values[0];
  if (!values.includes(initial)) fail(fn, 'initial', `one of the values ${JSON.stringify(values)}`, initial);
  return { kind: 'select', values, initial, label: o.label, labels: o.labels };
}

/** The values of a set of controls, by name. */
export type ControlValues<C extends Record<string, Control>> = { [K in keyof C]: C[K]['initial'] };

/** The name of the parameter that holds the index of the view the controls select, and of the data field that tags each row with its view. */
export const VIEW_FIELD = 'view_';

const evenlySpaced = (v: readonly number[]) => v.every((x, i) => i === 0 || Math.abs(x - v[i - 1] - (v[1] - v[0])) <= 1e-9 * Math.max(1, Math.abs(x)));

/** The vega-lite parameter of a control, bound to its input. */
function controlParam(name: string, c: Control): Spec {
  const label = `${c.label ?? name} `;
  if (c.kind === 'select') {
    return { name, value: c.initial, bind: { input: 'select', options: [...c.values], ...(c.labels ? { labels: [...c.labels] } : {}), name: label } };
  }
  const v = c.values as readonly number[];
  if (evenlySpaced(v)) {
    return { name, value: c.initial, bind: { input: 'range', min: v[0], max: v[v.length - 1], step: +(v[1] - v[0]).toPrecision(12), name: label } };
  }
  return { name, value: v.indexOf(c.initial as number), bind: { input: 'range', min: 0, max: v.length - 1, step: 1, name: `${c.label ?? name} (index) ` } };
}

/** A vega expression for the index of the control's current value among its values. */
function indexExpression(name: string, c: Control): string {
  if (c.kind === 'select') return `indexof(${JSON.stringify(c.values.map(String))}, '' + ${name})`;
  const v = c.values as readonly number[];
  if (!evenlySpaced(v)) return `clamp(round(${name}), 0, ${v.length - 1})`;
  // The nearest value: count the midpoints at or below the slider's value.
  return v.slice(1).map((x, i) => `(${name} >= ${(v[i] + x) / 2} ? 1 : 0)`).join(' + ');
}

const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const isView = (o: Record<string, unknown>) => ['data', 'layer', 'mark', 'hconcat', 'vconcat', 'concat', 'facet', 'spec', 'repeat'].some((k) => k in o);
const pick = (values: readonly unknown[]) => ({ expr: `${JSON.stringify(values)}[${VIEW_FIELD}]` });

/** Merges the same position of every view into one node; `where` names the position for errors. */
function merge(nodes: unknown[], where: string, key: string, parentIsView: boolean): unknown {
  if (nodes.every((n) => same(n, nodes[0]))) return nodes[0];
  const first = nodes[0];
  // A title's text (a view's title, or the text of its title object) follows the controls.
  if ((key === 'title' && parentIsView && nodes.every((n) => typeof n === 'string')) || (key === 'text' && where.endsWith('.title.text') && nodes.every((n) => typeof n === 'string'))) {
    return pick(nodes);
  }
  if (key === 'domain' && where.includes('.scale') && Array.isArray(first) && nodes.every((n) => Array.isArray(n) && n.length === first.length)) {
    return first.map((_, i) => (nodes.every((n) => same((n as unknown[])[i], first[i])) ? first[i] : pick(nodes.map((n) => (n as unknown[])[i]))));
  }
  if (key === 'sort' && nodes.every((n) => Array.isArray(n))) {
    return [...new Set(nodes.flatMap((n) => n as unknown[]).map((x) => JSON.stringify(x)))].map((x) => JSON.parse(x));
  }
  if (Array.isArray(first)) {
    if (!nodes.every((n) => Array.isArray(n) && n.length === first.length)) {
      throw new RangeError(`interactive: the views differ in the length of ${where} (${nodes.map((n) => (Array.isArray(n) ? n.length : typeof n)).join(', ')}): draw the same figure for every value, with other data`);
    }
    return first.map((_, i) => merge(nodes.map((n) => (n as unknown[])[i]), `${where}[${i}]`, key, false));
  }
  if (isPlainObject(first)) {
    if (!nodes.every(isPlainObject)) throw new RangeError(`interactive: the views differ at ${where}: an object in one, not in another`);
    const objects = nodes as Record<string, unknown>[];
    const view = isView(first);
    const out: Record<string, unknown> = {};
    const keys = [...new Set(objects.flatMap((o) => Object.keys(o)))];
    for (const k of keys) {
      if (!objects.every((o) => k in o)) throw new RangeError(`interactive: the views differ at ${where}.${k}: present in some views only`);
      if (k === 'data' && view) {
        const data = objects.map((o) => o.data as { values?: unknown });
        if (data.every((d) => isPlainObject(d) && Array.isArray(d.values)) && !data.every((d) => same(d, data[0]))) {
          // Rows every view starts with (curves the controls do not move) are kept once, tagged -1; the rest once per view.
          const rows = data.map((d) => (d.values as Record<string, unknown>[]).map((row) => JSON.stringify(row)));
          let shared = 0;
          while (shared < rows[0].length && rows.every((r) => r.length > shared && r[shared] === rows[0][shared])) shared++;
          const values = [
            ...(data[0].values as Record<string, unknown>[]).slice(0, shared).map((row) => ({ ...row, [VIEW_FIELD]: -1 })),
            ...data.flatMap((d, v) => (d.values as Record<string, unknown>[]).slice(shared).map((row) => ({ ...row, [VIEW_FIELD]: v }))),
          ];
          out.data = { ...data[0], values };
          out.transform = [{ filter: `datum.${VIEW_FIELD} < 0 || datum.${VIEW_FIELD} == ${VIEW_FIELD}` }, ...((out.transform as unknown[]) ?? [])];
          continue;
        }
      }
      if (k === 'transform' && 'transform' in out) {
        out.transform = [...(out.transform as unknown[]), ...(merge(objects.map((o) => o.transform), `${where}.transform`, k, view) as unknown[])];
        continue;
      }
      out[k] = merge(objects.map((o) => o[k]), `${where}.${k}`, k, view);
    }
    return out;
  }
  throw new RangeError(`interactive: the views differ at ${where} (${nodes.slice(0, 3).map((n) => JSON.stringify(n)).join(', ')}${nodes.length > 3 ? ', ...' : ''}): ` +
    'only data, titles and scale domains may change with the controls; put what changes into the data or the title');
}

/**
 * One figure with controls: `build` draws the figure for one value of each control (called for every combination, in
 * advance), and the controls pick the view that shows. Takes vega-lite figures (the figure vocabulary's builders).
 */
export function interactive<C extends Record<string, Control>>(controls: C, build: (values: ControlValues<C>) => Spec): Spec {
  const fn = 'interactive';
  const names = Object.keys(controls);
  if (names.length === 0) fail(fn, 'controls', 'at least one control, e.g. { gap: slider([0, 1, 2]) }', controls);
  for (const n of names) {
    if (!/^[A-Za-z_$][\w$]*$/.test(n) || n === VIEW_FIELD || ['datum', 'event', 'item', 'parent'].includes(n)) fail(fn, 'controls', `names that are JavaScript identifiers other than ${VIEW_FIELD}, datum, event, item, parent`, n);
    const c = controls[n];
    if (!c || (c.kind !== 'slider' && c.kind !== 'select')) fail(fn, `controls.${n}`, 'a control made by slider(...) or select(...)', c);
  }
  // Views in mixed-radix order: the last control varies fastest.
  const sizes = names.map((n) => controls[n].values.length);
  const strides = sizes.map((_, i) => sizes.slice(i + 1).reduce((a, b) => a * b, 1));
  const count = sizes.reduce((a, b) => a * b, 1);
  const views: Spec[] = [];
  for (let k = 0; k < count; k++) {
    const values = Object.fromEntries(names.map((n, i) => [n, controls[n].values[Math.floor(k / strides[i]) % sizes[i]]])) as ControlValues<C>;
    const view = build(values);
    if (!isVegaLite(view)) fail(fn, 'build', 'a function returning a vega-lite figure (the figure vocabulary\'s builders)', 'a vega spec');
    views.push(view);
  }
  const merged = merge(views, 'figure', '', true) as Spec;
  const viewIndex = names.map((n, i) => `(${indexExpression(n, controls[n])}) * ${strides[i]}`).join(' + ');
  // The initial view's title, for what names the figure outside a renderer (the text/plain line, the gallery).
  const initial = names.reduce((k, n, i) => k + (controls[n].values as readonly (number | string)[]).indexOf(controls[n].initial) * strides[i], 0);
  const title = views[initial].title as string | { text?: unknown } | undefined;
  const initialTitle = typeof title === 'string' ? title : typeof title?.text === 'string' ? title.text : undefined;
  return {
    ...merged,
    ...(initialTitle !== undefined ? { usermeta: { ...(merged.usermeta as object), title: initialTitle } } : {}),
    params: [...((merged.params as unknown[]) ?? []), ...names.map((n) => controlParam(n, controls[n])), { name: VIEW_FIELD, expr: viewIndex }],
  };
}
