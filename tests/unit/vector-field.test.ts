import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vectorField } from '../../src/plot/vector-field';
import { renderSVG } from '../../src/plot/render';

test('vectorField draws one arrow per non-zero vector, unit length times the spacing, paths in the order of their points', async () => {
  // v(x, y) = (-y, x): a rotation; the vector at the origin is zero and draws no arrow.
  const xs3 = [-1, 0, 1];
  const u: number[] = [];
  const v: number[] = [];
  for (const y of xs3) for (const x of xs3) { u.push(-y); v.push(x); }
  const path = { x: [1, 0, -1, 0], y: [0, 1, 0, -1] };
  const spec = vectorField([{ title: 'rotation', field: { x: xs3, y: xs3, u, v }, paths: { training: path } }], { x: 'θ', y: 'ψ', arrowLength: 0.5 });
  const rows = (spec.data as { values: Record<string, number | string>[] }).values;
  const arrows = rows.filter((r) => r.kind === 'arrow');
  assert.equal(arrows.length, 8);
  for (const a of arrows) assert.ok(Math.abs(Math.hypot(+a.x2 - +a.x, +a.y2 - +a.y) - 0.5) < 1e-12, 'arrow length = 0.5 x spacing 1');
  const right = arrows.find((a) => a.x === 1 && a.y === 0)!;
  assert.deepEqual([right.x2, right.y2], [1, 0.5], 'at (1, 0) the rotation points up');
  assert.deepEqual(rows.filter((r) => r.kind === 'path').map((r) => r.k), [0, 1, 2, 3]);
  assert.ok(JSON.stringify(spec).includes('"order":{"field":"k"'), 'the path is drawn in point order, not sorted by x');
  const svg = await renderSVG(spec);
  for (const s of ['rotation', 'training', 'θ', 'ψ']) assert.ok(svg.includes(`>${s}<`), `the SVG shows "${s}"`);
  assert.throws(() => vectorField([{ title: 'bad', field: { x: xs3, y: xs3, u: [1], v: [1] } }]), /needs 9 vectors/);
});
