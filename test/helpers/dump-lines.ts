// Log lines of dumps made in tests, as MPF's EventManager._debug_dump_events writes them.

/** The lines of one EVENTS dump with these handler counts (as written, so they can be damaged); `line` adds the log prefix. */
export function eventsDumpLines(handlers: Record<string, number | string>, line: (message: string) => string): string[] {
  const entries = Object.entries(handlers);
  return [
    line('--- DEBUG DUMP EVENTS ---'),
    line(`Total registered_handlers: ${entries.length}. Total event_queue: 0. Total callback_queue: 0. Total _queue_tasks: 0`),
    line('Registered Handlers:'),
    ...entries.map(([event, count]) => line(`  Total handlers: ${count} (for ${event})`)),
    line('Queue events:'),
    line('--- DEBUG DUMP EVENTS END ---'),
  ];
}
