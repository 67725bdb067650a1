import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexPython, isSyntaxError, type PythonModule } from '../src/machine/python-index.js';
import { entriesOf, indexYaml, isYamlSyntaxError, type YamlFile } from '../src/machine/yaml-index.js';

function python(source: string): PythonModule {
  const indexed = indexPython(source);
  assert.ok(!isSyntaxError(indexed), JSON.stringify(indexed));
  return indexed;
}

const SOURCE = [
  'import functools',
  '',
  'class Bonus(base.Mode, metaclass=Meta):',
  '    """add_handler(\'not_a_call\', self.x) in a docstring"""',
  '    def mode_start(self, **kwargs):',
  '        super().mode_start(**kwargs)',
  '        # self.machine.events.add_handler(\'commented\', self.x)',
  '        self.keys.append(self.machine.events.add_handler(',
  "            'target_hit', handler=self._hit, priority=2))",
  '        for key in self.keys:',
  '            self.machine.events.remove_handler_by_key(key)',
  '        self.timer = first = Clock.schedule_interval(functools.partial(self._tick, 1), 0.5)',
  '',
  '    async def _hit(self, **kwargs):',
  "        return self.mc.widgets['banner']",
  '',
  'def helper():',
  '    def inner(): pass',
].join('\r\n');

test('classes, bases, methods and super() calls, with their lines', () => {
  const module = python(SOURCE);
  assert.equal(module.classes.length, 1);
  const bonus = module.classes[0]!;
  assert.equal(bonus.name, 'Bonus');
  assert.equal(bonus.line, 3);
  assert.deepEqual(bonus.bases, ['base.Mode']);
  assert.deepEqual([...bonus.methods.keys()], ['mode_start', '_hit']);
  assert.equal(bonus.methods.get('_hit')!.line, 14);
  assert.deepEqual([...bonus.methods.get('mode_start')!.superCalls], ['mode_start']);
});

test('calls: callee, arguments, place, and where the result is kept; comments and strings are not calls', () => {
  const module = python(SOURCE);
  assert.ok(!module.calls.some((call) => call.line === 4 || call.line === 7));
  const add = module.calls.find((call) => call.name === 'add_handler')!;
  assert.equal(add.line, 8);
  assert.equal(add.callee, 'self.machine.events.add_handler');
  assert.equal(add.positional[0]!.string, 'target_hit');
  assert.equal(add.keywords.get('handler')!.text, 'self._hit');
  assert.equal(add.keywords.get('priority')!.text, '2');
  assert.equal(add.appendedTo, 'self.keys');
  assert.equal(add.className, 'Bonus');
  assert.equal(add.functionName, 'mode_start');
  const remove = module.calls.find((call) => call.name === 'remove_handler_by_key')!;
  assert.deepEqual(remove.loopsOver, ['self.keys']);
  assert.deepEqual(remove.loopVariables, ['key']);
  const schedule = module.calls.find((call) => call.name === 'schedule_interval')!;
  assert.equal(schedule.assignedTo, 'self.timer');
  assert.equal(schedule.positional[0]!.partialOf, 'self._tick');
  assert.deepEqual(module.strings.find((string) => string.value === 'banner'), { value: 'banner', line: 15 });
  assert.equal(module.lines[7], '        self.keys.append(self.machine.events.add_handler(');
});

test('an argument that is a name bound to one string constant is read as that string; any other binding leaves it unknown', () => {
  const module = python([
    "ROLLOVER = 's_top_rollover_active'",
    "SHADOWED = 'module_value'",
    '',
    'class Skillshot(Mode):',
    "    EVENT = 'class_event'",
    "    CHANGED = 'class_changed'",
    '',
    '    def mode_start(self, **kwargs):',
    "        ev = 's_local'",
    '        self.machine.events.add_handler(ev, self._hit)',
    '        self.machine.events.add_handler(ROLLOVER, self._hit)',
    '        self.machine.events.add_handler(self.EVENT, self._hit)',
    '        self.machine.events.add_handler(Skillshot.EVENT, self._hit)',
    '        self.machine.events.add_handler(event=ev, handler=self._hit)',
    '',
    '    def stop(self, SHADOWED, **kwargs):',
    '        self.machine.events.add_handler(SHADOWED, self._hit)',
    "        name = 'a' if kwargs else 'b'",
    '        self.machine.events.add_handler(name, self._hit)',
    "        twice = 'x'",
    '        twice = compute()',
    '        self.machine.events.add_handler(twice, self._hit)',
    "        grown = 'y'",
    "        grown += '_z'",
    '        self.machine.events.add_handler(grown, self._hit)',
    "        for looped in ['p', 'q']:",
    '            self.machine.events.add_handler(looped, self._hit)',
    '        self.machine.events.add_handler(self.CHANGED, self._hit)',
    '        self.machine.events.add_handler(unbound, self._hit)',
    '',
    '    def later(self):',
    "        self.CHANGED = 'other'",
    '',
  ].join('\n'));
  const events = module.calls.filter((call) => call.name === 'add_handler').map((call) => (call.keywords.get('event') ?? call.positional[0])!.string);
  assert.deepEqual(events, [
    's_local', 's_top_rollover_active', 'class_event', 'class_event', 's_local',
    null, null, null, null, null, null, null,
  ]);
});

test('a file with a syntax error gives the line of the first error', () => {
  const indexed = indexPython('class A:\n    def ok(self):\n        pass\n\ndef broken(:\n    pass\n');
  assert.ok(isSyntaxError(indexed));
  assert.equal(indexed.line, 5);
});

test('YAML entries keep the lines of their keys and values', () => {
  const indexed = indexYaml('config/mc.yaml', 'widget_player:\n  spin:\n    banner:\n      slide: hud\n\n  other: x\n');
  assert.ok(!isYamlSyntaxError(indexed));
  const file: YamlFile = indexed;
  const player = file.top[0]!;
  assert.deepEqual([player.key, player.line, player.endLine], ['widget_player', 1, 6]);
  assert.deepEqual(entriesOf(file, player.value).map((entry) => [entry.key, entry.line, entry.endLine]), [['spin', 2, 4], ['other', 6, 6]]);
});

test('YAML that does not parse gives the line of the first error; a repeated key does not stop it', () => {
  const broken = indexYaml('x.yaml', 'mode:\n  start_events: [a\n  priority: 1\n');
  assert.ok(isYamlSyntaxError(broken));
  assert.equal(typeof broken.line, 'number');
  const repeated = indexYaml('x.yaml', 'a: 1\na: 2\n');
  assert.ok(!isYamlSyntaxError(repeated));
  assert.equal(repeated.top.length, 2);
});
