import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { widgetSize } from '../plugins/widget-size.js';

const test = suite('widget sizes');

test('the old shorthand 1 and 2 become a third and two thirds of the board', () => {
  assert.equal(widgetSize(undefined), { w: 4, h: 4, minW: 2, minH: 2, maxW: 12, maxH: 12 });
  assert.is(widgetSize(2).w, 8);
});

test('bounds default to the whole grid', () => {
  assert.equal(widgetSize({ w: 3, h: 2 }), { w: 3, h: 2, minW: 1, minH: 1, maxW: 12, maxH: 12 });
});

test('a size outside its own bounds or the grid is refused with a message naming the field', () => {
  assert.throws(() => widgetSize({ w: 13, h: 2 }), /w must be a whole number from 1 to 12/);
  assert.throws(() => widgetSize({ w: 2, h: 2, minW: 3 }), /w 2 is not between minW 3/);
  assert.throws(() => widgetSize({ w: 2, h: 0.5 }), /h must be a whole number/);
  assert.throws(() => widgetSize(3 as any), /must be 1, 2 or/);
});

test.run();
