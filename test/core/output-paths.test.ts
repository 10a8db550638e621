import assert from 'node:assert/strict';
import { toRunConfig } from '../../src/core/inputs/index.js';
import { outputPath } from '../../src/core/output-paths.js';

describe('outputPath', () => {
  const cases: [string, Record<string, string>, string, string][] = [
    ['writes beside the template by default', {}, 'infra/main.json', 'infra/main.guarded.json'],
    ['writes beside a Bicep file by default', {}, 'infra/main.bicep', 'infra/main.guarded.json'],
    ['writes to --out', { out: 'deploy.json' }, 'infra/main.json', 'deploy.json'],
    ['writes over the template in place', { 'in-place': 'true' }, 'infra/main.json', 'infra/main.json'],
    ['never writes JSON over a Bicep source in place: NAME.json beside it', { 'in-place': 'true' }, 'infra/main.bicep', 'infra/main.json'],
    ['keeps the relative path under --output-dir', { 'output-dir': 'out/' }, 'infra/main.json', 'out/infra/main.json'],
    ['names a Bicep source NAME.json under --output-dir', { 'output-dir': 'out' }, 'main.bicep', 'out/main.json'],
    ['keeps `..` from leaving --output-dir', { 'output-dir': 'out' }, '../shared/main.json', 'out/shared/main.json'],
    ['drops a drive and root under --output-dir', { 'output-dir': 'out' }, 'C:\\abs\\main.json', 'out/abs/main.json'],
  ];
  for (const [title, values, input, expected] of cases) {
    it(title, () => {
      assert.equal(outputPath(toRunConfig({ template: input, ...values }, [input]), input), expected);
    });
  }
});
