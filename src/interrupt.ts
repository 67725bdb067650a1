// Ctrl-C is heard only when the event loop gets a turn: long synchronous work (reading a big
// log, comparing its dumps, rendering the report) gives it one between its steps and stops there.

/**
 * Gives the event loop two turns, so that a Ctrl-C that arrived meanwhile is handled, then throws
 * the signal's reason if it was aborted. Two: a signal is read from its pipe when the loop polls,
 * and one turn from a callback of the poll itself reaches the check phase without polling again.
 */
export async function checkInterrupted(signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return;
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  signal.throwIfAborted();
}
