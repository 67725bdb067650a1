// Who an owner repr in a log is, from the repr alone: a mode, custom code of MPF or MPF-MC, or an
// object of MPF or MPF-MC itself. Apart from owners.ts, which reads the machine's code behind it,
// so that naming an owner loads no parser of Python or YAML.

import type { OwnerKind } from './types.js';

/** `<Mode.NAME>`: a mode's repr. */
export const MODE_OWNER = /^<Mode\.([^<>]+)>$/;
/** `<Scriptlet.a.b.C>` (MPF custom code) and `<CustomCode.a.b.C>` (MPF-MC custom code). */
export const CUSTOM_CODE_OWNER = /^<(Scriptlet|CustomCode)\.([\w.]+)>$/;

/** Who an owner repr is, from the repr alone. */
export function ownerKindOf(owner: string): OwnerKind {
  if (MODE_OWNER.test(owner)) return 'mode';
  const custom = CUSTOM_CODE_OWNER.exec(owner);
  if (custom) return custom[1] === 'Scriptlet' ? 'custom-code' : 'mc-custom-code';
  return 'mpf';
}

/** The mode's name of a `<Mode.NAME>` repr; null for any other. */
export function modeOfOwner(owner: string): string | null {
  return MODE_OWNER.exec(owner)?.[1] ?? null;
}
