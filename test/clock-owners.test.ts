// The object a clock callback is a bound method of, from the repr Kivy printed.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ownerOfCallback } from '../src/parse/normalize.js';

test('the owner repr of a bound method, nested brackets and all; null for anything else', () => {
  assert.equal(ownerOfCallback('<bound method HurryUpDisplay._count_down of <CustomCode.code.mc_hurry_up.HurryUpDisplay>>'), '<CustomCode.code.mc_hurry_up.HurryUpDisplay>');
  assert.equal(ownerOfCallback('functools.partial(<bound method Widget.remove of <Text Widget text=<5>>>, 3)'), '<Text Widget text=<5>>');
  assert.equal(ownerOfCallback('<function tick at 0x7f>'), null);
  assert.equal(ownerOfCallback('<bound method A.b of <Cut.off'), null);
});
