// A library preloaded into leakdiff (LD_PRELOAD) that makes the system fail as a bad sector, a
// share gone away or a folder without read permission would, where a test cannot make it so.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnNode } from './cli.js';

const SOURCE = [
  '#define _GNU_SOURCE',
  '#include <dirent.h>',
  '#include <dlfcn.h>',
  '#include <errno.h>',
  '#include <stdio.h>',
  '#include <stdlib.h>',
  '#include <string.h>',
  '#include <unistd.h>',
  '/* Reads of a file whose path holds $EIO_PATH fail with EIO from byte $EIO_AT on. */',
  'static int failing(int fd, off_t end) {',
  '  const char *path = getenv("EIO_PATH"), *at = getenv("EIO_AT");',
  '  char link[64], target[4096];',
  '  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);',
  '  ssize_t length = readlink(link, target, sizeof target - 1);',
  '  if (path == NULL || at == NULL || length < 0) return 0;',
  '  target[length] = 0;',
  '  return strstr(target, path) != NULL && end > atoll(at);',
  '}',
  'ssize_t pread64(int fd, void *buffer, size_t count, off_t offset) {',
  '  static ssize_t (*real)(int, void *, size_t, off_t);',
  '  if (!real) real = dlsym(RTLD_NEXT, "pread64");',
  '  if (failing(fd, offset + (off_t)count)) { errno = EIO; return -1; }',
  '  return real(fd, buffer, count, offset);',
  '}',
  'ssize_t pread(int fd, void *buffer, size_t count, off_t offset) { return pread64(fd, buffer, count, offset); }',
  'ssize_t read(int fd, void *buffer, size_t count) {',
  '  static ssize_t (*real)(int, void *, size_t);',
  '  if (!real) real = dlsym(RTLD_NEXT, "read");',
  '  if (failing(fd, lseek(fd, 0, SEEK_CUR) + (off_t)count)) { errno = EIO; return -1; }',
  '  return real(fd, buffer, count);',
  '}',
  '/* Listing a folder whose path holds $EACCES_DIR fails with EACCES. */',
  'int scandir(const char *dir, struct dirent ***list, int (*filter)(const struct dirent *), int (*compare)(const struct dirent **, const struct dirent **)) {',
  '  static int (*real)(const char *, struct dirent ***, int (*)(const struct dirent *), int (*)(const struct dirent **, const struct dirent **));',
  '  if (!real) real = dlsym(RTLD_NEXT, "scandir");',
  '  const char *denied = getenv("EACCES_DIR");',
  '  if (denied != NULL && strstr(dir, denied) != NULL) { errno = EACCES; return -1; }',
  '  return real(dir, list, filter, compare);',
  '}',
  'int scandir64(const char *dir, struct dirent64 ***list, int (*filter)(const struct dirent64 *), int (*compare)(const struct dirent64 **, const struct dirent64 **)) {',
  '  static int (*real)(const char *, struct dirent64 ***, int (*)(const struct dirent64 *), int (*)(const struct dirent64 **, const struct dirent64 **));',
  '  if (!real) real = dlsym(RTLD_NEXT, "scandir64");',
  '  const char *denied = getenv("EACCES_DIR");',
  '  if (denied != NULL && strstr(dir, denied) != NULL) { errno = EACCES; return -1; }',
  '  return real(dir, list, filter, compare);',
  '}',
  '',
].join('\n');

/** Builds the library in `dir` with the system's C compiler; null where there is none (or not Linux). */
export async function buildFailingIoLibrary(dir: string): Promise<string | null> {
  if (process.platform !== 'linux') return null;
  const source = join(dir, 'failing-io.c');
  const library = join(dir, 'failing-io.so');
  await writeFile(source, SOURCE);
  const built = await spawnNode(['-e', `require('node:child_process').execFileSync('cc', ['-shared', '-fPIC', '-o', ${JSON.stringify(library)}, ${JSON.stringify(source)}, '-ldl'])`]);
  return built.code === 0 ? library : null;
}
