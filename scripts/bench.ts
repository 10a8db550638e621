// `npm run bench`: performance against the floors, printed as one markdown table and saved to
// bench-results.md. A measurement, not a test: it always exits 0 unless the bench itself breaks.
//   --only snapshot,cold,peer,template,process   run some sections only (bench-results.md is then left alone)
//   --dist DIR                           time these bundles instead of building fresh ones
//   --cpu-prof                           write CPU profiles of the template children to .tmp/bench/
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator } from '../test/emulator/server.js';
import { prepareBundles } from './bench/bundles.js';
import { benchColdStart } from './bench/cold-start.js';
import { benchPeerAz } from './bench/peer-az.js';
import { machineFacts, renderResults, type BenchRow } from './bench/results-table.js';
import { ARM_BUCKET, LATENCY_MS, benchSnapshot, listSnapshotCases, snapshotCases } from './bench/snapshot-bench.js';
import { benchTemplates } from './bench/template-bench.js';
import { benchInjectProcess } from './bench/inject-process-bench.js';

const SECTIONS = ['snapshot', 'cold', 'peer', 'template', 'process'] as const;
const { values } = parseArgs({ options: { only: { type: 'string' }, dist: { type: 'string' }, 'cpu-prof': { type: 'boolean' } } });
const only = new Set(values.only ? values.only.split(',').map((s) => s.trim()) : SECTIONS);
const unknown = [...only].filter((s) => !(SECTIONS as readonly string[]).includes(s));
if (unknown.length) throw new Error(`--only takes ${SECTIONS.join(', ')}; got ${unknown.join(', ')}`);

const workDir = resolve('.tmp/bench');
await mkdir(workDir, { recursive: true });
const started = performance.now();
const progress = (text: string) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${text}\n`);
const rows: BenchRow[] = [];
const notes: string[] = [];

const bundles = only.has('cold') || only.has('snapshot') ? await prepareBundles(workDir, values.dist) : undefined;
if (bundles) progress(`bundles in ${bundles.dir}: ${Object.keys(bundles.paths).join(', ') || 'none'}`);

if (only.has('snapshot')) {
  const emulator = await startEmulator();
  try {
    const cases = [...snapshotCases([10, 100, 800], Boolean(bundles?.paths.cli)), ...listSnapshotCases()];
    progress(`snapshot: ${cases.length} cases (800 vaults read one GET each take ~22 s by ARM's bucket alone)`);
    rows.push(...(await benchSnapshot(emulator, cases, { cliBundle: bundles?.paths.cli, workDir })));
  } finally {
    await emulator.close();
  }
  notes.push(
    `Snapshot: emulator on 127.0.0.1 in the bench process (ECDSA P-256 certificate), ARM read bucket ${ARM_BUCKET.capacity} / ${ARM_BUCKET.refillPerSecond} per s, ${LATENCY_MS} ms added to every ARM response; ` +
      'the gateway runs in its own Node process (bundled, trusting the emulator through NODE_EXTRA_CA_CERTS), the CLI rows run the whole `snapshot` command. ' +
      'Floor = max(latency, (N − 250)/25 s + latency) as in the issue: it counts ARM only, so the verdict is on the ARM phase (first ARM request → reads done); ' +
      'sign-in to Entra ID (OpenID discovery + token) is reported beside it. For N ≤ 250 the floor assumes every read in flight at once: ' +
      'with the default concurrency of 8 the reads need ⌈N/8⌉ round trips (that floor is shown too); `concurrency: auto` lets the bucket alone set the pace.',
  );
}

if (only.has('cold') && bundles) {
  progress('cold start: 4 commands × 11 runs');
  rows.push(...(await benchColdStart(bundles)));
}

if (only.has('peer')) {
  const result = await benchPeerAz({ workDir, cliBundle: bundles?.paths.cli, progress });
  rows.push(...result.rows);
  notes.push(...result.notes);
}

if (only.has('template')) {
  progress('template: 80 and 800 vaults, each in its own process');
  const result = await benchTemplates({ workDir, cpuProfile: values['cpu-prof'] });
  rows.push(...result.rows);
  notes.push(
    'Plan + inject = parseTemplateText + planTemplate + injectTemplate (which re-parses its output to check it) with one extra live principal per vault; ' +
      'floor = JSON.stringify(JSON.parse(text)). Generated template: 1 vault in 80 with 1023 policies, the rest 1–3, half the names via format(parameters()).',
    ...result.notes,
  );
  if (values['cpu-prof']) notes.push(`CPU profiles: ${join(workDir, '*.cpuprofile')}`);
}

if (only.has('process')) {
  progress('whole-process inject: the committed CLI at 80, 800 and 8000 vaults');
  const result = await benchInjectProcess({ workDir, cli: 'dist/cli/index.js' });
  rows.push(...result.rows);
  notes.push(...result.notes);
}

const markdown = renderResults(machineFacts(), rows, notes, (performance.now() - started) / 1000);
process.stdout.write(markdown);
if (!values.only) {
  await writeFile('bench-results.md', markdown);
  progress('written to bench-results.md');
}
