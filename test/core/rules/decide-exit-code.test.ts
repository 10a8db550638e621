import assert from 'node:assert/strict';
import { decideExitCode } from '../../../src/core/rules/index.js';
import type { FailOn, Finding, Level } from '../../../src/core/types.js';

const finding = (level: Level): Finding => ({ code: 'no-removal', level, title: 't', message: 'm' });

describe('decideExitCode', () => {
  const cases: [Level[], FailOn, 0 | 1][] = [
    [[], 'error', 0],
    [['notice', 'warning'], 'error', 0],
    [['notice', 'error'], 'error', 1],
    [['notice'], 'warning', 0],
    [['warning'], 'warning', 1],
    [['error'], 'warning', 1],
    [['error', 'warning'], 'never', 0],
  ];
  for (const [levels, failOn, expected] of cases) {
    it(`returns ${expected} for [${levels.join(', ')}] with fail-on ${failOn}`, () => {
      assert.equal(decideExitCode(levels.map(finding), failOn), expected);
    });
  }
});
