// Finding classes in the machine's Python: by dotted path, by the method they define, their bases
// and subclasses, and the calls that share a class's `self` state with a given call.

import { lastName, type CallRef, type ClassRef, type FolderIndex } from './folder-index.js';

// A dotted class path: the module from the machine folder first, then under each fallback folder.
export function classAt(index: FolderIndex, dotted: string, fallbacks: string[]): { ref: ClassRef | null; tried: string[] } {
  const parts = dotted.split('.');
  const className = parts.pop()!;
  const modulePath = parts.join('/');
  const tried: string[] = [];
  for (const folder of ['', ...fallbacks]) {
    for (const candidate of [`${modulePath}.py`, `${modulePath}/__init__.py`]) {
      const path = folder === '' ? candidate : `${folder}/${candidate}`;
      tried.push(path);
      const module = index.python.get(path);
      const record = module?.classes.find((one) => one.name === className);
      if (module !== undefined && record !== undefined) return { ref: { file: path, module, record }, tried };
    }
  }
  return { ref: null, tried: tried.filter((path) => !path.endsWith('/__init__.py')) };
}

// The class named `className` that defines `method`: in the owner's class or its bases first.
export function definingClass(index: FolderIndex, className: string, method: string, ownerClass: ClassRef | null): ClassRef | null {
  if (ownerClass !== null) {
    const inLine = lineage(index, ownerClass).find((ref) => ref.record.name === className && ref.record.methods.has(method));
    if (inLine !== undefined) return inLine;
  }
  return (index.classesByName.get(className) ?? []).find((ref) => ref.record.methods.has(method)) ?? null;
}

// A class and its bases found in the machine, nearest first (depth first, as written).
export function lineage(index: FolderIndex, start: ClassRef): ClassRef[] {
  const seen: ClassRef[] = [];
  const visit = (ref: ClassRef): void => {
    if (seen.includes(ref)) return;
    seen.push(ref);
    for (const base of ref.record.bases) {
      const candidates = index.classesByName.get(lastName(base)) ?? [];
      const next = candidates.find((one) => one.file === ref.file) ?? candidates[0];
      if (next !== undefined) visit(next);
    }
  };
  visit(start);
  return seen;
}

// The classes whose `self.X` can be the callback, each as `classKey` gives it: the defining class,
// its subclasses, and the owner's class with its bases. A class is its file and its name: a class of
// the same name in another file (an old copy left in the folder) is another class. Without an
// owner, the defining class was found by name only, so every class of that name counts.
export function relatedClasses(index: FolderIndex, defining: ClassRef, ownerClass: ClassRef | null): Set<string> {
  const starts = ownerClass === null ? (index.classesByName.get(defining.record.name) ?? [defining]) : [defining];
  const keys = new Set<string>(starts.map((ref) => classKey(ref.file, ref.record.name)));
  for (const refs of index.classesByName.values()) {
    for (const ref of refs) if (lineage(index, ref).some((one) => starts.includes(one))) keys.add(classKey(ref.file, ref.record.name));
  }
  if (ownerClass !== null) for (const ref of lineage(index, ownerClass)) keys.add(classKey(ref.file, ref.record.name));
  return keys;
}

// A class of the machine by its file and name; a call's class is `classKey(ref.file, ref.call.className)`.
export function classKey(file: string, className: string | null): string {
  return `${file}\u0000${className ?? ''}`;
}

export function enclosingClass(index: FolderIndex, ref: CallRef): ClassRef | null {
  if (ref.call.className === null) return null;
  return (index.classesByName.get(ref.call.className) ?? []).find((one) => one.file === ref.file) ?? null;
}

// The calls that can undo `ref`: in the classes of the lineage and the subclasses of them for
// `self.` state, in the same function for a local name, in the same file otherwise.
export function scopeCalls(index: FolderIndex, ref: CallRef, classLineage: ClassRef[]): CallRef[] {
  const classes = new Set(classLineage.map((one) => `${one.file}\u0000${one.record.name}`));
  const enclosing = enclosingClass(index, ref);
  if (enclosing !== null) {
    classes.add(`${enclosing.file}\u0000${enclosing.record.name}`);
    for (const refs of index.classesByName.values()) {
      for (const one of refs) if (lineage(index, one).includes(enclosing)) classes.add(`${one.file}\u0000${one.record.name}`);
    }
  }
  return index.calls.filter((other) => other.call.className === null
    ? other.file === ref.file
    : classes.has(`${other.file}\u0000${other.call.className}`));
}

export function splitQualname(qualname: string): { className: string; method: string } | null {
  const dot = qualname.lastIndexOf('.');
  if (dot <= 0) return null;
  const method = qualname.slice(dot + 1);
  const className = lastName(qualname.slice(0, dot));
  return className === '<locals>' || className === '' ? null : { className, method };
}
