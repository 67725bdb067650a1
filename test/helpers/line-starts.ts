/** Byte offsets just after each `\n` but the last, thinned out evenly to at most `max`. */
export function lineStarts(bytes: Uint8Array, max: number): number[] {
  const starts: number[] = [];
  for (let at = 0; at < bytes.length - 1; at++) if (bytes[at] === 10) starts.push(at + 1);
  if (starts.length <= max) return starts;
  const step = starts.length / max;
  return Array.from({ length: max }, (_, index) => starts[Math.floor(index * step)]!);
}
