/**
 * Exact optimal transport between two discrete distributions (histograms) a (n bins) and b (m bins) with a
 * cost matrix M (n x m): the linear programme
 *   min_P <P, M> = sum_ij P_ij M_ij  subject to  P >= 0, P 1 = a, P^T 1 = b
 * (Kantorovich 1942), and its dual max sum_i a_i u_i + sum_j b_j v_j subject to u_i + v_j <= M_ij.
 * Solved by the primal network simplex on the bipartite transport network (Dantzig 1951; Ahuja, Magnanti
 * & Orlin 1993, Network Flows, ch. 11; laid out like LEMON's NetworkSimplex, which POT's `emd` uses):
 * an artificial root with big-M arcs gives the first basis, block search pricing chooses the entering arc,
 * and Cunningham's strongly feasible spanning trees (leaving-arc rule below) prevent cycling on the many
 * degenerate pivots transport problems have.
 */
import { fail, finiteArray, integer, nonNegative } from '../validate';
import { marginalError } from './plan';

/** An optimal plan with its cost and an optimal dual pair (a certificate of optimality). */
export interface ExactTransport {
  /** The optimal cost <P, M> = sum_ij P_ij M_ij, in the units of M. */
  cost: number;
  /** The optimal plan: plan[i][j] is the mass moved from bin i of a to bin j of b; rows sum to a, columns to b. */
  plan: Float64Array[];
  /**
   * Dual potentials: u_i + v_j <= M_ij for all i, j, with equality where plan[i][j] > 0, and
   * sum_i a_i u_i + sum_j b_j v_j = cost (strong duality). Unique at most up to u + c, v - c; here shifted so
   * that the two sums are equal.
   */
  u: Float64Array;
  /** Dual potentials of b's bins; see {@link ExactTransport.u}. */
  v: Float64Array;
  /** Number of simplex pivots. */
  pivots: number;
  /**
   * max(|P 1 - a|, |P^T 1 - b|), the largest absolute error of the plan's marginals against the given a and b
   * (see {@link marginalError}): rounding level, plus the rescaling of b when sum(b) differs from sum(a).
   */
  marginalError: number;
}

/** Options of {@link exactTransport}. */
export interface ExactTransportOptions {
  /** Largest relative difference allowed between sum(a) and sum(b) (default 1e-6); b is rescaled to sum(a). */
  massTolerance?: number;
  /** Most simplex pivots before giving up with an error (default 100 n m + 10^5). */
  maxPivots?: number;
}

/**
 * The exact optimal transport plan between histograms a (n) and b (m) for the cost matrix M (n rows of m
 * numbers): min <P, M> over P >= 0 with row sums a and column sums b (the earth mover's distance when M is a
 * distance; POT's `emd`/`emd2`). Masses must be >= 0 with equal totals (b is rescaled to sum(a) within
 * `massTolerance`). Network simplex; a 400 x 400 problem takes tens of milliseconds.
 */
export function exactTransport(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  M: ArrayLike<ArrayLike<number>>,
  options: ExactTransportOptions = {},
): ExactTransport {
  const fn = 'exactTransport';
  finiteArray(fn, 'a', a);
  finiteArray(fn, 'b', b);
  const n = a.length;
  const m = b.length;
  const massTolerance = nonNegative(fn, 'options.massTolerance', options.massTolerance ?? 1e-6);
  const maxPivots = integer(fn, 'options.maxPivots', options.maxPivots ?? 100 * n * m + 100000, 1);
  const sumA = totalMass(fn, 'a', a);
  const sumB = totalMass(fn, 'b', b);
  if (Math.abs(sumA - sumB) > massTolerance * Math.max(sumA, sumB)) {
    throw new RangeError(
      `${fn}: arguments 'a' and 'b' must have equal total masses (relative tolerance ${massTolerance}), ` +
        `got sum(a) = ${sumA} and sum(b) = ${sumB}`,
    );
  }
  if (M === null || typeof M !== 'object' || typeof (M as ArrayLike<unknown>).length !== 'number' || M.length !== n) {
    fail(fn, 'M', `an array of ${n} rows (the length of 'a') of ${m} numbers (the length of 'b')`, M);
  }
  for (let i = 0; i < n; i++) {
    const row = M[i];
    if (row === null || typeof row !== 'object' || row.length !== m) {
      throw new RangeError(
        `${fn}: argument 'M' must have rows of ${m} numbers (the length of 'b'), but M[${i}] is ${describeRow(row)}`,
      );
    }
    for (let j = 0; j < m; j++) {
      const x = row[j];
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        throw new RangeError(`${fn}: argument 'M' must hold finite numbers, but M[${i}][${j}] is ${x}`);
      }
    }
  }

  // Bins without mass take no part in the problem; they get their duals at the end.
  const rows: number[] = [];
  const cols: number[] = [];
  for (let i = 0; i < n; i++) if (a[i] > 0) rows.push(i);
  for (let j = 0; j < m; j++) if (b[j] > 0) cols.push(j);
  const nr = rows.length;
  const nc = cols.length;
  const supply = Float64Array.from(rows, (i) => a[i]);
  const demand = Float64Array.from(cols, (j) => (b[j] * sumA) / sumB);
  // Shifting all costs by min(M) changes every plan's cost by the same min(M) sum(a): same optimal plans.
  let minCost = Infinity;
  for (const i of rows) for (const j of cols) minCost = Math.min(minCost, M[i][j]);
  const cost = new Float64Array(nr * nc);
  for (let r = 0; r < nr; r++) for (let c = 0; c < nc; c++) cost[r * nc + c] = M[rows[r]][cols[c]] - minCost;

  const solved = networkSimplex(supply, demand, cost, maxPivots);

  const plan = Array.from({ length: n }, () => new Float64Array(m));
  let total = 0;
  for (let r = 0; r < nr; r++) {
    for (let c = 0; c < nc; c++) {
      const f = solved.flow[r * nc + c];
      if (f > 0) {
        plan[rows[r]][cols[c]] = f;
        total += f * M[rows[r]][cols[c]];
      }
    }
  }
  // Duals of the shifted problem, shifted back (u + min M keeps u_i + v_j <= M_ij), then balanced.
  const u = new Float64Array(n).fill(NaN);
  const v = new Float64Array(m).fill(NaN);
  rows.forEach((i, r) => (u[i] = -solved.potential[r] + minCost));
  cols.forEach((j, c) => (v[j] = solved.potential[nr + c]));
  let au = 0;
  let bv = 0;
  rows.forEach((i) => (au += a[i] * u[i]));
  cols.forEach((j) => (bv += b[j] * v[j]));
  const shift = (au - (bv * sumA) / sumB) / (2 * sumA);
  rows.forEach((i) => (u[i] -= shift));
  cols.forEach((j) => (v[j] += shift));
  // A bin without mass takes the largest dual the constraints allow (its c-transform).
  for (let i = 0; i < n; i++) {
    if (a[i] > 0) continue;
    let best = Infinity;
    for (const j of cols) best = Math.min(best, M[i][j] - v[j]);
    u[i] = best;
  }
  for (let j = 0; j < m; j++) {
    if (b[j] > 0) continue;
    let best = Infinity;
    for (let i = 0; i < n; i++) best = Math.min(best, M[i][j] - u[i]);
    v[j] = best;
  }
  return { cost: total, plan, u, v, pivots: solved.pivots, marginalError: marginalError(plan, a, b) };
}

function totalMass(fn: string, name: string, x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < 0) throw new RangeError(`${fn}: argument '${name}' must hold masses >= 0, but ${name}[${i}] is ${x[i]}`);
    s += x[i];
  }
  if (!(s > 0) || !Number.isFinite(s)) fail(fn, name, 'masses with a positive, finite sum', s);
  return s;
}

function describeRow(row: unknown): string {
  if (row === null || row === undefined) return String(row);
  const len = (row as ArrayLike<unknown>).length;
  return typeof len === 'number' ? `of length ${len}` : typeof row;
}

/** The network simplex's answer: flows on the n m transport arcs (row-major) and node potentials. */
interface SimplexSolution {
  flow: Float64Array;
  /** pi of the n + m nodes; reduced cost of arc i -> j is M_ij + pi_i - pi_j. */
  potential: Float64Array;
  pivots: number;
}

/**
 * Primal network simplex for the balanced transport problem with supplies (n), demands (m) and costs
 * (n m, row-major, >= 0). Nodes 0..n-1 are the supplies, n..n+m-1 the demands, n+m an artificial root.
 * Arc e < n m goes from supply floor(e/m) to demand n + e mod m; arc n m + k joins node k and the root
 * (k -> root for a supply, cost 0; root -> k for a demand, big cost), so the first basis is the star at the
 * root, strongly feasible. Flows are uncapacitated, so every non-tree arc sits at flow 0.
 */
function networkSimplex(supply: Float64Array, demand: Float64Array, cost: Float64Array, maxPivots: number): SimplexSolution {
  const n = supply.length;
  const m = demand.length;
  const nodes = n + m;
  const root = nodes;
  const nArcs = n * m;
  const allArcs = nArcs + nodes;
  const src = new Int32Array(allArcs);
  const tgt = new Int32Array(allArcs);
  const c = new Float64Array(allArcs);
  const flow = new Float64Array(allArcs);
  const inTree = new Uint8Array(allArcs);
  let maxCost = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const e = i * m + j;
      src[e] = i;
      tgt[e] = n + j;
      c[e] = cost[e];
      if (cost[e] > maxCost) maxCost = cost[e];
    }
  }
  // Big-M: dearer than any path of real arcs, so artificial arcs end with no flow (LEMON's choice).
  const artificialCost = (maxCost + 1) * (nodes + 1);

  // The spanning tree: parent, the arc to it (pred), whether that arc points up (node -> parent), depth,
  // potentials, and each node's tree arcs (to re-hang a subtree after a pivot).
  const parent = new Int32Array(nodes + 1);
  const pred = new Int32Array(nodes + 1);
  const up = new Uint8Array(nodes + 1);
  const depth = new Int32Array(nodes + 1);
  const pi = new Float64Array(nodes + 1);
  const treeArcs: number[][] = Array.from({ length: nodes + 1 }, () => []);
  parent[root] = -1;
  pred[root] = -1;
  for (let k = 0; k < nodes; k++) {
    const e = nArcs + k;
    parent[k] = root;
    pred[k] = e;
    depth[k] = 1;
    inTree[e] = 1;
    treeArcs[k].push(e);
    treeArcs[root].push(e);
    if (k < n) {
      src[e] = k;
      tgt[e] = root;
      c[e] = 0;
      flow[e] = supply[k];
      up[k] = 1;
      pi[k] = 0;
    } else {
      src[e] = root;
      tgt[e] = k;
      c[e] = artificialCost;
      flow[e] = demand[k - n];
      up[k] = 0;
      pi[k] = artificialCost;
    }
  }

  // Block search pricing (Grigoriadis 1986; LEMON's default): scan blocks of about sqrt(arcs) arcs from where
  // the last search stopped, and take the most negative reduced cost of the first block that has one.
  const blockSize = Math.max(10, Math.ceil(Math.sqrt(nArcs)));
  let nextArc = 0;
  // A reduced cost counts as negative below -RELATIVE_TOLERANCE times the size of its terms (rounding noise).
  const RELATIVE_TOLERANCE = 1e-13;
  const findEntering = (): number => {
    let best = -1;
    let min = 0;
    let count = blockSize;
    let e = nextArc;
    for (let k = 0; k < nArcs; k++) {
      if (inTree[e] === 0) {
        const ps = pi[src[e]];
        const pt = pi[tgt[e]];
        const rc = c[e] + ps - pt;
        if (rc < min && rc < -RELATIVE_TOLERANCE * Math.max(c[e], Math.abs(ps), Math.abs(pt))) {
          min = rc;
          best = e;
        }
      }
      if (++e === nArcs) e = 0;
      if (--count === 0) {
        if (best >= 0) break;
        count = blockSize;
      }
    }
    nextArc = e;
    return best;
  };

  const stack = new Int32Array(nodes + 1);
  let pivots = 0;
  for (;;) {
    const entering = findEntering();
    if (entering < 0) break;
    if (++pivots > maxPivots) throw new Error(`exactTransport: no optimum after ${maxPivots} pivots (options.maxPivots)`);
    // The cycle: the entering arc first -> second, then the tree path from second up to the join (lowest
    // common ancestor) and down to first. Flow grows along the cycle's orientation.
    const first = src[entering];
    const second = tgt[entering];
    let x = first;
    let y = second;
    while (depth[x] > depth[y]) x = parent[x];
    while (depth[y] > depth[x]) y = parent[y];
    while (x !== y) {
      x = parent[x];
      y = parent[y];
    }
    const join = x;
    // Leaving arc: the last blocking arc met when walking the cycle in its orientation from the join
    // (Cunningham's rule, which keeps the tree strongly feasible). On the path join -> first the cycle runs
    // against up-arcs (their flow shrinks); on second -> join it runs against down-arcs.
    let delta = Infinity;
    let leavingNode = -1;
    let onFirstSide = true;
    for (let w = first; w !== join; w = parent[w]) {
      if (up[w] === 1 && flow[pred[w]] < delta) {
        delta = flow[pred[w]];
        leavingNode = w;
      }
    }
    for (let w = second; w !== join; w = parent[w]) {
      if (up[w] === 0 && flow[pred[w]] <= delta) {
        delta = flow[pred[w]];
        leavingNode = w;
        onFirstSide = false;
      }
    }
    if (leavingNode < 0) throw new Error('exactTransport: unbounded cycle (internal error)');
    if (delta > 0) {
      flow[entering] += delta;
      for (let w = first; w !== join; w = parent[w]) flow[pred[w]] += up[w] === 1 ? -delta : delta;
      for (let w = second; w !== join; w = parent[w]) flow[pred[w]] += up[w] === 1 ? delta : -delta;
    }
    const leaving = pred[leavingNode];
    flow[leaving] = 0;
    // Swap the arcs in the tree: cutting `leaving` detaches the subtree under leavingNode, which holds one
    // end of the entering arc (uIn); re-hang that subtree from the other end (vIn), re-rooted at uIn.
    const uIn = onFirstSide ? first : second;
    const vIn = onFirstSide ? second : first;
    removeArc(treeArcs[leavingNode], leaving);
    removeArc(treeArcs[parent[leavingNode]], leaving);
    treeArcs[first].push(entering);
    treeArcs[second].push(entering);
    inTree[leaving] = 0;
    inTree[entering] = 1;
    parent[uIn] = vIn;
    pred[uIn] = entering;
    up[uIn] = src[entering] === uIn ? 1 : 0;
    depth[uIn] = depth[vIn] + 1;
    // Tree arcs have reduced cost 0: c + pi[src] - pi[tgt] = 0.
    pi[uIn] = up[uIn] === 1 ? pi[vIn] - c[entering] : pi[vIn] + c[entering];
    let top = 0;
    stack[top++] = uIn;
    while (top > 0) {
      const w = stack[--top];
      const arcs = treeArcs[w];
      for (let k = 0; k < arcs.length; k++) {
        const e = arcs[k];
        if (e === pred[w]) continue;
        const child = src[e] === w ? tgt[e] : src[e];
        parent[child] = w;
        pred[child] = e;
        up[child] = src[e] === child ? 1 : 0;
        depth[child] = depth[w] + 1;
        pi[child] = up[child] === 1 ? pi[w] - c[e] : pi[w] + c[e];
        stack[top++] = child;
      }
    }
  }

  // The artificial arcs must end empty (the problem is balanced and every supply can reach every demand).
  let artificialFlow = 0;
  let totalSupply = 0;
  for (let k = 0; k < nodes; k++) artificialFlow += flow[nArcs + k];
  for (let i = 0; i < n; i++) totalSupply += supply[i];
  if (artificialFlow > 1e-9 * totalSupply) {
    throw new Error(`exactTransport: ${artificialFlow} of the mass is left on artificial arcs (internal error)`);
  }
  const potential = new Float64Array(nodes);
  for (let k = 0; k < nodes; k++) potential[k] = pi[k];
  return { flow: flow.subarray(0, nArcs), potential, pivots };
}

function removeArc(arcs: number[], e: number): void {
  const k = arcs.indexOf(e);
  arcs[k] = arcs[arcs.length - 1];
  arcs.pop();
}
