// Logs whose names attack the reports: event names and widget texts that are HTML, attributes,
// markdown and GitHub workflow commands. Made from the diff fixtures by renaming what grows, so
// every hostile name is a finding.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './cli.js';

/** The names planted, as the report shows them (widget keys are `Text:` + the text). */
export const HOSTILE = {
  /** replaces the event ball_started (3 leaks and suspects in the handler-growth log) */
  script: '<script>document.title="pwned"</script>',
  /** replaces the event timer_frenzy_timer_tick: breaks out of an attribute, a table cell, a workflow command */
  attribute: `"onload=document.title='pwned' x='|%0A::error::injected, a:b \`x\``,
  /** replaces the widget text FRENZY! (a growing duplicate in the duplicate-slides log) */
  svg: "</svg><script>document.title='pwned'</script><svg>",
  /** replaces the widget text PINBOX */
  image: '</svg><img src=x onerror="document.title=\'pwned\'">',
} as const;

/** Writes `mpf-hostile.log` and `mc-hostile.log` into `directory`; returns their paths. */
export function writeHostileLogs(directory: string): { mpf: string; mc: string } {
  const mpf = readFileSync(path.join(ROOT, 'fixtures', 'diff-handler-growth', 'mpf-pinbox.log'), 'utf8')
    .replaceAll('(for ball_started)', `(for ${HOSTILE.script})`)
    .replaceAll('(for timer_frenzy_timer_tick)', `(for ${HOSTILE.attribute})`);
  const mc = readFileSync(path.join(ROOT, 'fixtures', 'diff-duplicate-slides', 'mc-pinbox.log'), 'utf8')
    .replaceAll('text=FRENZY!>', `text=${HOSTILE.svg}>`)
    .replaceAll('text=PINBOX>', `text=${HOSTILE.image}>`);
  const files = { mpf: path.join(directory, 'mpf-hostile.log'), mc: path.join(directory, 'mc-hostile.log') };
  writeFileSync(files.mpf, mpf);
  writeFileSync(files.mc, mc);
  return files;
}
