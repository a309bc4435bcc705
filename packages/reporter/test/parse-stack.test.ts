/**
 * The stack parser on stack strings as the three engines print them. The Chrome ones were captured from Chromium
 * 156 running the widget snippet below; the Firefox and Safari ones follow those engines' formats for the same code
 * (named and anonymous functions, async frames, native frames, a URL with a port and a query).
 *
 *   function formatCaller(call) { return call.visitor.name.toUpperCase(); }          // line 1
 *   function renderCallPanel(call) { return '<b>' + formatCaller(call) + '</b>'; }   // line 2
 *   button.addEventListener('click', function () { renderCallPanel({}); });          // line 4
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseStack } from '../src/parse-stack.ts';

const W = 'http://127.0.0.1:42099/w.js?v=3';
const f = (fn: string, lineno: number, colno?: number, filename = W) => (colno === undefined ? { filename, function: fn, lineno, in_app: true } : { filename, function: fn, lineno, colno, in_app: true });

describe('parseStack', () => {
  it('reads Chrome: message line skipped, oldest first, <anonymous> listeners kept by name', () => {
    const stack = `TypeError: Cannot read properties of undefined (reading 'name')\n    at formatCaller (${W}:1:51)\n    at renderCallPanel (${W}:2:49)\n    at HTMLButtonElement.<anonymous> (${W}:4:76)`;
    assert.deepEqual(parseStack(stack), [f('HTMLButtonElement.<anonymous>', 4, 76), f('renderCallPanel', 2, 49), f('formatCaller', 1, 51)]);
  });

  it('reads Chrome async frames under the function name', () => {
    const stack = `Error: config fetch failed: 503\n    at loadConfig (${W}:5:49)\n    at async boot (${W}:6:25)`;
    assert.deepEqual(parseStack(stack), [f('boot', 6, 25), f('loadConfig', 5, 49)]);
  });

  it('reads Chrome anonymous top-level frames and skips frames without a position', () => {
    const stack = `Error: boom\n    at ${W}:9:3\n    at new Promise (<anonymous>)\n    at async Promise.all (index 0)\n    at Array.map (<anonymous>)\n    at init (https://cdn.ghostgreeter.com/widget.js:1:2044)`;
    assert.deepEqual(parseStack(stack), [f('init', 1, 2044, 'https://cdn.ghostgreeter.com/widget.js'), f('?', 9, 3)]);
  });

  it('does not take a Chrome message that looks like a frame for one', () => {
    const stack = `RoomError: ws://agent@signal.example.com:443 refused\n    at joinRoom (${W}:9:69)`;
    assert.deepEqual(parseStack(stack), [f('joinRoom', 9, 69)]);
  });

  it('reads Chrome eval and parenthesised URLs without misreading them', () => {
    const stack = `Error: x\n    at eval (eval at run (${W}:3:9), <anonymous>:1:7)\n    at onClick (http://localhost:3000/(group)/[route]/page.js:1:644)`;
    assert.deepEqual(parseStack(stack), [f('onClick', 1, 644, 'http://localhost:3000/(group)/[route]/page.js')]);
  });

  it('reads Firefox: fn@url:line:col, anonymous @url, async markers kept', () => {
    const stack = `formatCaller@${W}:1:51\nrenderCallPanel@${W}:2:49\n@${W}:4:70\nEventListener.handleEvent*@${W}:4:36\n`;
    assert.deepEqual(parseStack(stack), [f('EventListener.handleEvent*', 4, 36), f('?', 4, 70), f('renderCallPanel', 2, 49), f('formatCaller', 1, 51)]);
    assert.deepEqual(parseStack(`loadConfig@${W}:5:49\nasync*boot@${W}:6:25\n@${W}:7:1\n`), [f('?', 7, 1), f('async*boot', 6, 25), f('loadConfig', 5, 49)]);
  });

  it('reads Firefox nested function names and file: URLs', () => {
    const stack = 'Panel.prototype.render/</<@https://cdn.ghostgreeter.com/widget.js:1:703\nbar@file:///home/dev/widget/index.html:20:3\n';
    assert.deepEqual(parseStack(stack), [
      f('bar', 20, 3, 'file:///home/dev/widget/index.html'),
      f('Panel.prototype.render/</<', 1, 703, 'https://cdn.ghostgreeter.com/widget.js'),
    ]);
  });

  it('reads Safari: global code, native frames skipped, no message line', () => {
    const stack = `formatCaller@${W}:1:51\nrenderCallPanel@${W}:2:49\n@${W}:4:76\ndispatchEvent@[native code]\nmap@[native code]\nglobal code@${W}:12:10`;
    assert.deepEqual(parseStack(stack), [f('global code', 12, 10), f('?', 4, 76), f('renderCallPanel', 2, 49), f('formatCaller', 1, 51)]);
  });

  it("reads old Safari's bare url:line:col lines and lines without a column", () => {
    assert.deepEqual(parseStack(`${W}:48:22\nfoo@${W}:52:15\nbar@${W}:108`), [f('bar', 108), f('foo', 52, 15), f('?', 48, 22)]);
    assert.deepEqual(parseStack('eval code\neval@[native code]\nfoo@http://localhost:5000/:58:21'), [f('foo', 58, 21, 'http://localhost:5000/')]);
  });

  it('keeps the 50 frames nearest the throw', () => {
    const lines = Array.from({ length: 80 }, (_, i) => `    at fn${i} (${W}:${i + 1}:1)`);
    const frames = parseStack(`RangeError: Maximum call stack size exceeded\n${lines.join('\n')}`);
    assert.equal(frames.length, 50);
    assert.equal(frames[frames.length - 1]!.function, 'fn0', 'the frame that threw is last');
    assert.equal(frames[0]!.function, 'fn49');
  });

  it('returns no frames for anything but a string', () => {
    for (const v of [undefined, null, 42, {}, '']) assert.deepEqual(parseStack(v), []);
  });
});
