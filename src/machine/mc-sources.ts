// The MPF-MC side of a culprit: the YAML that defines a widget or slide, the widgets and slides that
// pull it in, the widget_player and slide_player entries and code that show it, and the calls that
// add a slide without a name.

import { keyOfRepr } from '../parse/normalize.js';
import { topValue, type FolderIndex } from './folder-index.js';
import { NOTES } from './notes.js';
import type { SourceLine } from './types.js';
import { entriesOf, itemsOf, scalarText, valueAt, type YamlEntry, type YamlFile } from './yaml-index.js';

/** Calls that add a slide without a name: each makes an `Anon_<id>` slide config that MC keeps. */
export function anonymousSlideSources(index: FolderIndex): SourceLine[] {
  const lines: SourceLine[] = [];
  for (const ref of index.calls) {
    const call = ref.call;
    const named = call.name === 'add_and_show_slide'
      ? call.keywords.has('slide_name') || call.positional.length >= 2
      : call.name === 'add_slide' ? call.keywords.has('name') || call.positional.length >= 1 : true;
    if (named) continue;
    lines.push({ ...index.callLine(ref, 'plays'), note: NOTES.anonymousSlide(call.name) });
  }
  return lines;
}

/**
 * The YAML that defines a widget key (`Text:SPINNER BONUS`, `Image:NAME`), the widgets and slides
 * that pull it in, and what plays them. A text is keyed as the dump's repr of it would be.
 */
export function widgetSources(index: FolderIndex, key: string, keyOfText: (text: string) => string = textWidgetKey): SourceLine[] {
  const colon = key.indexOf(':');
  if (colon === -1) return [];
  const type = key.slice(0, colon);
  const value = key.slice(colon + 1);
  const matches = (element: unknown, file: YamlFile): YamlEntry | null => {
    const elementType = scalarText(valueAt(file, element, 'type')?.value)?.toLowerCase();
    if (type === 'Text' && elementType === 'text') {
      const text = valueAt(file, element, 'text');
      const written = scalarText(text?.value);
      return text !== undefined && written !== null && keyOfText(written) === keyOfText(value) ? text : null;
    }
    if ((type === 'Image' || type === 'Video') && elementType === type.toLowerCase()) {
      const name = valueAt(file, element, type.toLowerCase());
      return name !== undefined && scalarText(name.value) === value ? name : null;
    }
    return null;
  };
  return containerSources(index, matches, (holder, kind) => NOTES.widgetElement(type.toLowerCase(), kind, holder));
}

/** The YAML that defines a slide key (`Slide:NAME`), and what shows it. */
export function slideSources(index: FolderIndex, key: string): SourceLine[] {
  if (!key.startsWith('Slide:')) return [];
  const name = key.slice('Slide:'.length);
  const lines: SourceLine[] = [];
  for (const file of index.yaml) {
    for (const slide of entriesOf(file, topValue(file, 'slides'))) {
      if (slide.key === name) lines.push(index.yamlLine(file, slide.line, 'defines', NOTES.slideDefinition(name)));
    }
  }
  for (const line of playerSources(index, new Set(), new Set([name]))) lines.push(line);
  for (const line of codeNaming(index, new Set([name]), 'slide')) lines.push(line);
  return lines;
}

function containerSources(
  index: FolderIndex,
  matches: (element: unknown, file: YamlFile) => YamlEntry | null,
  describe: (holder: string, kind: 'widget' | 'slide') => string,
): SourceLine[] {
  const lines: SourceLine[] = [];
  const widgets = new Set<string>();
  const slides = new Set<string>();
  for (const file of index.yaml) {
    for (const [section, kind] of [['widgets', 'widget'], ['slides', 'slide']] as const) {
      for (const holder of entriesOf(file, topValue(file, section))) {
        for (const element of elementsOf(file, holder.value)) {
          const found = matches(element, file);
          if (found === null) continue;
          lines.push(index.yamlLine(file, found.line, 'defines', describe(holder.key, kind)));
          (kind === 'widget' ? widgets : slides).add(holder.key);
        }
      }
    }
  }
  if (widgets.size === 0 && slides.size === 0) return lines;
  // Widgets and slides that pull a matching widget in with `- widget: NAME`, to any depth.
  for (let grew = true; grew;) {
    grew = false;
    for (const file of index.yaml) {
      for (const [section, kind] of [['widgets', 'widget'], ['slides', 'slide']] as const) {
        for (const holder of entriesOf(file, topValue(file, section))) {
          const holders = kind === 'widget' ? widgets : slides;
          if (holders.has(holder.key)) continue;
          for (const element of elementsOf(file, holder.value)) {
            const reference = valueAt(file, element, 'widget');
            const referenced = scalarText(reference?.value);
            if (reference === undefined || referenced === null || !widgets.has(referenced)) continue;
            lines.push(index.yamlLine(file, reference.line, 'defines', NOTES.widgetReference(holder.key, kind, holder.line, holder.endLine, referenced)));
            holders.add(holder.key);
            grew = true;
            break;
          }
        }
      }
    }
  }
  for (const line of playerSources(index, widgets, slides)) lines.push(line);
  for (const line of codeNaming(index, widgets, 'widget')) lines.push(line);
  for (const line of codeNaming(index, slides, 'slide')) lines.push(line);
  return lines;
}

// widget_player and slide_player entries (in any config, modes too) that show these widgets or slides.
function playerSources(index: FolderIndex, widgets: Set<string>, slides: Set<string>): SourceLine[] {
  const lines: SourceLine[] = [];
  const removers = new Map<string, string>();
  const plays: { file: YamlFile; event: YamlEntry; widget: string; settings: unknown }[] = [];
  for (const file of index.yaml) {
    for (const event of entriesOf(file, topValue(file, 'widget_player'))) {
      for (const shown of playedNames(file, event.value)) {
        if (!widgets.has(shown.name)) continue;
        if (scalarText(valueAt(file, shown.settings, 'action')?.value) === 'remove') removers.set(shown.name, event.key);
        plays.push({ file, event, widget: shown.name, settings: shown.settings });
      }
    }
    for (const event of entriesOf(file, topValue(file, 'slide_player'))) {
      for (const shown of playedNames(file, event.value)) {
        if (slides.has(shown.name)) lines.push(index.yamlLine(file, event.line, 'plays', NOTES.slidePlayer(event.key, shown.name)));
      }
    }
  }
  for (const play of plays) {
    const { file, event, widget, settings } = play;
    const action = scalarText(valueAt(file, settings, 'action')?.value);
    const expire = scalarText(valueAt(file, settings, 'expire')?.value)
      ?? scalarText(valueAt(file, valueAt(file, settings, 'widget_settings')?.value, 'expire')?.value);
    const slide = scalarText(valueAt(file, settings, 'slide')?.value);
    const remover = removers.get(widget);
    const note = action === 'remove' ? NOTES.widgetPlayerRemoves(event.key, widget)
      : expire !== null ? NOTES.widgetPlayerExpires(event.key, widget, expire)
      : remover !== undefined ? NOTES.widgetPlayerRemovedElsewhere(event.key, widget, remover)
      : NOTES.widgetPlayerStays(event.key, widget, slide, event.line, event.endLine);
    lines.push(index.yamlLine(file, event.line, 'plays', note));
  }
  return lines;
}

function codeNaming(index: FolderIndex, names: Set<string>, kind: 'widget' | 'slide'): SourceLine[] {
  const lines: SourceLine[] = [];
  for (const [file, module] of index.python) {
    for (const string of module.strings) {
      if (names.has(string.value)) lines.push({ ...index.sourceLine(file, module, string.line, 'plays'), note: NOTES.codeNames(kind, string.value) });
    }
  }
  return lines;
}

function textWidgetKey(text: string): string {
  return keyOfRepr(`<Text Widget text=${text}>`);
}

// The elements of a widget or slide definition: a list of widget maps, one map, or `widgets:` of
// a slide written as a map.
function elementsOf(file: YamlFile, value: unknown): unknown[] {
  const widgetsEntry = valueAt(file, value, 'widgets');
  return itemsOf(widgetsEntry !== undefined ? widgetsEntry.value : value);
}

// What one widget_player / slide_player event entry shows: `event: name`, `event: [a, b]` or
// `event: {name: settings}`.
function playedNames(file: YamlFile, value: unknown): { name: string; settings: unknown }[] {
  const single = scalarText(value);
  if (single !== null) return single.split(/\s*,\s*/).filter(Boolean).map((name) => ({ name, settings: null }));
  const entries = entriesOf(file, value);
  if (entries.length > 0) return entries.map((entry) => ({ name: entry.key, settings: entry.value }));
  return itemsOf(value).map((item) => scalarText(item)).filter((name): name is string => name !== null).map((name) => ({ name, settings: null }));
}
