// Output written while it is made: `extract` of a huge log prints each snapshot as it is read, so
// memory does not grow with the log. To standard output it is held back up to HOLD_BYTES, so that
// a run that fails early (no dump found) prints nothing, as a command that writes its result
// whole; past that it is written through, and a later failure leaves what was printed. To a file
// it goes to a temporary file that replaces the old one only when complete, as writeResult's.

import { writeSync } from 'node:fs';
import { open, realpath, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { describeSystemError, LeakdiffError } from '../errors.js';
import type { InputSource } from '../read/inputs.js';
import { createReplacement } from '../write-output.js';
import { refuseInput, temporaryBeside, type CommandContext } from './context.js';

/** Standard output held back up to this many characters. */
const HOLD_BYTES = 8 * 1024 * 1024;

export interface StreamedOutput {
  /** The next piece of the output. */
  write(text: string): void;
  /** The output is complete: what is held is written, a temporary file takes the output's place. */
  finish(): Promise<void>;
  /** The command failed: a temporary file is removed, the old output file is left as it was. */
  abandon(): Promise<void>;
}

/**
 * The output of `--output` (`-` or none: standard output), refused when it names one of `sources`
 * (what the inputs stand for), before anything is read or written.
 */
export async function openStreamedOutput(ctx: CommandContext, output: string | undefined, sources: readonly InputSource[]): Promise<StreamedOutput> {
  if (output === undefined || output === '-') return new HeldStdout(ctx);
  const target = path.resolve(ctx.io.cwd, output);
  await refuseInput(ctx, target, output, sources);
  // Through a symlink to the file it names: renaming onto the link would replace the link itself.
  const file = await realpath(target).catch(() => target);
  const existing = await stat(file).catch(() => null);
  const fail = (error: unknown): LeakdiffError => new LeakdiffError(`${output}: cannot write (${describeSystemError(error)})`);
  if (existing !== null && !existing.isFile() && !existing.isDirectory()) {
    // A device or pipe (`-o /dev/null`, a FIFO) is written to: a rename would replace it with a plain file.
    const handle = await open(file, 'w').catch((error: unknown) => {
      throw fail(error);
    });
    return new FileOutput(handle, null, null, fail);
  }
  const temporary = temporaryBeside(file);
  const handle = await createReplacement(temporary, existing?.isFile() ? existing : null).catch((error: unknown) => {
    throw fail(error);
  });
  return new FileOutput(handle, temporary, file, fail);
}

class HeldStdout implements StreamedOutput {
  private held: string[] | null = [];
  private heldLength = 0;

  constructor(private readonly ctx: CommandContext) {}

  write(text: string): void {
    if (this.held === null) {
      this.ctx.io.stdout.write(text);
      return;
    }
    this.held.push(text);
    this.heldLength += text.length;
    if (this.heldLength > HOLD_BYTES) this.release();
  }

  async finish(): Promise<void> {
    this.release();
  }

  async abandon(): Promise<void> {
    this.held = null;
  }

  private release(): void {
    if (this.held === null) return;
    this.ctx.io.stdout.write(this.held.join(''));
    this.held = null;
  }
}

class FileOutput implements StreamedOutput {
  constructor(
    private readonly handle: FileHandle,
    /** the temporary file written, renamed to `file` when complete; null: `file` is written itself */
    private readonly temporary: string | null,
    private readonly file: string | null,
    private readonly fail: (error: unknown) => LeakdiffError,
  ) {}

  write(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    try {
      for (let written = 0; written < bytes.length; ) written += writeSync(this.handle.fd, bytes, written);
    } catch (error) {
      throw this.fail(error);
    }
  }

  async finish(): Promise<void> {
    try {
      await this.handle.close();
      if (this.temporary !== null) await rename(this.temporary, this.file!);
    } catch (error) {
      await this.abandon();
      throw this.fail(error);
    }
  }

  async abandon(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    if (this.temporary !== null) await rm(this.temporary, { force: true });
  }
}
