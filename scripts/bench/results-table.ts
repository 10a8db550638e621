// The bench's output: one markdown document, machine facts first, one row per measurement.
import { cpus, loadavg, totalmem } from 'node:os';

export type Verdict = 'MET' | 'MISSED' | 'SKIPPED' | 'FAILED' | 'INFO';

export interface BenchRow {
  section: string;
  case: string;
  measured: string;
  floor: string;
  ratio: string;
  goal: string;
  verdict: Verdict;
  details: string;
}

export interface MachineFacts {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  date: string;
  /** 1- and 5-minute load averages when the table is written: other work on the machine slows every wall time. */
  load: [number, number];
}

export function machineFacts(now = new Date()): MachineFacts {
  const all = cpus();
  return {
    cpu: all[0]?.model.trim() ?? 'unknown',
    cores: all.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    date: now.toISOString().replace(/\.\d+Z$/, 'Z'),
    load: [loadavg()[0]!, loadavg()[1]!],
  };
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function renderResults(machine: MachineFacts, rows: readonly BenchRow[], notes: readonly string[], seconds: number): string {
  const header = '| Benchmark | Case | Measured | Floor | Ratio | Goal | Result | Details |';
  const lines = [
    '# keyvault-policy-guard benchmark',
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB; Node ${machine.node}; ${machine.date}; load average ${machine.load.map((l) => l.toFixed(1)).join(' / ')} (1 / 5 min); bench took ${seconds.toFixed(0)} s (\`npm run bench\`).`,
    '',
    header,
    '| --- | --- | ---: | ---: | ---: | --- | --- | --- |',
    ...rows.map((r) => `| ${[r.section, r.case, r.measured, r.floor, r.ratio, r.goal, `**${r.verdict}**`, r.details].map(cell).join(' | ')} |`),
  ];
  const judged = rows.filter((r) => r.verdict === 'MET' || r.verdict === 'MISSED' || r.verdict === 'FAILED');
  const met = judged.filter((r) => r.verdict === 'MET').length;
  lines.push('', `Goals met: ${met} of ${judged.length}${rows.some((r) => r.verdict === 'SKIPPED') ? `; skipped: ${rows.filter((r) => r.verdict === 'SKIPPED').length}` : ''}.`);
  if (notes.length > 0) lines.push('', '## Notes', '', ...notes.map((n) => `- ${n}`));
  return lines.join('\n') + '\n';
}
