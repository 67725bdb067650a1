// Stable keys for reprs. The same slide, widget or clock callback must get the same key in two runs,
// although its repr carries memory addresses, `id()` values and animated positions that change every time.

const SLIDE = /^<Slide name=(.*), priority=-?\d+, id=\d+>$/s;
const DISPLAY = /^<Display name=(.*?)\[[^\]]*\], current slide=/s;
const TEXT_WIDGET = /^<Text Widget text=(.*)>$/s;
const IMAGE_OR_VIDEO = /^<(Image|Video) (?:name=(.*?)|\(loading\.\.\.\)), size=/s;
// These two are tried only on reprs ending in `>`: on others the two greedy groups backtrack over
// each other at every `, source=`, quadratic in the length of the repr.
const DISPLAY_WIDGET = /^<DisplayWidget size=.*, source=(.*)>$/s;
const DISPLAY_OUTPUT = /^<DisplayOutput size=.*, source=(.*)>$/s;
const WIDGET_CONTAINER = /^<WidgetContainer (?:id=\S+ )?z=-?\d+ key=(.*)>$/s;
const TEXT_INPUT = /^<TextInput Widget(?: key=(.*))?>$/s;
const PLAIN_WIDGET = /^<(\w+) Widget id=\S+>$/;
const ASSET = /^<(\w+) Asset: (.*), loaded=(?:True|False)>$/s;
const SOUND = /^<Sound: (.*) \(\d+\), Loaded=(?:True|False)>$/s;
const DEFAULT_REPR = /^<([\w.]+) object at 0x[0-9a-fA-F]+>$/;

const BOUND_METHOD = /^<bound method ([\w.<>]+) of /;
const FUNCTION = /^<function ([\w.<>]+) at 0x[0-9a-fA-F]+>$/;
const BUILTIN = /^<built-in method (\w+) of /;
const PARTIAL = /^functools\.partial\((.*)\)$/s;

const NUMBER = /\d+(?:[.,]\d+)*/g;
const ADDRESS = / at 0x[0-9a-fA-F]+/g;
const WIDGET_ID = /\bid=\d{5,}/g;
const POSITION_OPEN = 'pos=[';

/** Key of an object repr from DISPLAYS or OBJECTS: `Slide:attract`, `Image:nyannyan`, `Rectangle Widget`. */
export function keyOfRepr(repr: string): string {
  let match: RegExpExecArray | null;
  if ((match = SLIDE.exec(repr))) return `Slide:${match[1]}`;
  if ((match = DISPLAY.exec(repr))) return `Display:${match[1]}`;
  // Numbers in a text are values (score, ball, timer) that change every dump: the widget stays one.
  if ((match = TEXT_WIDGET.exec(repr))) return `Text:${match[1]!.replace(NUMBER, '#')}`;
  if ((match = IMAGE_OR_VIDEO.exec(repr))) return `${match[1]}:${match[2] ?? '(loading...)'}`;
  const closed = repr.endsWith('>');
  if (closed && (match = DISPLAY_WIDGET.exec(repr))) return `DisplayWidget:${match[1]}`;
  if (closed && (match = DISPLAY_OUTPUT.exec(repr))) return `DisplayOutput:${match[1]}`;
  if ((match = WIDGET_CONTAINER.exec(repr))) return `WidgetContainer:${match[1]}`;
  if ((match = TEXT_INPUT.exec(repr))) return `TextInput:${match[1] ?? 'None'}`;
  if ((match = PLAIN_WIDGET.exec(repr))) return `${match[1]} Widget`;
  if ((match = ASSET.exec(repr))) return `Asset:${match[1]!.toLowerCase()}:${match[2]}`;
  if ((match = SOUND.exec(repr))) return `Sound:${match[1]}`;
  if ((match = DEFAULT_REPR.exec(repr))) return match[1]!;
  return stripVolatile(repr);
}

/** Key of a Kivy clock callback repr: `Widget.remove`, `MpfMc.tick`, `partial(Widget.remove)`. */
export function keyOfCallback(callback: string): string {
  let match: RegExpExecArray | null;
  if ((match = BOUND_METHOD.exec(callback))) return match[1]!;
  if ((match = FUNCTION.exec(callback))) return match[1]!;
  if ((match = BUILTIN.exec(callback))) return `built-in ${match[1]}`;
  if ((match = PARTIAL.exec(callback))) return `partial(${keyOfCallback(firstArgument(match[1]!))})`;
  return stripVolatile(callback);
}

/** Removes what changes from run to run but says nothing about identity. */
export function stripVolatile(repr: string): string {
  return stripPositions(repr.replace(ADDRESS, '').replace(WIDGET_ID, 'id=…'));
}

// What /pos=\[[^\]]*\]/g would replace, in linear time: that regex scans to the end of the text
// from every `pos=[` that has no `]` after it, quadratic in the length of the text.
function stripPositions(text: string): string {
  let stripped = '';
  let from = 0;
  for (let open = text.indexOf(POSITION_OPEN); open !== -1; open = text.indexOf(POSITION_OPEN, from)) {
    const close = text.indexOf(']', open + POSITION_OPEN.length);
    if (close === -1) break;
    stripped += `${text.slice(from, open)}pos=…`;
    from = close + 1;
  }
  return stripped + text.slice(from);
}

// functools.partial's repr lists the callable first; its own repr may hold commas inside <...>.
function firstArgument(args: string): string {
  let depth = 0;
  for (let i = 0; i < args.length; i++) {
    const char = args[i];
    if (char === '<' || char === '(' || char === '[' || char === '{') depth++;
    else if (char === '>' || char === ')' || char === ']' || char === '}') depth--;
    else if (char === ',' && depth === 0) return args.slice(0, i);
  }
  return args;
}

const BOUND_METHOD_TEXT = '<bound method ';
const OF_OBJECT = ' of <';

/** The repr of the object a bound method is of, `<…>` with its nested brackets (`functools.partial` too); null for anything else. */
export function ownerOfCallback(callback: string): string | null {
  const method = callback.indexOf(BOUND_METHOD_TEXT);
  if (method === -1) return null;
  const of = callback.indexOf(OF_OBJECT, method + BOUND_METHOD_TEXT.length);
  if (of === -1) return null;
  const start = of + OF_OBJECT.length - 1;
  let depth = 0;
  for (let index = start; index < callback.length; index++) {
    const char = callback[index];
    if (char === '<') depth++;
    else if (char === '>' && --depth === 0) return callback.slice(start, index + 1);
  }
  // Cut off before its end: not a repr to look up.
  return null;
}
