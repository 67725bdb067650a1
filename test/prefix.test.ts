import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRecord } from '../src/parse/prefix.js';

test('A: MPF file log with level keeps the message unstripped', () => {
  const record = parseRecord('2018-12-10 21:35:55,683 : INFO : EventManager :   Total handlers: 24 (for ball_starting)');
  assert.deepEqual(record, { format: 'A', logger: 'EventManager', time: '2018-12-10T21:35:55.683', message: '  Total handlers: 24 (for ball_starting)' });
});

test('B: MC file log without level; logger names may hold spaces', () => {
  assert.deepEqual(parseRecord('2018-12-10 21:35:55,705 : mpfmc : --- DEBUG DUMP DISPLAYS ---'), {
    format: 'B', logger: 'mpfmc', time: '2018-12-10T21:35:55.705', message: '--- DEBUG DUMP DISPLAYS ---',
  });
  assert.equal(parseRecord('2025-01-01 12:00:00,000 : MPF-MC BCP Server : Received a : b')?.logger, 'MPF-MC BCP Server');
});

test('a level word is never taken for a logger name', () => {
  // "TS : INFO : msg" has a level but no logger: not B with logger INFO
  assert.equal(parseRecord('2018-12-10 21:35:55,683 : INFO : message only'), null);
});

test('C: 0.57 console with bracketed logger', () => {
  assert.deepEqual(parseRecord("21:56:09.788 : INFO [EventManager] Event: ======'clear'====== Args={'key': 'service'}"), {
    format: 'C', logger: 'EventManager', time: '21:56:09.788', message: "Event: ======'clear'====== Args={'key': 'service'}",
  });
});

test('D, E, F, H: older consoles and Kivy', () => {
  assert.equal(parseRecord('INFO : EventManager : --- DEBUG DUMP EVENTS ---')?.format, 'D');
  assert.equal(parseRecord('55.683 : INFO : EventManager : --- DEBUG DUMP EVENTS ---')?.format, 'E');
  assert.deepEqual(parseRecord('mpfmc: --- DEBUG DUMP DISPLAYS ---'), { format: 'F', logger: 'mpfmc', time: null, message: '--- DEBUG DUMP DISPLAYS ---' });
  assert.equal(parseRecord('SomeOtherLogger: text'), null, 'F only for the two dump loggers');
  assert.deepEqual(parseRecord('[INFO   ] --- DEBUG DUMP EVENTS ---'), { format: 'H', logger: null, time: null, message: '--- DEBUG DUMP EVENTS ---' });
});

test('G: JSON logging with the two-dot timestamp quirk', () => {
  const line = JSON.stringify({ timestamp: '2018-12-10T21:35:55.682.427883', level: 'INFO', name: 'mpfmc', message: '<Text Widget text=A\nB>', ident: 'ServiceLog' });
  assert.deepEqual(parseRecord(line), { format: 'G', logger: 'mpfmc', time: '2018-12-10T21:35:55.682', message: '<Text Widget text=A\nB>' });
  assert.equal(parseRecord('{"not json'), null);
});

test('G: every timestamp shape --json-logging writes: milliseconds unpadded, with or without a zone', () => {
  const timeOf = (timestamp: string): string | null => parseRecord(JSON.stringify({ timestamp, level: 'INFO', name: 'EventManager', message: 'x' }))?.time ?? null;
  assert.equal(timeOf('2026-12-05T03:20:43.14.000000'), '2026-12-05T03:20:43.014');
  assert.equal(timeOf('2026-12-05T03:20:43.5.000000'), '2026-12-05T03:20:43.005');
  assert.equal(timeOf('2026-12-05T03:20:43.0.000000'), '2026-12-05T03:20:43.000');
  assert.equal(timeOf('2026-12-05T03:20:43.999.999999'), '2026-12-05T03:20:43.999');
  assert.equal(timeOf('2026-12-05T03:20:43.682.427883+0100'), '2026-12-05T03:20:43.682');
  assert.equal(timeOf('2026-12-05T03:20:43.682'), '2026-12-05T03:20:43.682');
  assert.equal(timeOf('2026-12-05T03:20:43.1234.000000'), null, 'milliseconds have at most three digits');
  assert.equal(parseRecord('{"timestamp": 1}'), null, 'no message');
});

test('pasted logs: leading indentation is accepted', () => {
  assert.equal(parseRecord('   2018-12-10 21:35:55,683 : INFO : EventManager : Queue events:')?.message, 'Queue events:');
});

test('lines without a prefix are continuations', () => {
  assert.equal(parseRecord('second line of a text widget>'), null);
  assert.equal(parseRecord('[...]'), null);
  assert.equal(parseRecord(''), null);
});
