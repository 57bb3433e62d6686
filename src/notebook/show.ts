/**
 * Showing figures in the notebook: `await show(figure)` draws it (the live spec for JupyterLab, its SVG for static
 * viewers), `await show(figure, { save: 'name' })` also writes it to the gallery folder, and a live figure
 * redraws in place while training runs. Outside a kernel, showing does nothing and saving still writes.
 */
import { figureBundle, saveFigure } from '../plot/render';
import type { Spec } from '../plot/spec';
import { displayBundle, liveDisplay, type LiveDisplay } from './display';

/** Options of {@link show}. */
export interface ShowOptions {
  /** Also save the figure as `<save>.svg` and `.png` in the figures folder (figures/ in full mode, build/figures/ in quick mode). */
  save?: string;
}

/** Shows a figure in the notebook and, with `save`, writes it for the gallery. Returns nothing, so a cell ending in it prints no spec. */
export async function show(figure: Spec, options: ShowOptions = {}): Promise<void> {
  displayBundle(await figureBundle(figure));
  if (options.save !== undefined) await saveFigure(figure, options.save);
}

/** A figure that is redrawn in place during training: `await live.draw(figure)` every N steps. */
export interface LiveFigure {
  /** Replaces the figure shown in this figure's output area. */
  draw(figure: Spec): Promise<void>;
}

/** A {@link LiveFigure} backed by one display area. */
export function liveFigure(area: LiveDisplay = liveDisplay()): LiveFigure {
  return { draw: async (figure) => area.show(await figureBundle(figure)) };
}
