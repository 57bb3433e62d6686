/**
 * Output to the notebook through the tslab kernel. Outside a kernel (unit tests, scripts) display calls
 * do nothing and return false, so library code can call them unconditionally.
 */

/** A MIME bundle: one output shown by the richest renderer the front end has (JupyterLab, nbconvert, ...). */
export type MimeBundle = Record<string, unknown>;

interface TslabJupyter {
  lastWriteDisplayData: ((data: { data: MimeBundle; metadata: object; transient: object }, update: boolean) => void) | null;
}
interface TslabDisplay {
  text(s: string): void;
  html(s: string): void;
}
interface TslabModule {
  display: TslabDisplay;
  newDisplay(): TslabDisplay;
}

function tslabJupyter(): TslabJupyter | null {
  try {
    // tslab keeps the current cell's display writer in this module (tslab 1.0.22, pinned in package.json).
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const j = require('tslab/dist/jupyter') as TslabJupyter;
    return j.lastWriteDisplayData ? j : null;
  } catch {
    return null;
  }
}

/** True when running inside a tslab kernel that can display outputs. */
export function inKernel(): boolean {
  return tslabJupyter() !== null;
}

let counter = 0;

/** Options of {@link displayBundle}. */
export interface DisplayOptions {
  /** The output's metadata, by MIME type (e.g. embed options for JupyterLab's vega renderer). */
  metadata?: Record<string, unknown>;
  /** An id: a later call with the same id and `update` replaces this output in place. */
  displayId?: string;
  /** Replace the output shown under `displayId` instead of adding one. */
  update?: boolean;
}

/**
 * Displays one output carrying several MIME types at once (e.g. a vega spec for JupyterLab plus an SVG for static
 * exports). Returns false outside a kernel.
 */
export function displayBundle(bundle: MimeBundle, options: DisplayOptions = {}): boolean {
  const j = tslabJupyter();
  if (!j) return false;
  const { metadata = {}, displayId, update = false } = options;
  j.lastWriteDisplayData!({ data: bundle, metadata, transient: displayId ? { display_id: displayId } : {} }, update);
  return true;
}

/** A display area that each `show` overwrites: for live progress lines and refreshed plots. */
export interface LiveDisplay {
  /** Replaces the area's content with this bundle (and its metadata, by MIME type). */
  show(bundle: MimeBundle, metadata?: Record<string, unknown>): void;
}

/** A new {@link LiveDisplay}; outside a kernel its `show` does nothing. */
export function liveDisplay(): LiveDisplay {
  const id = `wgan-lab-${process.pid}-${++counter}-${Date.now()}`;
  let shown = false;
  return {
    show(bundle, metadata) {
      if (displayBundle(bundle, { metadata, displayId: id, update: shown })) shown = true;
    },
  };
}
