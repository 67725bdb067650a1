// The pieces that read dump lines from their bytes (src/parse/dump-lines.ts). That the parser
// reads alike with and without them is tested on every fixture and on generated logs
// (line-scanner.test.ts, property.test.ts: `lineScanner: false` reads every line as text).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DumpLinePrefixes, hashStep, LastTime, MESSAGE_HASH_START, MessageTable } from '../src/parse/dump-lines.js';
import { parseRecord, type LogRecord } from '../src/parse/prefix.js';

const MC_PREFIX = '2026-11-25 03:39:33,901 : mpfmc : ';

/** Teaches `prefixes` the prefix of `line`, read as the grammar reads it. */
function learn(prefixes: DumpLinePrefixes<string>, line: string, writer: string, writesEvents = false): void {
  const record: LogRecord | null = parseRecord(line);
  assert.ok(record !== null, `a log line: ${line}`);
  prefixes.learn(line, record, writer, writesEvents, true);
}

function hashOf(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let hash = MESSAGE_HASH_START;
  for (let i = start; i < end; i++) hash = hashStep(hash, bytes[i]!);
  return hash;
}

function lookUp<M>(table: MessageTable<M>, text: string, padding = ''): M {
  const bytes = Buffer.from(`${padding}${text}${padding}`, 'latin1');
  return table.get(bytes, padding.length, padding.length + text.length, hashOf(bytes, padding.length, padding.length + text.length));
}

test('a prefix learned from a line matches the lines with any digits in its timestamp, and nothing else', () => {
  const prefixes = new DumpLinePrefixes<string>();
  const message = '<Slide name=base, priority=0, id=3>';
  learn(prefixes, MC_PREFIX + message, 'mc');
  const match = (line: string): string | null => prefixes.match(Buffer.from(line, 'latin1'), 0, line.length)?.writer ?? null;
  assert.equal(match(`2027-01-02 23:59:59,000 : mpfmc : ${message}`), 'mc');
  assert.equal(match(`2027-01-02 23:59:59,000 : mpfmc : `), 'mc', 'an empty message');
  assert.equal(match(`2027-01-02 23:59:59,00x : mpfmc : ${message}`), null, 'a letter in the timestamp');
  assert.equal(match(`2027-01-02 23:59:59,000 : mpfmcx : ${message}`), null, 'another logger');
  assert.equal(match(`2027-01-02 23:59:59,000 : mpfm`), null, 'a line shorter than the prefix');
  assert.equal(match(` 2027-01-02 23:59:59,000 : mpfmc : ${message}`), null);
});

test('prefixes with leading blanks, bytes above 0x7F or JSON logging are not learned, nor one learned before', () => {
  const prefixes = new DumpLinePrefixes<string>();
  const message = '<X>';
  learn(prefixes, `   ${MC_PREFIX}${message}`, 'mc');
  learn(prefixes, `2026-11-25 03:39:33,901 : mpfmcé : ${message}`, 'mc');
  learn(prefixes, `{"message": "${message}"}`, 'mixed', true);
  assert.equal(prefixes.match(Buffer.from(`   ${MC_PREFIX}${message}`, 'latin1'), 0, 40), null);
  learn(prefixes, MC_PREFIX + message, 'first');
  learn(prefixes, `2000-01-01 00:00:00,000 : mpfmc : ${message}`, 'second');
  assert.equal(prefixes.match(Buffer.from(MC_PREFIX, 'latin1'), 0, MC_PREFIX.length)?.writer, 'first');
});

test('the message table gives one message object per text, also past its growth and when it forgets all', () => {
  const made: string[] = [];
  const table = new MessageTable((text) => {
    made.push(text);
    return { text };
  }, 100, 1_000_000);
  const texts = Array.from({ length: 250 }, (_, i) => `<Images Asset: bg_${i}, loaded=True>`);
  const first = texts.slice(0, 90).map((text) => lookUp(table, text, 'xx'));
  assert.deepEqual(first.map((message) => message.text), texts.slice(0, 90));
  // Met again, each is the same object, made once, wherever its bytes lie.
  assert.ok(texts.slice(0, 90).every((text, i) => lookUp(table, text) === first[i]));
  assert.equal(made.length, 90);
  // Past 100 messages it starts again: later texts are still told apart and right.
  for (const text of texts) assert.equal(lookUp(table, text, '<').text, text);
  assert.ok(made.length > 90 && made.length <= 90 + 250 + 90);
  assert.equal(lookUp(table, texts[249]!).text, texts[249]);
});

test('messages with the same hash are told apart by their bytes', () => {
  const table = new MessageTable((text) => ({ text }));
  const a = Buffer.from('<A>');
  const b = Buffer.from('<B>');
  // Both looked up under one hash: the bytes decide.
  assert.equal(table.get(a, 0, 3, 42).text, '<A>');
  assert.equal(table.get(b, 0, 3, 42).text, '<B>');
  assert.equal(table.get(a, 0, 3, 42).text, '<A>');
});

test('the last time is made from a line timestamp only when asked, as the prefix parser writes it', () => {
  const time = new LastTime('2026-11-25T03:39:33.000');
  const line = Buffer.from(`${MC_PREFIX}<X>`, 'latin1');
  time.setFromLine(line, 0, 'B');
  assert.equal(time.get(), '2026-11-25T03:39:33.901');
  time.setFromLine(Buffer.from('21:56:09.788 : INFO [mpfmc] <X>', 'latin1'), 0, 'C');
  assert.equal(time.get(), '21:56:09.788');
  time.setFromLine(Buffer.from('INFO : mpfmc : <X>', 'latin1'), 0, 'D');
  assert.equal(time.get(), '21:56:09.788', 'a format without a time leaves it');
  time.set('2026-11-25T03:40:00.000');
  assert.equal(time.get(), '2026-11-25T03:40:00.000');
});

test('a prefix says whether its lines have a time, as the line it was learned from had one', () => {
  const prefixes = new DumpLinePrefixes<string>();
  learn(prefixes, `${MC_PREFIX}<X>`, 'file');
  learn(prefixes, '[INFO   ] <X>', 'kivy');
  learn(prefixes, '02.311 : INFO : mpfmc : <X>', 'seconds');
  const dated = (line: string): [string, boolean] | null => {
    const prefix = prefixes.match(Buffer.from(line, 'latin1'), 0, line.length);
    return prefix === null ? null : [prefix.writer, prefix.dated];
  };
  assert.deepEqual(dated('2026-11-25 03:40:00,000 : mpfmc : <Y>'), ['file', true]);
  assert.deepEqual(dated('[INFO   ] <Y>'), ['kivy', false]);
  // Digits stand where a timestamp would, yet this console format gives no time.
  assert.deepEqual(dated('59.999 : INFO : mpfmc : <Y>'), ['seconds', false]);
});
