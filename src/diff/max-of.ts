// `Math.max(...values)` puts every value on the call stack and throws a RangeError for long
// series (a soak test can hold hundreds of thousands of dumps); a loop has no such limit. It runs
// by index: until the loop is optimised, `for…of` makes an iterator result for every value.

/** The largest of `values`; -Infinity for none, as `Math.max()`. */
export function maxOf(values: readonly number[]): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  return max;
}

/** The smallest of `values`; Infinity for none, as `Math.min()`. */
export function minOf(values: readonly number[]): number {
  let min = Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! < min) min = values[i]!;
  return min;
}
