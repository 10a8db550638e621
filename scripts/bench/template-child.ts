// Runs in its own Node process (bundled by template-bench.ts) so its peak RSS is the engine's alone.
// argv: FILE REPS. Prints one JSON line: per-repetition timings of the floor and of plan + inject, each after an
// untimed warm-up. REPS 0: one cold plan + inject and nothing else, as a pipeline runs it (for its peak RSS).
import { readFileSync } from 'node:fs';
import { parseTemplateText } from '../../src/core/template/jsonc-document.js';
import { planTemplate } from '../../src/core/template/plan-template.js';
import { injectTemplate, type InjectEdit } from '../../src/core/template/inject-template.js';
import type { DeploymentContext } from '../../src/core/template/expression/index.js';
import { BENCH_RESOURCE_GROUP, BENCH_SUBSCRIPTION, BENCH_TENANT } from './vault-scenario.js';

export interface TemplateChildResult {
  bytes: number;
  floorMs: number[];
  parseMs: number[];
  planMs: number[];
  injectMs: number[];
  totalMs: number[];
  vaults: number;
  edited: number;
  skipped: number;
  outBytes: number;
  warnings: string[];
  /** process.memoryUsage().rss at the end of each phase, MB. */
  rssMb: Record<string, number>;
  maxRssMb: number;
}

const context: DeploymentContext = {
  subscriptionId: BENCH_SUBSCRIPTION,
  tenantId: BENCH_TENANT,
  resourceGroup: { name: BENCH_RESOURCE_GROUP, location: 'westeurope' },
  deploymentName: 'kvpg-bench',
};

const [file, repsArg] = process.argv.slice(2);
const reps = Number(repsArg ?? 5);
const text = readFileSync(file!, 'utf8');
const result: TemplateChildResult = {
  bytes: Buffer.byteLength(text), floorMs: [], parseMs: [], planMs: [], injectMs: [], totalMs: [],
  vaults: 0, edited: 0, skipped: 0, outBytes: 0, warnings: [], rssMb: {}, maxRssMb: 0,
};
const rss = (phase: string) => (result.rssMb[phase] = Math.round(process.memoryUsage().rss / 2 ** 20));
rss('start');

function floor(): number {
  const t = performance.now();
  if (JSON.stringify(JSON.parse(text)).length === 0) throw new Error('unreachable');
  return performance.now() - t;
}

function planAndInject(): void {
  const t0 = performance.now();
  const doc = parseTemplateText(file!, text);
  const t1 = performance.now();
  const vaults = planTemplate(doc, { context });
  const t2 = performance.now();
  // Every vault gains one live principal the template lacks: the most editing inject can be asked for.
  const edits: InjectEdit[] = vaults
    .filter((v) => v.injectable && v.templatePolicies)
    .map((v, i) => ({
      vault: v,
      policies: [...v.templatePolicies!, { kind: 'resolved' as const, entry: { tenantId: BENCH_TENANT, objectId: `11111111-1111-4111-8111-${String(i).padStart(12, '0')}`, permissions: { secrets: ['get'] } } }],
    }));
  const injected = injectTemplate(doc, edits);
  const t3 = performance.now();
  result.parseMs.push(t1 - t0);
  result.planMs.push(t2 - t1);
  result.injectMs.push(t3 - t2);
  result.totalMs.push(t3 - t0);
  Object.assign(result, {
    vaults: vaults.length,
    edited: injected.applied.length,
    skipped: injected.skipped.length,
    outBytes: Buffer.byteLength(injected.text),
    warnings: [...injected.warnings, ...injected.skipped.slice(0, 3).map((s) => `${s.vaultId}: ${s.reason}`)],
  });
}

if (reps === 0) {
  planAndInject();
} else {
  // An untimed warm-up of each side first, so both run JIT-compiled code.
  floor();
  for (let r = 0; r < reps; r++) result.floorMs.push(floor());
  rss('floor');
  planAndInject();
  for (const key of ['parseMs', 'planMs', 'injectMs', 'totalMs'] as const) result[key].length = 0;
  for (let r = 0; r < reps; r++) planAndInject();
}
rss('planInject');
result.maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(JSON.stringify(result) + '\n');
