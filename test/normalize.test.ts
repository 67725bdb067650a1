import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyOfCallback, keyOfRepr, stripVolatile } from '../src/parse/normalize.js';

test('object reprs get type and name, without ids, addresses or positions', () => {
  const cases: [string, string][] = [
    ['<Slide name=dmd_front, priority=10, id=8>', 'Slide:dmd_front'],
    ['<Display name=window[600, 700], current slide=window_slide_1, total slides=2>', 'Display:window'],
    ['<Text Widget text=PRESS START>', 'Text:PRESS START'],
    ['<Text Widget text=PLAYER\n1>', 'Text:PLAYER\n#'],
    ['<Text Widget text=SCORE 10,470>', 'Text:SCORE #'],
    ['<Image name=nyannyan, size=[110, 281], pos=[172.0, 155.70284725004058]>', 'Image:nyannyan'],
    ['<Image (loading...), size=[110, 281], pos=[0, 0]>', 'Image:(loading...)'],
    ['<Video name=intro, size=[128, 32], pos=[0, 0]>', 'Video:intro'],
    ['<DisplayWidget size=[600, 700], pos=[0, 0], source=window>', 'DisplayWidget:window'],
    ['<WidgetContainer id=None z=2 key=None>', 'WidgetContainer:None'],
    ['<WidgetContainer z=0 key=score>', 'WidgetContainer:score'],
    ['<Rectangle Widget id=140522942265984>', 'Rectangle Widget'],
    ['<Images Asset: drache, loaded=True>', 'Asset:images:drache'],
    ['<Sound: coin (12), Loaded=True>', 'Sound:coin'],
    ['<kivy.uix.effectwidget.EffectWidget object at 0x7fe7b79c1e80>', 'kivy.uix.effectwidget.EffectWidget'],
    ['<mpfmc.widgets.text.BitmapFontLabel object at 0x000001E0D2B4A3C0>', 'mpfmc.widgets.text.BitmapFontLabel'],
  ];
  for (const [repr, key] of cases) assert.equal(keyOfRepr(repr), key, repr);
});

test('the same widget in two runs gets the same key', () => {
  assert.equal(
    keyOfRepr('<Image name=nyannyan, size=[110, 281], pos=[60.0, 100.44406174999192]>'),
    keyOfRepr('<Image name=nyannyan, size=[110, 281], pos=[172.0, 155.70284725004058]>'),
  );
  assert.equal(keyOfRepr('<Rectangle Widget id=1>'), keyOfRepr('<Rectangle Widget id=2>'));
});

test('clock callbacks keep the qualified method name', () => {
  const cases: [string, string][] = [
    ['<bound method MpfMc.tick of <mpfmc.core.mc.MpfMc object at 0x7fe7c8ab91e8>>', 'MpfMc.tick'],
    ['<bound method Widget.remove of <Image name=nyannyan, size=[110, 281], pos=[60.0, 100.4]>>', 'Widget.remove'],
    ['<function Cache._purge_by_timeout at 0x7fe7c73eeae8>', 'Cache._purge_by_timeout'],
    ['<bound method McDisplayLightPlayer._tick of BcpConfigPlayer.display_lights>', 'McDisplayLightPlayer._tick'],
    ['functools.partial(<bound method Widget.remove of <Text Widget text=a, b>>, 3)', 'partial(Widget.remove)'],
    ['None', 'None'],
  ];
  for (const [callback, key] of cases) assert.equal(keyOfCallback(callback), key, callback);
});

test('unknown reprs lose only their volatile parts', () => {
  assert.equal(stripVolatile('<Foo bar at 0xDEADBEEF id=140522942265984 pos=[1.5, 2]>'), '<Foo bar id=… pos=…>');
  assert.equal(keyOfRepr('<Mode.attract>'), '<Mode.attract>');
});
