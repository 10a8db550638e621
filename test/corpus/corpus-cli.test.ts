// The acceptance run, through the real CLI bundle: for every vault template of the corpus,
// plan → --parameter for exactly the reported missingParameters → inject a snapshot of outside principals →
// check the injected template against that snapshot: nothing removed.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTemplateText } from '../../src/core/template/jsonc-document.js';
import { runCli } from '../platforms/cli/run-cli.js';
import { ciValues, LIVE, manifest, PLACEHOLDER_NAMES, ROOT, SHAPED_OVERRIDES, standIn, SUB, type Entry } from './corpus-support.js';

interface PlannedJson {
  vaults: { id: string; resolved: boolean; rbac: boolean; missingParameters?: string[]; reason?: string }[];
}

const target = ['--subscription', SUB, '--resource-group', 'rg-test'];
/** Key Vault's naming rule: 3-24 letters, digits and single hyphens, starting with a letter. */
const VAULT_NAME = /^(?=.{3,24}$)[a-zA-Z](?:-?[a-zA-Z0-9])*$/;

function planRun(entry: Entry, extra: string[]) {
  const params = entry.parametersPath ? ['--parameters', ROOT + entry.parametersPath] : [];
  return runCli(['plan', '--template', ROOT + entry.path, ...params, ...target, ...extra, '--format', 'json', '--fail-on', 'never']);
}

async function plan(entry: Entry, extra: string[]): Promise<PlannedJson> {
  const run = await planRun(entry, extra);
  assert.equal(run.code, 0, `${entry.path}: ${run.stderr}`);
  return JSON.parse(run.stdout) as PlannedJson;
}

const flagsOf = (values: Record<string, unknown>) => Object.entries(values).flatMap(([k, v]) => ['--parameter', `${k}=${JSON.stringify(v)}`]);

/** Runs `work` over items with at most `limit` at once (spawns are the cost here). */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: limit }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

(manifest ? describe : describe.skip)('the corpus through the CLI bundle', function () {
  this.timeout(300_000);
  const vaultTemplates = (manifest?.entries ?? []).filter((e) => e.vaultCount > 0);
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'kvpg-corpus-cli-'))));
  after(() => rm(dir, { recursive: true, force: true }));

  it('plans every deployed vault with a concrete id once the reported missingParameters are given, and inject keeps every live principal', async () => {
    const failures: string[] = [];
    await eachLimited(vaultTemplates, 4, async (entry) => {
      const placeholder = PLACEHOLDER_NAMES[entry.path];
      if (placeholder !== undefined) {
        // The sample's own values make a name ARM refuses: exit 2 at plan time, naming it; then what CI deploys.
        const refused = await planRun(entry, []);
        if (refused.code !== 2 || !refused.stderr.includes('KVPG-VAULT-NAME') || !refused.stderr.includes(`"${placeholder}"`)) {
          failures.push(`${entry.path}: the placeholder name ${placeholder} was not refused at plan time (exit ${refused.code}): ${refused.stderr}`);
        }
      }
      const ci = ciValues(entry);
      const first = await plan(entry, flagsOf(ci));
      const doc = parseTemplateText(entry.path, readFileSync(ROOT + entry.path, 'utf8'));
      const overrides: Record<string, unknown> = { ...SHAPED_OVERRIDES[entry.path], ...ci };
      for (const name of new Set(first.vaults.flatMap((v) => v.missingParameters ?? []))) overrides[name] ??= standIn(doc, name);
      const flags = flagsOf(overrides);
      const second = await plan(entry, flags);
      if (second.vaults.length !== entry.vaultCount) failures.push(`${entry.path}: planned ${second.vaults.length}, manifest says ${entry.vaultCount}`);
      for (const v of second.vaults) {
        if (!v.resolved || !/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.KeyVault\/vaults\/[^/[\]]+$/.test(v.id)) {
          failures.push(`${entry.path}: ${v.id} not concrete (${v.reason ?? ''})`);
        }
      }
      for (const v of second.vaults) if (!VAULT_NAME.test(v.id.split('/').pop()!)) failures.push(`${entry.path}: planned ${v.id}, a name ARM refuses`);
      const ids = second.vaults.filter((v) => !v.rbac).map((v) => v.id);
      if (ids.length === 0) return;
      const name = entry.path.replace(/[^a-z0-9]+/gi, '-');
      const snapshot = join(dir, `${name}.snapshot.json`);
      await writeFile(snapshot, JSON.stringify({ schemaVersion: 1, takenAt: '2026-11-26T00:00:00Z', vaults: ids.map((id) => ({ id, exists: true, tenantId: LIVE[0]!.tenantId, accessPolicies: LIVE })) }));
      const params = entry.parametersPath ? ['--parameters', ROOT + entry.parametersPath] : [];
      const out = join(dir, `${name}.json`);
      const inject = await runCli(['inject', '--template', ROOT + entry.path, ...params, ...target, ...flags, '--snapshot-in', snapshot, '--out', out, '--fail-on', 'never', '--format', 'json']);
      if (inject.code !== 0) return void failures.push(`${entry.path}: inject exit ${inject.code}: ${inject.stderr}`);
      const check = await runCli(['check', '--template', out, ...params, ...target, ...flags, '--snapshot-in', snapshot, '--fail-on', 'never', '--format', 'json']);
      const removed = (JSON.parse(check.stdout) as { removedCount: number }).removedCount;
      if (removed !== 0) failures.push(`${entry.path}: the injected template still removes ${removed} principal(s)`);
    });
    assert.deepEqual(failures, []);
  });
});
