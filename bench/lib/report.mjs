// docs/benchmarks.md: one section per benchmark between markers, each rewritten on its own,
// with the machine it ran on and a verdict for every goal of the issue.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

import * as prettier from 'prettier';

import { DOC_FILE } from './paths.mjs';

const INTRO = `# Benchmarks: graceful-supervisor side by side with PM2 7.0.4

Both systems run the same worker files (\`bench/workers/\`), on the same machine, in the same
run, alternating run by run. PM2 gets its best graceful configuration (\`shutdown_with_message\`,
\`wait_ready\`, \`kill_timeout\` equal to our grace) unless a row says "default". Cells are
min / **median** / max over the repetitions. Every PM2 figure includes its CLI's start-up, as a
user would see it; so do ours where a CLI is involved.

Reproduce with \`npm run bench\` (all six, under 15 minutes), \`npm run bench -- <name>\` for one,
and \`--quick\` for a smoke run. Raw figures go to \`bench/results/\` (not committed).

<!-- bench:banner -->
<!-- /bench:banner -->
`;

/** The machine and run, as one line under each section's heading. */
export function machineLine() {
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const gib = (totalmem() / 2 ** 30).toFixed(1);
  const date = new Date().toISOString().replace('T', ' ').slice(0, 16);
  return `${cpus().length} cores (${model}), ${gib} GiB, Node ${process.version}, ${date} UTC`;
}

/** A Markdown table from a header row and rows of cells. */
export function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  const rule = header.map(() => '---');
  return [line(header), line(rule), ...rows.map(line)].join('\n');
}

/** A goal's verdict: met, missed, or not measured with the reason. */
export function verdict(goal, { met, figure, notMeasured }) {
  if (notMeasured) return { goal, verdict: 'not measured', why: notMeasured };
  return { goal, verdict: met ? 'met' : 'missed', why: figure };
}

function goalsTable(goals) {
  const rows = goals.map((goal) => [goal.goal, `**${goal.verdict}**`, goal.why]);
  return table(['goal', 'verdict', 'figure / why'], rows);
}

/** The Markdown of one section: heading, machine line, smoke warning, goals, then the body. */
export function section({ title, quick, goals, body, reference }) {
  const smoke = quick
    ? `\n**${SMOKE_MARK} on a machine shared with other work — not the official figures.**` +
      ' Fewer repetitions and smaller sizes; read the verdicts as a check of the harness.\n'
    : '';
  const check = reference
    ? `\n\nPM2 in \`research/pm2-figures.md\` (same method, 2026-12-03, medians): ${reference}`
    : '';
  const parts = [`## ${title}`, '', `Machine: ${machineLine()}.`, smoke, goalsTable(goals), ''];
  return [...parts, `${body}${check}`].join('\n').trim();
}

const markers = (name) => [`<!-- bench:${name} -->`, `<!-- /bench:${name} -->`];
const SMOKE_MARK = 'Smoke run (--quick)';

function replaceBetween(doc, name, markdown) {
  const [open, close] = markers(name);
  if (!doc.includes(open)) return doc;
  const start = doc.indexOf(open) + open.length;
  return `${doc.slice(0, start)}\n${markdown}\n${doc.slice(doc.indexOf(close))}`;
}

/** A warning at the top while any section holds smoke-run figures. */
function smokeBanner(doc, order) {
  const smoke = order.filter((name) => {
    const [open, close] = markers(name);
    return doc.slice(doc.indexOf(open), doc.indexOf(close)).includes(SMOKE_MARK);
  });
  if (smoke.length === 0) return '';
  return (
    `> **${SMOKE_MARK.replace('Smoke', 'smoke')} on a machine shared with other work — not the ` +
    `official figures** in: ${smoke.join(', ')}. Run \`npm run bench\` on a quiet machine for ` +
    'them.'
  );
}

/** Replaces (or appends, in `order`) the section of one benchmark in docs/benchmarks.md. */
export async function writeSection(name, markdown, order) {
  let doc = existsSync(DOC_FILE) ? readFileSync(DOC_FILE, 'utf8') : `${INTRO}\n`;
  for (const other of order) {
    const [open, close] = markers(other);
    if (!doc.includes(open)) doc += `\n${open}\n## ${other}\n\nNot run yet.\n${close}\n`;
  }
  doc = replaceBetween(doc, name, markdown);
  doc = replaceBetween(doc, 'banner', smokeBanner(doc, order));
  // Formatted as `prettier --check .` expects, so that the committed file stays clean.
  const options = (await prettier.resolveConfig(DOC_FILE)) ?? {};
  writeFileSync(DOC_FILE, await prettier.format(doc, { ...options, filepath: DOC_FILE }));
}
