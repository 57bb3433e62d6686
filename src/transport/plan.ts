/**
 * Quantities of a transport plan P (n x m, P_ij the mass moved from bin i of a to bin j of b), whichever solver
 * made it: its cost <P, M> and how far its marginals are from the histograms it should transport.
 */
import { fail } from '../validate';

/** <P, M> = sum_ij P_ij M_ij: the cost of the plan P under the cost matrix M (same n x m shape), in the units of M. */
export function planCost(plan: ArrayLike<ArrayLike<number>>, cost: ArrayLike<ArrayLike<number>>): number {
  const fn = 'planCost';
  if (cost.length !== plan.length) fail(fn, 'cost', `a matrix of ${plan.length} rows (the rows of 'plan')`, cost);
  let s = 0;
  for (let i = 0; i < plan.length; i++) {
    const p = plan[i];
    const c = cost[i];
    if (c.length !== p.length) fail(fn, `cost[${i}]`, `a row of ${p.length} numbers (the length of plan[${i}])`, c);
    for (let j = 0; j < p.length; j++) s += p[j] * c[j];
  }
  return s;
}

/**
 * max(max_i |(P 1)_i - a_i|, max_j |(P^T 1)_j - b_j|): the largest absolute error of the plan's row sums against a
 * and column sums against b, in units of mass (0 for a plan of a and b). Not relative, and a maximum, unlike
 * the `marginalError` of a Sinkhorn result (an L1 norm relative to sum(a)).
 */
export function marginalError(plan: ArrayLike<ArrayLike<number>>, a: ArrayLike<number>, b: ArrayLike<number>): number {
  const fn = 'marginalError';
  if (plan.length !== a.length) fail(fn, 'a', `an array of ${plan.length} masses (the rows of 'plan')`, a);
  const columns = new Float64Array(b.length);
  let worst = 0;
  for (let i = 0; i < plan.length; i++) {
    const row = plan[i];
    if (row.length !== b.length) fail(fn, 'b', `an array of ${row.length} masses (the length of plan[${i}])`, b);
    let s = 0;
    for (let j = 0; j < row.length; j++) {
      s += row[j];
      columns[j] += row[j];
    }
    worst = Math.max(worst, Math.abs(s - a[i]));
  }
  for (let j = 0; j < b.length; j++) worst = Math.max(worst, Math.abs(columns[j] - b[j]));
  return worst;
}
