import { strict as assert } from 'node:assert';
import { cssColor, mixColors, parseColor, readableOn, scaleColor } from '../../../src/webview/themeColors';

describe('themeColors', () => {
  it('parses the colour forms themes use', () => {
    assert.deepEqual(parseColor('#f14c4c'), { r: 241, g: 76, b: 76, a: 1 });
    assert.deepEqual(parseColor('#FFF'), { r: 255, g: 255, b: 255, a: 1 });
    assert.deepEqual(parseColor('#00000080'), { r: 0, g: 0, b: 0, a: 0.502 });
    assert.deepEqual(parseColor('rgba(10, 20, 30, 0.5)'), { r: 10, g: 20, b: 30, a: 0.5 });
    assert.deepEqual(parseColor('rgb(10 20 30 / 50%)'), { r: 10, g: 20, b: 30, a: 0.5 });
    assert.equal(parseColor('var(--x)'), undefined);
    assert.equal(parseColor('red'), undefined);
  });

  it('mixes linearly and clamps the fraction', () => {
    const black = { r: 0, g: 0, b: 0, a: 1 };
    const white = { r: 255, g: 255, b: 255, a: 1 };
    assert.equal(cssColor(mixColors(black, white, 0.5)), 'rgb(128, 128, 128)');
    assert.equal(cssColor(mixColors(black, white, 2)), 'rgb(255, 255, 255)');
    assert.equal(cssColor(mixColors(black, { ...white, a: 0 }, 0.25)), 'rgba(64, 64, 64, 0.75)');
  });

  it('colours the map on a square-root scale from coolest to hottest', () => {
    assert.equal(scaleColor(0, 16, '#000000', '#ffffff'), 'rgb(0, 0, 0)');
    assert.equal(scaleColor(4, 16, '#000000', '#ffffff'), 'rgb(128, 128, 128)');
    assert.equal(scaleColor(16, 16, '#000000', '#ffffff'), 'rgb(255, 255, 255)');
    assert.equal(scaleColor(3, 0, '#000000', '#ffffff'), 'rgb(0, 0, 0)');
    assert.equal(scaleColor(3, 9, 'var(--x)', '#ffffff'), '#ffffff');
  });

  it('picks black text on light tiles and white on dark ones', () => {
    assert.equal(readableOn('rgb(240, 240, 240)'), '#000000');
    assert.equal(readableOn('#1e1e1e'), '#ffffff');
    assert.equal(readableOn('#f14c4c'), '#000000');
  });
});
