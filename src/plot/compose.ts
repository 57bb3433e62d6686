/**
 * Putting figures together: side by side, stacked, or in a grid, under one title. Each part keeps its own
 * data and scales; colour legends stay separate.
 */
import { heading, type Spec } from './spec';

/** Options of the composers. */
export interface ComposeOptions {
  title?: string;
  subtitle?: string | string[];
  /** For {@link grid}: figures per row (default 3). */
  columns?: number;
}

/** A part without the keys only a top-level figure may carry. */
function part(f: Spec): Spec {
  const { $schema, config, ...rest } = f;
  void $schema;
  void config;
  return rest;
}

const independent = { scale: { color: 'independent', strokeDash: 'independent', shape: 'independent', opacity: 'independent' } };

/** Figures side by side. */
export function beside(figures: Spec[], o: ComposeOptions = {}): Spec {
  return { ...heading(o), hconcat: figures.map(part), resolve: independent };
}

/** Figures one under another. */
export function stack(figures: Spec[], o: ComposeOptions = {}): Spec {
  return { ...heading(o), vconcat: figures.map(part), resolve: independent };
}

/** Figures in rows of `columns`. */
export function grid(figures: Spec[], o: ComposeOptions = {}): Spec {
  return { ...heading(o), concat: figures.map(part), columns: o.columns ?? 3, resolve: independent };
}
