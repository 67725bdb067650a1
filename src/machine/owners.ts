// From an owner repr in a log to the machine's class behind it: `<Mode.NAME>` through the mode's
// config, `<Scriptlet.a.b.C>` (`custom_code:`) and `<CustomCode.a.b.C>` (`mc_custom_code:`) through
// their dotted path. Any other owner is an object of MPF or MPF-MC itself.

import { classAt } from './class-lineage.js';
import { lastName, topValue, type ClassRef, type FolderIndex } from './folder-index.js';
import { NOTES } from './notes.js';
import { CUSTOM_CODE_OWNER, MODE_OWNER } from './owner-names.js';
import type { OwnerCode, SourceLine } from './types.js';
import { firstLineOf, itemsOf, scalarText, valueAt } from './yaml-index.js';

export { modeOfOwner, ownerKindOf } from './owner-names.js';

/** The machine's code behind an owner repr from a log. */
export function ownerOf(index: FolderIndex, owner: string): OwnerCode {
  const mode = MODE_OWNER.exec(owner);
  if (mode) return modeOwner(index, owner, mode[1]!);
  const custom = CUSTOM_CODE_OWNER.exec(owner);
  if (custom) {
    const kind = custom[1] === 'Scriptlet' ? 'custom-code' : 'mc-custom-code';
    const dotted = custom[2]!;
    const sections = kind === 'custom-code' ? ['custom_code', 'scriptlets'] : ['mc_custom_code', 'mc_scriptlets'];
    const code = classAt(index, dotted, []);
    return {
      kind, owner, name: dotted, className: lastName(dotted),
      source: code.ref === null ? null : classLine(index, code.ref, owner),
      config: listEntry(index, sections, dotted),
      note: code.ref === null ? classMissing(index, lastName(dotted), code.tried) : null,
    };
  }
  return { kind: 'mpf', owner, name: null, className: null, source: null, config: null, note: NOTES.mpfOwn(owner) };
}

/** The indexed class an owner is an instance of; null when it runs no class of the machine. */
export function ownerClassRef(index: FolderIndex, owner: string): ClassRef | null {
  const code = ownerOf(index, owner);
  if (code.source === null || code.className === null) return null;
  return (index.classesByName.get(code.className) ?? []).find((ref) => index.relative(ref.file) === code.source!.file) ?? null;
}

function modeOwner(index: FolderIndex, owner: string, mode: string): OwnerCode {
  const paths = [`modes/${mode}/config/${mode}.yaml`, `modes/${mode}/config/${mode}.yml`];
  const config = index.yaml.find((file) => paths.includes(file.path));
  const base = { kind: 'mode' as const, owner, name: mode };
  const skipped = paths.map((path) => index.skipOf(path)).find((skip) => skip !== null);
  if (config === undefined && skipped !== undefined) {
    const note = paths.includes(skipped.path) ? NOTES.modeConfigSkipped(index.relative(skipped.path), skipped.why) : NOTES.modeFolderSkipped(index.relative(skipped.path), skipped.why);
    return { ...base, className: null, source: null, config: null, note };
  }
  if (config === undefined) return { ...base, className: null, source: null, config: null, note: NOTES.mpfOwnMode(mode) };
  const code = valueAt(config, topValue(config, 'mode'), 'code');
  const dotted = scalarText(code?.value);
  if (code === undefined || dotted === null) return { ...base, className: null, source: null, config: null, note: NOTES.modeWithoutCode(mode) };
  const configLine = index.yamlLine(config, code.line, 'defines');
  const found = classAt(index, dotted, [`modes/${mode}/code`]);
  return {
    ...base,
    className: lastName(dotted),
    source: found.ref === null ? null : classLine(index, found.ref, owner),
    config: configLine,
    note: found.ref === null ? classMissing(index, lastName(dotted), found.tried) : null,
  };
}

function classMissing(index: FolderIndex, className: string, tried: string[]): string {
  const skipped = tried.map((path) => index.skipOf(path)).find((skip) => skip !== null);
  if (skipped === undefined) return NOTES.classNotFound(className, tried);
  return tried.includes(skipped.path)
    ? NOTES.classInSkippedFile(className, index.relative(skipped.path), skipped.why)
    : NOTES.classInSkippedFolder(className, index.relative(skipped.path), skipped.why);
}

function listEntry(index: FolderIndex, sections: string[], dotted: string): SourceLine | null {
  for (const file of index.yaml) {
    for (const section of sections) {
      const list = topValue(file, section);
      for (const item of itemsOf(list)) {
        if (scalarText(item) !== dotted) continue;
        const line = firstLineOf(file, item);
        if (line !== null) return index.yamlLine(file, line, 'defines');
      }
      // `custom_code: a.b.C, d.e.F` written as one string
      const written = scalarText(list);
      const entry = file.top.find((one) => one.key === section);
      if (written !== null && entry !== undefined && written.split(/[\s,]+/).includes(dotted)) return index.yamlLine(file, entry.line, 'defines');
    }
  }
  return null;
}

function classLine(index: FolderIndex, ref: ClassRef, owner: string): SourceLine {
  return { ...index.sourceLine(ref.file, ref.module, ref.record.line, 'defines'), note: NOTES.classOfOwner(owner) };
}
