// Who registers what grows: the callbacks the log's handler lines name for a finding, and the
// lines of the machine folder behind them.

/** What a line of the machine folder does for a finding. */
export type SourceRole =
  /** registers a handler for the finding's event (`add_handler`, `add_mode_event_handler`, …) */
  | 'registers'
  /** defines the callback, the class of the owner, a widget or a slide */
  | 'defines'
  /** shows a widget or slide (`widget_player:`, `slide_player:`, a call that adds a slide) */
  | 'plays'
  /** schedules a clock callback (`Clock.schedule_interval`, …) */
  | 'schedules';

/** One line of the machine folder's code or config behind a finding. */
export interface SourceLine {
  /** path relative to the current directory, with `/` */
  file: string;
  /** 1-based line */
  line: number;
  /** the line as written, without its line end */
  code: string;
  role: SourceRole;
  /** the Python function or method that holds the line (`Skillshot.mode_start`), for calls */
  method?: string;
  /** why this line matters: why it leaks, or why it does not, when the code shows it */
  note?: string;
}

/** Who the object a callback is bound to is, from its repr in the log. */
export type OwnerKind =
  /** `<Mode.NAME>`: a mode */
  | 'mode'
  /** `<Scriptlet.a.b.C>`: MPF custom code (`custom_code:`) */
  | 'custom-code'
  /** `<CustomCode.a.b.C>`: MPF-MC custom code (`mc_custom_code:`) */
  | 'mc-custom-code'
  /** anything else: an object of MPF or MPF-MC itself */
  | 'mpf';

/**
 * A callback that the log's EventManager lines name as registered again and again for a
 * handler-growth finding's event: its copies grow over the finding's dumps.
 */
export interface Culprit {
  /** `Class.method` as MPF prints it: the class that defines the method (a base class of the owner's, maybe) */
  callback: string;
  /** repr of the object the method is bound to (`<Mode.skillshot>`); null when the lines do not print it (`-v` lines) */
  owner: string | null;
  /** who the owner is; null when `owner` is */
  ownerKind: OwnerKind | null;
  /** the priority the handlers were registered with; null when unknown */
  priority: number | null;
  /**
   * copies of the callback at each point of the finding, as the last line before that dump wrote
   * them; null where no line had named it yet (fewer than two copies of one object collide)
   */
  counts: (number | null)[];
  /**
   * which lines counted them: `collision`, MPF's `Unordered handler` (older MPF: `Duplicate
   * handler`) lines; `registered`, the `Registered …`/`Removing …` lines of a `-v` log
   */
  from: 'collision' | 'registered';
  /** a line that named it was cut off mid-list (a log copied while written): a count there is what the line held */
  cut: boolean;
  /** the machine folder's lines that define and register the callback; empty without a machine folder or when none is found */
  sources: SourceLine[];
  /** why there are no source lines, when the machine folder says (MPF's own object, a class not found) */
  note?: string;
}

/** Why a handler-growth finding has no culprit. */
export type NoCulpritReason =
  /**
   * the log has EventManager lines, but none names a callback of this event: the handlers are
   * bound to different objects (MPF names only methods of one object that collide), or are plain
   * functions
   */
  | 'no-line'
  /** lines name callbacks of this event, but the copies of none keep growing (a step that rose once, copies that hold) */
  | 'not-growing'
  /** the log has no EventManager lines at all (no posted events, no handler lines): its INFO logging is off */
  | 'not-logged';

/** The machine folder read for the source lines of culprits and findings. */
export interface MachineFolder {
  /** the folder as given (`--machine`) or found, relative when the input was */
  dir: string;
  /** `option`: `--machine`; `logs-folder`: the folder above a `logs/` input, which holds `config/` */
  chosenBy: 'option' | 'logs-folder';
  /** files not read, and why (a missing folder, or one without `config/`, is one warning naming the folder) */
  warnings: { file: string; message: string }[];
}
