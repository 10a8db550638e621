// What inject writes, through the committed CLI bundle: a snapshot must cover every planned vault, a run that exits
// non-zero writes no template, a set of outputs is written whole or not at all, every named output exists after a
// successful run, and no output lands on another output or on an input.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareFingerprints, fingerprint } from './folder-fingerprint.js';
import { runCli } from './cli-process.js';

const SUB = '6f1c4c2a-2b1e-4f63-9d7a-0c8e5b3a1d20';
const RG = 'rg-contoso-prod';
const TENANT = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
const LIVE_APP = '4e8a1c7d-0b3f-4d2e-9a6c-5f1b8e2d7c30';
const TARGET = ['--subscription', SUB, '--resource-group', RG];
const idOf = (name: string) => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults/${name}`;

/** One ARM template deploying the given vault resources (objects, serialised as a user would write them). */
function template(...resources: object[]): string {
  return JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0',
    parameters: { secondName: { type: 'string' } }, resources }, null, 2) + '\n';
}
const vault = (name: string, properties: object = { accessPolicies: [] }) =>
  ({ type: 'Microsoft.KeyVault/vaults', apiVersion: '2023-07-01', name, location: 'westeurope', properties: { tenantId: TENANT, sku: { family: 'A', name: 'standard' }, ...properties } });
const policy = (objectId: string, secrets: string[]) => ({ tenantId: TENANT, objectId, permissions: { secrets } });

/** A snapshot holding each named vault with one live principal (`exists: false` for `absent`, RBAC-only for `rbac`). */
function snapshot(names: string[], absent: string[] = [], rbac: string[] = []): string {
  const vaults = [
    ...names.map((n) => ({ id: idOf(n), exists: true, tenantId: TENANT, enableRbacAuthorization: false, accessPolicies: [policy(LIVE_APP, ['get', 'list'])] })),
    ...absent.map((n) => ({ id: idOf(n), exists: false, accessPolicies: [] })),
    ...rbac.map((n) => ({ id: idOf(n), exists: true, tenantId: TENANT, enableRbacAuthorization: true, accessPolicies: [] })),
  ];
  return JSON.stringify({ schemaVersion: 1, takenAt: '2026-11-20T08:00:00.000Z', vaults }, null, 2) + '\n';
}

describe('what inject writes, through the CLI bundle', function () {
  this.timeout(60_000);
  let dir: string;
  const put = async (files: Record<string, string>) => {
    for (const [name, text] of Object.entries(files)) {
      await mkdir(join(dir, name, '..'), { recursive: true });
      await writeFile(join(dir, name), text);
    }
  };
  const read = (name: string) => readFile(join(dir, name), 'utf8');
  const cli = (args: string[]) => runCli(args, { cwd: dir });
  const inject = (...args: string[]) => cli(['inject', ...TARGET, '--snapshot-in', 'snapshot.json', ...args]);
  /** Runs the CLI and returns its result with what changed in the folder. */
  const changes = async (run: () => ReturnType<typeof cli>) => {
    const before = await fingerprint(dir);
    const result = await run();
    return { ...result, output: `${result.stderr}\n${result.stdout}`, changed: compareFingerprints(before, await fingerprint(dir)) };
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kvpg-writes-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  describe('a snapshot must cover every planned vault', () => {
    for (const mode of ['inject', 'check'] as const) {
      it(`${mode} refuses a snapshot that does not name a planned vault: exit 2, naming the vault and the snapshot, nothing written`, async () => {
        await put({ 't.json': template(vault('kv1')), 'snapshot.json': snapshot(['kv-other']) });
        const run = await changes(() => cli([mode, ...TARGET, '--template', 't.json', '--snapshot-in', 'snapshot.json', ...(mode === 'inject' ? ['--out', 'out.json'] : [])]));
        assert.equal(run.code, 2, run.output);
        assert.ok(run.output.includes(idOf('kv1')), run.output);
        assert.match(run.output, /snapshot\.json/);
        assert.match(run.output, /fix: \S/);
        assert.doesNotMatch(run.output, /new vault|No principal would lose access/i);
        assert.deepEqual(run.changed, []);
      });
    }

    it('inject refuses an empty snapshot for a template that deploys a vault', async () => {
      await put({ 't.json': template(vault('kv1')), 'snapshot.json': snapshot([]) });
      const run = await changes(() => inject('--template', 't.json', '--out', 'out.json'));
      assert.equal(run.code, 2, run.output);
      assert.ok(run.output.includes(idOf('kv1')), run.output);
      assert.deepEqual(run.changed, []);
    });

    it('treats a vault the snapshot records as "exists": false as new, and injects nothing into it', async () => {
      await put({ 't.json': template(vault('kv1')), 'snapshot.json': snapshot([], ['kv1']) });
      const run = await changes(() => inject('--template', 't.json', '--out', 'out.json'));
      assert.equal(run.code, 0, run.output);
      assert.deepEqual(run.changed, ['out.json appeared']);
      assert.equal(await read('out.json'), await read('t.json'));
    });
  });

  describe('a run that exits non-zero writes no template', () => {
    const twoVaults = () => template(vault('kv1'), vault("[parameters('secondName')]"));

    it('leaves an --in-place template untouched when another vault of it is unresolved (exit 2), and says nothing was written', async () => {
      await put({ 't.json': twoVaults(), 'snapshot.json': snapshot(['kv1']) });
      const run = await changes(() => inject('--template', 't.json', '--in-place'));
      assert.equal(run.code, 2, run.output);
      assert.match(run.output, /KVPG-VAULT-UNRESOLVED/);
      assert.doesNotMatch(run.output, /written: t\.json/);
      assert.match(run.output, /nothing (was )?written/i);
      assert.deepEqual(run.changed, []);
    });

    it('writes no --out file when another vault is unresolved (exit 2)', async () => {
      await put({ 't.json': twoVaults(), 'snapshot.json': snapshot(['kv1']) });
      const run = await changes(() => inject('--template', 't.json', '--out', 'out.json'));
      assert.equal(run.code, 2, run.output);
      assert.match(run.output, /nothing (was )?written/i);
      assert.deepEqual(run.changed, []);
    });

    it('writes no --out file when a gate fails in inject mode (exit 1)', async () => {
      await put({ 't.json': template(vault('kv1', { accessPolicies: [policy('9b2d8f4e-3c1a-4e5f-8a6b-7c0d1e2f3a4b', ['get', 'purge'])] })), 'snapshot.json': snapshot(['kv1']) });
      const run = await changes(() => inject('--template', 't.json', '--out', 'out.json', '--fail-on', 'warning'));
      assert.equal(run.code, 1, run.output);
      assert.match(run.output, /least-privilege/);
      assert.match(run.output, /nothing (was )?written/i);
      assert.deepEqual(run.changed, []);
    });
  });

  describe('a set of outputs is written whole or not at all', () => {
    it('writes no output of --output-dir when one target is a directory, naming it, and leaves no temp file', async () => {
      await put({ 'a.json': template(vault('kv1')), 'infra/b.json': template(vault('kv2')), 'snapshot.json': snapshot(['kv1', 'kv2']) });
      await mkdir(join(dir, 'out/infra/b.json'), { recursive: true });
      const run = await changes(() => inject('--template', 'a.json', '--template', 'infra/b.json', '--output-dir', 'out'));
      assert.equal(run.code, 2, run.output);
      assert.match(run.output, /out\/infra\/b\.json/);
      assert.match(run.output, /directory/);
      assert.deepEqual(run.changed, []);
      assert.deepEqual(await readdir(join(dir, 'out')), ['infra']);
      assert.deepEqual(await readdir(join(dir, 'out/infra')), ['b.json']);
    });

    it('edits in place a template whose file name is 235 characters, beside another, with no temp file left', async () => {
      const long = `${'k'.repeat(230)}.json`;
      await put({ 'a.json': template(vault('kv1')), [long]: template(vault('kv2')), 'snapshot.json': snapshot(['kv1', 'kv2']) });
      const run = await changes(() => inject('--template', 'a.json', '--template', long, '--in-place'));
      assert.equal(run.code, 0, run.output);
      assert.deepEqual(run.changed.sort(), [`${long} was modified`, 'a.json was modified'].sort());
      for (const name of ['a.json', long]) assert.ok((await read(name)).includes(LIVE_APP), `${name} keeps the live principal`);
    });
  });

  describe('every named output exists after a successful inject', () => {
    it('writes --out byte-identical to the template when the vault is RBAC-only', async () => {
      await put({ 't.json': template(vault('kv1', { enableRbacAuthorization: true })), 'snapshot.json': snapshot([], [], ['kv1']) });
      const run = await changes(() => inject('--template', 't.json', '--out', 'out.json'));
      assert.equal(run.code, 0, run.output);
      assert.deepEqual(run.changed, ['out.json appeared']);
      assert.equal(await read('out.json'), await read('t.json'));
    });

    it('writes --out byte-identical to a template that deploys no vault', async () => {
      await put({ 't.json': template({ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-01-01', name: 'st1', location: 'westeurope' }), 'snapshot.json': snapshot([]) });
      const run = await changes(() => inject('--template', 't.json', '--out', 'out.json'));
      assert.equal(run.code, 0, run.output);
      assert.deepEqual(run.changed, ['out.json appeared']);
      assert.equal(await read('out.json'), await read('t.json'));
    });

    it('replaces a stale --out file when the template needs no change', async () => {
      await put({ 't.json': template(vault('kv1', { enableRbacAuthorization: true })), 'snapshot.json': snapshot([], [], ['kv1']), 'out.json': '{ "stale": true }\n' });
      const run = await changes(() => inject('--template', 't.json', '--out', 'out.json'));
      assert.equal(run.code, 0, run.output);
      assert.deepEqual(run.changed, ['out.json was modified']);
      assert.equal(await read('out.json'), await read('t.json'));
    });

    it('writes --out byte-identical to the template when it already holds every live principal', async () => {
      await put({ 't.json': template(vault('kv1', { accessPolicies: [policy(LIVE_APP, ['get', 'list'])] })), 'snapshot.json': snapshot(['kv1']) });
      const run = await changes(() => inject('--template', 't.json', '--out', 'out.json'));
      assert.equal(run.code, 0, run.output);
      assert.deepEqual(run.changed, ['out.json appeared']);
      assert.equal(await read('out.json'), await read('t.json'));
    });

    it('writes every template under --output-dir, changed or not', async () => {
      await put({ 'a.json': template(vault('kv1')), 'b.json': template(vault('kv2', { enableRbacAuthorization: true })), 'snapshot.json': snapshot(['kv1'], [], ['kv2']) });
      const run = await changes(() => inject('--template', 'a.json', '--template', 'b.json', '--output-dir', 'out'));
      assert.equal(run.code, 0, run.output);
      assert.deepEqual(run.changed.sort(), ['out/a.json appeared', 'out/b.json appeared']);
      assert.ok((await read('out/a.json')).includes(LIVE_APP));
      assert.equal(await read('out/b.json'), await read('b.json'));
    });
  });

  describe('no output lands on another output or on an input', () => {
    const refusals: [string, string[]][] = [
      ['--out X --snapshot-out X', ['--out', 'x.json', '--snapshot-out', 'x.json']],
      ['--out X --sarif X', ['--out', 'x.json', '--sarif', 'x.json']],
      ['--snapshot-out X --sarif X', ['--out', 'o.json', '--snapshot-out', 'x.json', '--sarif', './x.json']],
      ['--in-place with --snapshot-out naming the template', ['--in-place', '--snapshot-out', 't.json']],
      ['--sarif naming the snapshot it reads', ['--out', 'o.json', '--sarif', 'snapshot.json']],
    ];
    for (const [title, args] of refusals) {
      it(`refuses ${title}: exit 2, a clear message, nothing written`, async () => {
        await put({ 't.json': template(vault('kv1')), 'snapshot.json': snapshot(['kv1']) });
        const run = await changes(() => inject('--template', 't.json', ...args));
        assert.equal(run.code, 2, run.output);
        assert.match(run.output, /KVPG-USAGE-OVERWRITE/);
        assert.match(run.output, /fix: \S/);
        assert.deepEqual(run.changed, []);
      });
    }

    it('refuses check --sarif naming the template it reads', async () => {
      await put({ 't.json': template(vault('kv1')), 'snapshot.json': snapshot(['kv1']) });
      const run = await changes(() => cli(['check', ...TARGET, '--snapshot-in', 'snapshot.json', '--template', 't.json', '--sarif', 't.json']));
      assert.equal(run.code, 2, run.output);
      assert.match(run.output, /--sarif t\.json/);
      assert.deepEqual(run.changed, []);
    });
  });
});
