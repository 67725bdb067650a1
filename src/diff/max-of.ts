// `Math.max(...values)` puts every value on the call stack and throws a RangeError for long
// series (a soak test can hold hundreds of thousands of dumps); a loop has no such limit.

/** The largest of `values`; -Infinity for none, as `Math.max()`. */
export function maxOf(values: readonly number[]): number {
  let max = -Infinity;
  for (const value of values) if (value > max) max = value;
  return max;
}

/** The smallest of `values`; Infinity for none, as `Math.min()`. */
export function minOf(values: readonly number[]): number {
  let min = Infinity;
  for (const value of values) if (value < min) min = value;
  return min;
}
