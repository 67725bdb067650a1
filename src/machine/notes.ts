// The words of the machine-folder notes, in one place. Each says why a source line leaks, or why
// it does not, from what the code and config show.

export const NOTES = {
  // The registering method is said beside the note (SourceLine.method).
  globalHandlerInMode: () =>
    'a global handler added each time the mode starts; MPF does not remove it when the mode stops (use self.add_mode_event_handler)',
  modeHandler: () => 'added with add_mode_event_handler: MPF removes it when the mode stops',
  keyNeverRemoved: (key: string, method: string) =>
    `the key is kept in ${key} but never passed to remove_handler_by_key: each call of ${method} adds one more handler`,
  keyNotKept: (method: string) =>
    `the key is not kept and nothing removes this handler: each call of ${method} adds one more handler`,
  removedIn: (method: string) => `removed in ${method}`,
  removedInUncalled: (method: string, name: string) =>
    `removed in ${method}, but nothing in the machine's code calls ${name}: each new object keeps its handler`,
  removalOverridden: (override: string, removing: string, name: string) =>
    `${override} overrides ${removing}, which removed it, and does not call super().${name}()`,
  definesCallback: (callback: string) => `defines ${callback}`,
  classOfOwner: (owner: string) => `the class of ${owner}`,
  mpfOwn: (owner: string) => `${owner} is MPF's own object, not the machine's code`,
  mpfOwnMode: (mode: string) => `mode ${mode} is MPF's own (no modes/${mode} in the machine folder)`,
  modeConfigSkipped: (file: string, why: string) => `its config ${file} was ${why}`,
  modeFolderSkipped: (folder: string, why: string) => `the folder ${folder}, where its config would be, was ${why}`,
  modeWithoutCode: (mode: string) => `mode ${mode} has no mode: code:, so it runs MPF's own Mode class`,
  classInSkippedFile: (className: string, file: string, why: string) => `class ${className} is in ${file}, which was ${why}`,
  classInSkippedFolder: (className: string, folder: string, why: string) => `class ${className} may be in ${folder}, which was ${why}`,
  classNotFound: (className: string, tried: string[]) => `class ${className} not found (looked in ${tried.join(', ')})`,
  scheduleRepeatsNeverCancelled: (method: string, kept: string | null) =>
    `repeats until cancelled and nothing cancels it${kept === null ? '' : ` (kept in ${kept})`}: each call of ${method} adds one more clock event`,
  scheduleCancelledIn: (method: string) => `cancelled in ${method}`,
  scheduleOnce: () => 'runs once, then the clock drops it',
  anonymousSlide: (call: string) =>
    `${call} without slide_name: MC names the slide Anon_<id> and keeps its config in mc.slides for good (pass slide_name=…)`,
  widgetElement: (type: string, kind: 'widget' | 'slide', holder: string) => `${type} widget of ${kind} ${holder}`,
  widgetReference: (holder: string, kind: 'widget' | 'slide', first: number, last: number, widget: string) =>
    `${kind} ${holder} (lines ${first}–${last}) pulls in ${widget} by reference`,
  slideDefinition: (slide: string) => `slide ${slide}`,
  widgetPlayerStays: (event: string, widget: string, slide: string | null, first: number, last: number) =>
    `widget_player ${event} shows ${widget}${slide === null ? '' : ` on slide ${slide}`} (lines ${first}–${last}) with no expire and no removal: every play leaves it on its slide`,
  widgetPlayerExpires: (event: string, widget: string, expire: string) => `widget_player ${event} shows ${widget}, expire ${expire}`,
  widgetPlayerRemoves: (event: string, widget: string) => `widget_player ${event} removes ${widget}`,
  widgetPlayerRemovedElsewhere: (event: string, widget: string, remover: string) =>
    `widget_player ${event} shows ${widget}; widget_player ${remover} removes it`,
  slidePlayer: (event: string, slide: string) => `slide_player ${event} shows ${slide}`,
  codeNames: (kind: 'widget' | 'slide', name: string) => `code names ${kind} ${name}`,
} as const;

/** Why a file of the machine folder was skipped. */
export const WARNINGS = {
  pythonSyntax: (line: number) => `not valid Python at line ${line}, skipped`,
  yamlSyntax: (line: number, message: string) => `not valid YAML at line ${line} (${message}), skipped`,
  tooLarge: (bytes: number) => `larger than ${bytes} bytes, skipped`,
  unreadable: (message: string) => `unreadable (${message}), skipped`,
  tooManyFiles: (limit: number) => `more than ${limit} files: the rest were not read`,
  noMachineFolder: () => 'no machine folder: it holds no config/ folder',
  noFolder: () => 'no such folder: no source lines are shown',
  folderNotFile: () => 'a folder, not a file: not read as config or code',
} as const;
