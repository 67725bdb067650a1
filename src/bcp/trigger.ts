import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { escapeTerminal } from '../report/escape.js';

/** Why a trigger failed: the CLI turns each into one line for the maker. */
export type BcpErrorCode = 'refused' | 'timeout' | 'closed' | 'not-mpf' | 'bad-event';

/** An expected failure to trigger an event over BCP; `message` is one line, ready to print. */
export class BcpError extends Error {
  /** Which failure this is, for callers that react differently (e.g. `watch` keeps going). */
  readonly code: BcpErrorCode;

  constructor(code: BcpErrorCode, message: string) {
    super(message);
    this.name = 'BcpError';
    this.code = code;
  }
}

/** Where and what to trigger; every duration is in milliseconds. */
export interface TriggerOptions {
  /** Where MPF's BCP server listens; 127.0.0.1 unless the user says otherwise (BCP has no authentication). */
  host: string;
  /** MPF's BCP port, 5051 by default. */
  port: number;
  /** The MPF event to post, e.g. `debug_dump_stats` or a relay such as `bcp_debug_dump`. */
  event: string;
  /** How long to keep trying to connect, in milliseconds, while MPF is still starting. */
  connectTimeoutMs: number;
  /** Milliseconds between connection attempts after a refusal; 500 by default. */
  retryIntervalMs?: number;
  /**
   * MPF's `hello` must arrive within `connectTimeoutMs` of the start; this is the least it is
   * given after connecting when that deadline is (nearly) past. 1000 by default.
   */
  helloWaitMs?: number;
  /** Aborting destroys the connection and rejects with Node's AbortError (not a BcpError); its `cause` is the signal's reason. */
  signal?: AbortSignal;
}

/** A trigger that was written to MPF; MPF sends no acknowledgement, so the dump itself is not confirmed. */
export interface TriggerResult {
  /** The host connected to, as given. */
  host: string;
  /** The port connected to, as given. */
  port: number;
  /** The event posted, as given (unencoded). */
  event: string;
  /** Connection attempts made, 1 if MPF was already listening. */
  attempts: number;
  /** BCP protocol version from MPF's hello, e.g. `1.1`; null if the hello did not say. */
  helloVersion: string | null;
  /** MPF's own version from its hello, e.g. `0.57.3`; null if the hello did not say. */
  controllerVersion: string | null;
}

/** The parameters of a BCP `hello` line, each null when absent. */
export interface Hello {
  /** BCP protocol version, `1.1` for MPF 0.57. */
  version: string | null;
  /** `Mission Pinball Framework` when the server is MPF. */
  controllerName: string | null;
  /** MPF's version, e.g. `0.57.3`. */
  controllerVersion: string | null;
}

const DEFAULT_RETRY_INTERVAL_MS = 500;
const DEFAULT_HELLO_WAIT_MS = 1000;
// MPF closes its side as soon as it reads `goodbye`; this only bounds a server that does not.
const CLOSE_GRACE_MS = 1000;
const MIN_CONNECT_ATTEMPT_MS = 100;
// MPF's hello is about 100 bytes; anything longer without a newline is not MPF talking.
const MAX_HELLO_CHARS = 4096;
/** How much of what a peer that is not MPF sent is quoted back. */
const EXCERPT_CHARS = 40;
const BCP_HINT = 'check the host and port (MPF listens for BCP on 5051)';
/** The `controller_name` of MPF's hello; another BCP server names itself otherwise, or not at all. */
const MPF_CONTROLLER_NAME = 'Mission Pinball Framework';
// `%` is refused too: MPF URL-decodes parameter values twice (parse_qs, then unquote), so a name
// containing `%41` would arrive as a different event than the one asked for.
const FORBIDDEN_IN_EVENT = /[\s{}?&=%]/u;

/** Reads a BCP `hello?version=…&controller_name=…&controller_version=…` line; null if it is another command. */
export function parseHello(line: string): Hello | null {
  const text = line.replace(/\r?\n$/u, '');
  const query = text.indexOf('?');
  const command = query < 0 ? text : text.slice(0, query);
  // BCP command and parameter names are case-insensitive; MPF lowercases them.
  if (command.trim().toLowerCase() !== 'hello') return null;

  const params = new Map<string, string>();
  if (query >= 0) {
    for (const [key, value] of new URLSearchParams(text.slice(query + 1))) {
      params.set(key.toLowerCase(), value);
    }
  }
  return {
    version: params.get('version') ?? null,
    controllerName: params.get('controller_name') ?? null,
    controllerVersion: params.get('controller_version') ?? null,
  };
}

/** Whether a hello is MPF's own: it names the controller, and BCP servers of other makers name themselves. */
export function isMpfHello(hello: Hello): boolean {
  return hello.controllerName?.trim().toLowerCase() === MPF_CONTROLLER_NAME.toLowerCase();
}

/**
 * Connects to MPF's BCP server, posts one event with `trigger?name=EVENT`, says `goodbye` and
 * closes. Nothing else is ever sent: `hello`, `monitor_start` or `register_trigger` would add
 * handlers to the very counts a dump measures.
 */
export async function triggerDump(options: TriggerOptions): Promise<TriggerResult> {
  const { host, port, event, connectTimeoutMs, signal } = options;
  const retryIntervalMs = options.retryIntervalMs ?? DEFAULT_RETRY_INTERVAL_MS;
  const helloWaitMs = options.helloWaitMs ?? DEFAULT_HELLO_WAIT_MS;
  for (const [name, value] of Object.entries({ connectTimeoutMs, retryIntervalMs, helloWaitMs })) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
  }

  const command = `trigger?name=${encodeEvent(event)}\n`;
  const where = describeAddress(host, port);
  const deadline = Date.now() + connectTimeoutMs;
  const { socket, attempts } = await connectWithRetry({ host, port, where, deadline, connectTimeoutMs, retryIntervalMs, signal });
  const helloWait = Math.max(deadline - Date.now(), helloWaitMs);
  const hello = await sendTrigger({ socket, command, where, event, helloWait, within: formatDuration(connectTimeoutMs) });

  return {
    host,
    port,
    event,
    attempts,
    helloVersion: hello?.version ?? null,
    controllerVersion: hello?.controllerVersion ?? null,
  };
}

function encodeEvent(event: string): string {
  const forbidden = FORBIDDEN_IN_EVENT.exec(event);
  if (event === '' || forbidden !== null) {
    const found = forbidden === null ? 'it is empty' : `found ${JSON.stringify(forbidden[0])}`;
    throw new BcpError(
      'bad-event',
      `invalid event name ${JSON.stringify(event)} (${found}): MPF event names are not empty and contain no whitespace, braces, ?, &, = or %`,
    );
  }
  try {
    return encodeURIComponent(event);
  } catch {
    // encodeURIComponent throws only on a lone UTF-16 surrogate, which no config file can hold.
    throw new BcpError('bad-event', `invalid event name ${JSON.stringify(event)}: it is not valid text`);
  }
}

interface ConnectRequest {
  host: string;
  port: number;
  where: string;
  /** Date.now() by which the connection must stand */
  deadline: number;
  connectTimeoutMs: number;
  retryIntervalMs: number;
  signal: AbortSignal | undefined;
}

// MPF opens its BCP server only once it has finished starting, so a refusal means "not yet" and
// is retried until the deadline; any other failure will not fix itself by waiting.
async function connectWithRetry(request: ConnectRequest): Promise<{ socket: Socket; attempts: number }> {
  const { host, port, where, deadline, connectTimeoutMs, retryIntervalMs, signal } = request;
  const within = formatDuration(connectTimeoutMs);
  let attempts = 0;

  for (;;) {
    attempts += 1;
    // The floor keeps an attempt made right at the deadline from being cut short and reported
    // as "no answer" when the refusal was simply on its way back.
    const attemptMs = Math.max(deadline - Date.now(), MIN_CONNECT_ATTEMPT_MS);
    let outcome: Socket | 'no-answer';
    try {
      outcome = await connectOnce(host, port, attemptMs, signal);
    } catch (error) {
      if (isAbort(error)) throw error;
      if (errorCode(error) !== 'ECONNREFUSED') {
        throw new BcpError('refused', `could not connect to MPF at ${where} (${errorText(error)}): check the host and port`);
      }
      const wait = Math.min(retryIntervalMs, deadline - Date.now());
      if (wait <= 0) {
        throw new BcpError(
          'refused',
          `could not connect to MPF at ${where} within ${within} (connection refused): is MPF running? BCP listens once MPF has finished starting`,
        );
      }
      await sleep(wait, undefined, { signal });
      continue;
    }
    if (outcome === 'no-answer') {
      throw new BcpError(
        'timeout',
        `could not connect to MPF at ${where} within ${within} (no answer): check the host and port, and that no firewall drops the connection`,
      );
    }
    return { socket: outcome, attempts };
  }
}

async function connectOnce(host: string, port: number, timeoutMs: number, signal: AbortSignal | undefined): Promise<Socket | 'no-answer'> {
  // Loaded here: the network stack costs every command's start-up, and only triggering uses it.
  const { createConnection } = await import('node:net');
  return new Promise((resolve, reject) => {
    // The socket's own `timeout` option is an idle timer that starts only after connecting, so
    // the connect itself is bounded here.
    const attempt = signal === undefined ? null : linkedSignal(signal);
    const socket = createConnection({ host, port, ...(attempt === null ? {} : { signal: attempt.signal }) });
    // A connection that stands stays linked until it closes: aborting must still end it.
    socket.once('close', () => attempt?.release());
    const timer = setTimeout(() => {
      attempt?.release();
      socket.destroy();
      resolve('no-answer');
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeListener('error', onError);
      resolve(socket);
    });
    socket.once('error', onError);
    function onError(error: Error): void {
      clearTimeout(timer);
      attempt?.release();
      socket.destroy();
      reject(error);
    }
  });
}

/**
 * A signal that follows `outer` until released: one for each connection, released when it closes.
 * Node's createConnection adds an abort listener to the signal it is given and never removes it,
 * so one long-lived signal (watch's) given to every connection would gather one per attempt.
 */
function linkedSignal(outer: AbortSignal): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const abort = (): void => controller.abort(outer.reason);
  if (outer.aborted) abort();
  else outer.addEventListener('abort', abort, { once: true });
  return { signal: controller.signal, release: () => outer.removeEventListener('abort', abort) };
}

interface SendRequest {
  socket: Socket;
  command: string;
  where: string;
  event: string;
  /** milliseconds MPF's hello may take from now */
  helloWait: number;
  /** the connect timeout, as the user gave it, for messages */
  within: string;
}

// MPF speaks first with `hello`, and nothing is written before it: a server that hangs up on
// accept is reported as `closed`, and a peer that is not MPF (silent, or saying something else)
// as `not-mpf`, instead of a trigger written where no MPF reads it and claimed as sent.
function sendTrigger(request: SendRequest): Promise<Hello> {
  const { socket, command, where, event, helloWait, within } = request;
  return new Promise((resolve, reject) => {
    let received = '';
    let hello: Hello | null = null;
    let sending = false;
    let flushed = false;
    let settled = false;
    let closeTimer: NodeJS.Timeout | undefined;
    const helloTimer = setTimeout(() => {
      const sent = received === '' ? 'it sent nothing' : `it sent ${excerptOf(received)}`;
      settle(new BcpError('not-mpf', `${where} answered but sent no BCP hello within ${within}, so it is not MPF (${sent}): ${BCP_HINT}`));
    }, helloWait);

    function settle(error: Error | null): void {
      if (settled) return;
      settled = true;
      clearTimeout(helloTimer);
      clearTimeout(closeTimer);
      socket.destroy();
      if (error === null && hello !== null) resolve(hello);
      else reject(error);
    }

    function send(): void {
      if (sending || settled) return;
      sending = true;
      clearTimeout(helloTimer);
      socket.write(command);
      socket.end('goodbye\n');
    }

    function notMpf(line: string): void {
      settle(new BcpError('not-mpf', `${where} is not MPF: it sent ${excerptOf(line)} instead of BCP's hello: ${BCP_HINT}`));
    }

    function otherController(other: Hello): void {
      const name = other.controllerName === null ? 'its BCP hello does not say what it is' : `its BCP hello calls it ${excerptOf(other.controllerName)}${other.controllerVersion === null ? '' : ` ${excerptOf(other.controllerVersion)}`}`;
      settle(new BcpError('not-mpf', `${where} is not MPF: ${name}, not ${MPF_CONTROLLER_NAME}: ${BCP_HINT}`));
    }

    // `cause` is a system error code such as ECONNRESET, or undefined for a plain hang-up.
    function closedEarly(cause: string | undefined): BcpError {
      const why = cause === undefined ? '' : ` (${cause})`;
      // Before MPF's hello nothing says that MPF is what answered.
      if (!sending) {
        return new BcpError(
          'closed',
          `${where} closed the connection before saying BCP's hello, so ${event} was not triggered${why}: is MPF shutting down, or is another program listening on that port?`,
        );
      }
      return new BcpError(
        'closed',
        `MPF at ${where} closed the connection while ${event} was being triggered${why}: the dump may not have been taken`,
      );
    }

    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      // After the hello MPF sends nothing this client needs; reading on keeps the socket flowing
      // so that MPF's close is seen.
      if (sending) return;
      received += chunk;
      const newline = received.indexOf('\n');
      if (newline >= 0) {
        const line = received.slice(0, newline).replace(/\r$/u, '');
        hello = parseHello(line);
        if (hello === null) notMpf(line);
        else if (!isMpfHello(hello)) otherController(hello);
        else send();
      } else if (received.length > MAX_HELLO_CHARS) {
        notMpf(received);
      }
    });

    // Once both lines are in the operating system's hands, the trigger counts as sent: a reset
    // from here on (MPF closing with `goodbye` unread) cannot take back what it already read.
    socket.on('finish', () => {
      flushed = true;
      closeTimer = setTimeout(() => settle(null), CLOSE_GRACE_MS);
    });
    socket.on('end', () => {
      if (!sending) settle(closedEarly(undefined));
    });
    socket.on('error', (error: Error) => {
      if (isAbort(error)) settle(error);
      else if (!flushed) settle(closedEarly(errorText(error)));
    });
    socket.on('close', () => {
      if (flushed) settle(null);
      else settle(closedEarly(undefined));
    });
  });
}

/** The start of what a peer sent, quoted and safe to print on a terminal. */
function excerptOf(text: string): string {
  const characters = Array.from(text);
  const cut = characters.length > EXCERPT_CHARS ? `${characters.slice(0, EXCERPT_CHARS).join('')}…` : text;
  return `"${escapeTerminal(cut)}"`;
}

function describeAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${Number((ms / 1000).toFixed(1))}s`;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function errorText(error: unknown): string {
  return errorCode(error) ?? (error instanceof Error ? error.message : String(error));
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
