// --format json keeps its promise on failure too: one JSON document on stdout, the error in place of a result.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.js';

describe('CLI errors under --format json', () => {
  let dir = '';
  const cli = (argv: string[]) => runCli(argv, { cwd: dir });
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kvpg-json-errors-'));
    await writeFile(join(dir, 'broken.json'), '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "resources": [\n}\n');
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the error as JSON on stdout, with its position and fix, and still on stderr', async () => {
    const run = await cli(['plan', '--template', 'broken.json', '--subscription', '6f1c4c2a-2b1e-4f63-9d7a-0c8e5b3a1d20', '--resource-group', 'rg', '--format', 'json']);
    assert.equal(run.code, 2);
    const body = JSON.parse(run.stdout) as { error: { code: string; message: string; fix: string; location: unknown; exitCode: number } };
    assert.equal(body.error.code, 'KVPG-TEMPLATE-JSON');
    assert.match(body.error.message, /^broken\.json is not valid JSON: .* at line 4, column 1\.$/);
    assert.deepEqual(body.error.location, { file: 'broken.json', line: 4, column: 1 });
    assert.match(body.error.fix, /comments and trailing commas/);
    assert.equal(body.error.exitCode, 2);
    assert.match(run.stderr, /^error: broken\.json:4:1: KVPG-TEMPLATE-JSON: /);
  });

  it('answers a usage error the same way, whichever spelling of --format asked for JSON', async () => {
    const run = await cli(['check', '--template', 'broken.json', '--in-place', '--format=json']);
    assert.equal(run.code, 2);
    assert.deepEqual(Object.keys((JSON.parse(run.stdout) as { error: object }).error), ['code', 'message', 'fix', 'exitCode']);
  });

  it('keeps stdout empty on an error without --format json', async () => {
    const run = await cli(['plan', '--template', 'broken.json', '--subscription', '6f1c4c2a-2b1e-4f63-9d7a-0c8e5b3a1d20', '--resource-group', 'rg']);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
  });
});
