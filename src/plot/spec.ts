/**
 * What a figure is: a vega-lite v5 or plain vega v5 specification, a plain JSON object. vega-lite specs are
 * compiled to vega by the library's own vega-lite, so what is rendered to SVG is what the builders wrote.
 */

/** A vega-lite v5 or vega v5 specification (plain JSON object). */
export type Spec = Record<string, unknown>;

/** The $schema of vega-lite v5 specs. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';
/** The $schema of vega v5 specs. */
export const VEGA_SCHEMA = 'https://vega.github.io/schema/vega/v5.json';

/** True for a vega-lite spec (by $schema, or by the absence of vega's `marks` when there is no $schema). */
export function isVegaLite(spec: Spec): boolean {
  const schema = typeof spec.$schema === 'string' ? spec.$schema : '';
  if (schema) return schema.includes('vega-lite');
  return !('marks' in spec);
}

/** The compiled vega spec of a vega-lite spec (vega specs pass through). */
export function toVega(spec: Spec): Spec {
  if (!isVegaLite(spec)) return spec;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const vl = require('vega-lite');
  return vl.compile({ $schema: VEGA_LITE_SCHEMA, ...spec }).spec as Spec;
}

/** A file-name slug of a label: '8 Gaussians' -> '8-gaussians' (for saved figure names). */
export function slug(label: string): string {
  return label.toLowerCase().normalize('NFKD').replace(/[^\w.]+/g, '-').replace(/^-+|-+$/g, '');
}

/** The `title` of a figure from a title and a subtitle (nothing when both are absent). */
export function heading(o: { title?: string; subtitle?: string | string[] }): Spec {
  return o.title || o.subtitle ? { title: { text: o.title ?? '', ...(o.subtitle ? { subtitle: o.subtitle } : {}) } } : {};
}
