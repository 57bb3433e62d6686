/**
 * Images as figures: a batch of small greyscale images (generated digits, real digits) tiled into one picture per
 * panel, and panels side by side, e.g. the same latent vectors at several training steps. Each panel's tile is a
 * PNG (encoded with pngjs) drawn by vega's image mark, so the SVG stays small (a few kilobytes per 64 digits) and
 * JupyterLab draws the same spec. The theme decides the look: dark ink on white paper, light gaps between images.
 */
import { PNG } from 'pngjs';
import { fail, integer } from '../validate';
import { heading, type Spec } from './spec';
import { theme } from './theme';

/** How a batch of images is tiled. */
export interface TileOptions {
  /** The size of one image in pixels. */
  height: number;
  width: number;
  /** Images per row of the tile (default: ceil(sqrt(n)), a square). */
  perRow?: number;
  /** The pixel values that map to paper and to full ink (default [-1, 1], a tanh generator's range). */
  range?: [number, number];
  /** Draw at most this many images (default all). */
  maxImages?: number;
}

/** The tile's layout for n images: images drawn, rows and columns, and the PNG's size (1-pixel gaps between images). */
function layout(n: number, o: TileOptions): { count: number; perRow: number; rows: number; pngWidth: number; pngHeight: number } {
  const count = Math.min(n, o.maxImages ?? n);
  const perRow = o.perRow ?? Math.ceil(Math.sqrt(count));
  const rows = Math.ceil(count / perRow);
  return { count, perRow, rows, pngWidth: perRow * (o.width + 1) + 1, pngHeight: rows * (o.height + 1) + 1 };
}

/**
 * Tiles images (flat rows, `height * width` values each, row-major) into one greyscale PNG: ink = (v - lo) / (hi - lo)
 * clipped to [0, 1], drawn as the theme's ink on its paper, with 1-pixel gaps. Returns the PNG's bytes.
 */
export function imageTilePng(images: ArrayLike<number>, o: TileOptions): Uint8Array {
  const fn = 'imageTilePng';
  const h = integer(fn, 'height', o.height);
  const w = integer(fn, 'width', o.width);
  if (!images || typeof images.length !== 'number' || images.length === 0 || images.length % (h * w) !== 0) {
    fail(fn, 'images', `flat rows of ${h} x ${w} = ${h * w} values each (a non-empty multiple of ${h * w})`, images);
  }
  const [lo, hi] = o.range ?? [-1, 1];
  if (!(hi > lo)) fail(fn, 'range', '[paper, ink] with ink > paper', o.range);
  const { count, perRow, pngWidth, pngHeight } = layout(images.length / (h * w), o);
  const { paper, ink, gap } = theme.images;
  const png = new PNG({ width: pngWidth, height: pngHeight, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  png.data = Buffer.alloc(pngWidth * pngHeight, gap);
  for (let k = 0; k < count; k++) {
    const top = 1 + Math.floor(k / perRow) * (h + 1);
    const left = 1 + (k % perRow) * (w + 1);
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        const t = Math.min(1, Math.max(0, (images[k * h * w + i * w + j] - lo) / (hi - lo)));
        png.data[(top + i) * pngWidth + left + j] = Math.round(paper + t * (ink - paper));
      }
    }
  }
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
}

/** One panel of an {@link imageGrid}: a heading and its images (flat rows). */
export interface ImagePanel {
  title: string;
  images: ArrayLike<number>;
}

/** Options of {@link imageGrid}: the tiling, and the figure's layout. */
export interface ImageGridOptions extends TileOptions {
  title?: string;
  subtitle?: string | string[];
  /** Panels per row (default 4). */
  columns?: number;
  /** Screen pixels per image pixel (default 2). */
  scale?: number;
}

/**
 * Panels of tiled images: `imageGrid(snapshots.map((s) => ({ title: `step ${s.step}`, images: s.samples })), { height: 28, width: 28 })`.
 * Panels keep the order given and share the tiling, so the same position shows the same latent vector in every panel.
 */
export function imageGrid(panels: ImagePanel[], o: ImageGridOptions): Spec {
  if (!Array.isArray(panels) || panels.length === 0) throw new RangeError("imageGrid: argument 'panels' must be a non-empty array of { title, images }");
  const scale = o.scale ?? 2;
  const parts = panels.map((p) => {
    const { pngWidth, pngHeight } = layout(p.images.length / (o.height * o.width), o);
    const url = `data:image/png;base64,${Buffer.from(imageTilePng(p.images, o)).toString('base64')}`;
    const [width, height] = [pngWidth * scale, pngHeight * scale];
    return {
      title: { text: p.title, fontSize: 11, fontWeight: 'normal' },
      width, height,
      data: { values: [{ url }] },
      mark: { type: 'image', width, height, align: 'left', baseline: 'top', smooth: false, aspect: false, aria: false }, // no aria-label: it would repeat the data URL
      encoding: { x: { value: 0 }, y: { value: 0 }, url: { field: 'url', type: 'nominal' } },
    };
  });
  return { ...heading(o), concat: parts, columns: Math.min(o.columns ?? 4, panels.length), config: { view: { stroke: null } } };
}
