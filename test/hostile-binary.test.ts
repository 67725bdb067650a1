// Inputs that are not an MPF log's text: endless binary streams must be given up on early, and
// a log saved as UTF-16 is named as such, with how to convert it.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { assertInputError, HANG_GUARD_MS, ROOT, spawnCli } from './helpers/cli.js';

const LOG_TEXT = readFileSync(path.join(ROOT, 'fixtures', 'diff-handler-growth', 'mpf-pinbox.log'), 'utf8');
const scratch = mkdtempSync(path.join(tmpdir(), 'leakdiff-binary-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function write(name: string, bytes: Buffer | string): string {
  const file = path.join(scratch, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return file;
}

const devices = ['/dev/zero', '/dev/urandom'].filter((device) => existsSync(device));

test('endless binary devices are given up on from their first bytes: one line naming the file, exit 2', { skip: devices.length === 0 && 'no /dev/zero here' }, async () => {
  for (const device of devices) {
    for (const command of ['list', 'diff', 'extract']) {
      assertInputError(await spawnCli([command, device], { hangGuardMs: HANG_GUARD_MS }), new RegExp(`^leakdiff: ${device}: binary data, not an MPF log\\n$`));
    }
  }
});

test('standard input from /dev/zero is given up on too', { skip: !existsSync('/dev/zero') && 'no /dev/zero here' }, async () => {
  assertInputError(await spawnCli(['list', '-'], { hangGuardMs: HANG_GUARD_MS, stdinFile: '/dev/zero' }), /^leakdiff: -: binary data, not an MPF log\n$/);
});

test('a .gz of many zeros is given up on from its first decompressed bytes', async () => {
  const file = write('zeros.log.gz', gzipSync(Buffer.alloc(64 * 1024 * 1024)));
  assertInputError(await spawnCli(['list', file], { hangGuardMs: HANG_GUARD_MS }), /^leakdiff: [^\n]*zeros\.log\.gz: binary data, not an MPF log\n$/);
});

test('NUL bytes in a real log (a crash) do not make it binary: before its first line, and in its middle', async () => {
  const nulsFirst = write('nuls-first.log', Buffer.concat([Buffer.alloc(4096), Buffer.from(`\n${LOG_TEXT}`)]));
  const half = Math.floor(LOG_TEXT.length / 2);
  const middle = LOG_TEXT.indexOf('\n', half) + 1;
  const nulsInside = write('nuls-inside.log', Buffer.concat([Buffer.from(LOG_TEXT.slice(0, middle)), Buffer.alloc(256 * 1024), Buffer.from(LOG_TEXT.slice(middle))]));
  for (const file of [nulsFirst, nulsInside]) {
    const run = await spawnCli(['list', file], { hangGuardMs: HANG_GUARD_MS });
    assert.equal(run.hung, false);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /\d+ dumps?/);
  }
});

test('a UTF-16 log, with or without a byte order mark, says it is UTF-16 and how to convert it', async () => {
  const le = Buffer.from(LOG_TEXT, 'utf16le');
  const be = Buffer.from(le).swap16();
  for (const [name, bytes, encoding] of [
    ['bom-le.log', Buffer.concat([Buffer.from([0xff, 0xfe]), le]), 'UTF-16LE'],
    ['plain-le.log', le, 'UTF-16LE'],
    ['bom-be.log', Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'UTF-16BE'],
    ['small-le.log', Buffer.from('2026-11-25 03:39:33,853 : INFO : Machine : hello\n', 'utf16le'), 'UTF-16LE'],
  ] as const) {
    const file = write(name, bytes);
    const run = await spawnCli(['list', file], { hangGuardMs: HANG_GUARD_MS });
    assertInputError(run, new RegExp(`^leakdiff: [^\\n]*${name}: the log is ${encoding} text; leakdiff reads UTF-8[^\\n]*\\n$`));
    assert.match(run.stderr, /Set-Content -Encoding utf8/);
    assert.match(run.stderr, new RegExp(`iconv -f ${encoding} -t UTF-8`));
  }
});

test('a UTF-16 log found in a folder is a warning, and the other logs are read', async () => {
  write('folder/a-utf16.log', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(LOG_TEXT, 'utf16le')]));
  write('folder/b.log', LOG_TEXT);
  const run = await spawnCli(['list', path.join(scratch, 'folder')], { hangGuardMs: HANG_GUARD_MS });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /^leakdiff: warning: [^\n]*a-utf16\.log: the log is UTF-16LE text/m);
});

test('a UTF-32 log, with or without a byte order mark, is named UTF-32 with its own conversion', async () => {
  const le = Buffer.alloc(LOG_TEXT.length * 4);
  for (let index = 0; index < LOG_TEXT.length; index += 1) le.writeUInt32LE(LOG_TEXT.codePointAt(index)!, index * 4);
  const be = Buffer.from(le).swap32();
  for (const [name, bytes, encoding, powershell] of [
    ['bom-32le.log', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), le]), 'UTF-32LE', 'UTF32'],
    ['plain-32le.log', le, 'UTF-32LE', 'UTF32'],
    ['bom-32be.log', Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), be]), 'UTF-32BE', 'BigEndianUTF32'],
    ['plain-32be.log', be, 'UTF-32BE', 'BigEndianUTF32'],
  ] as const) {
    const file = write(name, bytes);
    const run = await spawnCli(['list', file], { hangGuardMs: HANG_GUARD_MS });
    assertInputError(run, new RegExp(`^leakdiff: [^\\n]*${name}: the log is ${encoding} text; leakdiff reads UTF-8[^\\n]*\\n$`));
    assert.match(run.stderr, new RegExp(`Get-Content -Encoding ${powershell} `));
    assert.match(run.stderr, new RegExp(`iconv -f ${encoding} -t UTF-8 [^\\n]*${name} > `));
  }
});

test('a UTF-16 log in gzip data: decompress, then convert, never iconv on the compressed file', async () => {
  const file = write('gz-16le.log.gz', gzipSync(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(LOG_TEXT, 'utf16le')])));
  const run = await spawnCli(['list', file], { hangGuardMs: HANG_GUARD_MS });
  assertInputError(
    run,
    `${file}: the log is UTF-16LE text in gzip data; leakdiff reads UTF-8, as MPF writes it. Convert it: gzip -dc < ${file} | iconv -f UTF-16LE -t UTF-8 > ${path.join(scratch, 'gz-16le-utf8.log')}`,
  );
});

test('UTF-16 on standard input: converted on the way in, no file named "-"', async () => {
  const run = await spawnCli(['list', '-'], { hangGuardMs: HANG_GUARD_MS, stdin: Buffer.from(LOG_TEXT, 'utf16le') });
  assertInputError(run, '-: the log is UTF-16LE text; leakdiff reads UTF-8, as MPF writes it. Convert it on the way in: … | iconv -f UTF-16LE -t UTF-8 | leakdiff … -');
});
