/**
 * Showing figures in the notebook: `await show(figure)` draws it (the compiled vega spec for JupyterLab, its PNG and
 * SVG for static viewers: see figureOutput), `await show(figure, { save: 'name' })` also writes it to the gallery
 * folder, and a live figure redraws in place while training runs. Outside a kernel, showing does nothing and saving still writes.
 */
import { figureOutput, figureTitle, hasControls, saveFigure, VEGA_MIME } from '../plot/render';
import type { Spec } from '../plot/spec';
import { displayBundle, liveDisplay, type LiveDisplay } from './display';
import { checkGalleryEntry, noteSavedFigure, type GalleryEntry } from './gallery';

/** Options of {@link show}. */
export interface ShowOptions {
  /** Also save the figure as `<save>.svg` and `.png` in the figures folder (figures/ in full mode, build/figures/ in quick mode). */
  save?: string;
  /** With `save`: which paper figure it reproduces, the claim, the checks that test it, the status (see gallery.ts), for the gallery's manifest. */
  gallery?: GalleryEntry;
}

/** Shows a figure in the notebook and, with `save`, writes it for the gallery. Returns nothing, so a cell ending in it prints no spec. */
export async function show(figure: Spec, options: ShowOptions = {}): Promise<void> {
  if (options.gallery !== undefined && options.save === undefined) throw new RangeError("show: option 'gallery' describes a saved figure: give 'save' too");
  if (options.gallery !== undefined) checkGalleryEntry(options.save!, options.gallery);
  const output = await figureOutput(figure);
  displayBundle(output.data, { metadata: output.metadata });
  if (options.save !== undefined) {
    const svg = output.data['image/svg+xml'] as string;
    await saveFigure(figure, options.save, svg);
    noteSavedFigure(options.save, svg, { title: figureTitle(figure), interactive: hasControls(output.data[VEGA_MIME]), entry: options.gallery });
  }
}

/** A figure that is redrawn in place during training: `await live.draw(figure)` every N steps. */
export interface LiveFigure {
  /** Replaces the figure shown in this figure's output area. */
  draw(figure: Spec): Promise<void>;
}

/** A {@link LiveFigure} backed by one display area. */
export function liveFigure(area: LiveDisplay = liveDisplay()): LiveFigure {
  return {
    draw: async (figure) => {
      const output = await figureOutput(figure);
      area.show(output.data, output.metadata);
    },
  };
}
