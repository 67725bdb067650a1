// The machine's YAML with line numbers: parsed by `yaml` with a LineCounter, read through a few
// helpers that give each mapping entry its key, its lines and its value node.

import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

/** One entry of a YAML mapping, with the lines it spans. */
export interface YamlEntry {
  key: string;
  /** 1-based line of the key */
  line: number;
  /** 1-based last line of the value (the key's line when the value is on it) */
  endLine: number;
  value: Node | null;
}

/** A parsed YAML file of the machine. */
export interface YamlFile {
  /** path relative to the machine folder, with `/` */
  path: string;
  /** the top-level mapping's entries; empty when the document is not a mapping */
  top: YamlEntry[];
  lines: string[];
  lineOf(offset: number): number;
}

export interface YamlSyntaxError {
  line: number;
  message: string;
}

export function indexYaml(path: string, source: string): YamlFile | YamlSyntaxError {
  const lineCounter = new LineCounter();
  // MPF's loader accepts a repeated key (the last wins); a machine folder is read as MPF reads it.
  const document = parseDocument(source, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const error = document.errors[0];
  if (error !== undefined) {
    return { line: lineCounter.linePos(error.pos[0]).line, message: error.message.split('\n')[0]! };
  }
  const lineOf = (offset: number): number => lineCounter.linePos(offset).line;
  const file: YamlFile = { path, top: [], lines: source.split(/\r?\n/), lineOf };
  file.top = entriesOf(file, document.contents);
  return file;
}

export function isYamlSyntaxError(value: YamlFile | YamlSyntaxError): value is YamlSyntaxError {
  return 'message' in value;
}

/** The entries of a mapping node; none for anything else. */
export function entriesOf(file: YamlFile, node: unknown): YamlEntry[] {
  if (!isMap(node)) return [];
  const entries: YamlEntry[] = [];
  for (const pair of node.items) {
    if (!isPair(pair)) continue;
    const keyNode = pair.key;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const keyStart = isScalar(keyNode) && keyNode.range ? keyNode.range[0] : null;
    if (keyStart === null) continue;
    const value = (pair.value ?? null) as Node | null;
    const line = file.lineOf(keyStart);
    entries.push({ key, line, endLine: value === null ? line : lastLineOf(file, value, line), value });
  }
  return entries;
}

/** The items of a sequence node, or the node itself when it is a single mapping. */
export function itemsOf(node: unknown): Node[] {
  if (isSeq(node)) return node.items.filter((item): item is Node => item !== null && typeof item === 'object');
  if (isMap(node)) return [node];
  return [];
}

/** The string value of a scalar node, or null. */
export function scalarText(node: unknown): string | null {
  if (!isScalar(node) || node.value === null || typeof node.value === 'object') return null;
  return String(node.value);
}

/** The value of `key` in a mapping node. */
export function valueAt(file: YamlFile, node: unknown, key: string): YamlEntry | undefined {
  return entriesOf(file, node).find((entry) => entry.key === key);
}

/** The 1-based line where a node starts. */
export function firstLineOf(file: YamlFile, node: Node): number | null {
  return node.range ? file.lineOf(node.range[0]) : null;
}

// A block value's range ends after its last line break; its last line is the one before that.
function lastLineOf(file: YamlFile, node: Node, fallback: number): number {
  if (!node.range) return fallback;
  const end = node.range[1];
  const start = node.range[0];
  return Math.max(fallback, file.lineOf(end > start ? end - 1 : end));
}
