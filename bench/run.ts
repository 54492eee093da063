/**
 * `npm run bench`: every benchmark in one process, one after the other (so they never share the two
 * cores), printing the figures that docs/benchmarks.md records.
 */
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { benchAnalytics } from './analytics.js';
import { benchDecode } from './decode.js';
import { benchFit } from './fit.js';
import { benchHttpLoad } from './http-load.js';
import { benchLibraryScan } from './library-scan.js';
import { benchLighthouse } from './lighthouse.js';
import { benchPgliteMemory } from './pglite-memory.js';
import { benchReminders } from './reminders.js';
import { benchTimetable } from './timetable.js';
import { measureWebSize } from './web-size.js';

const started = Date.now();
process.stdout.write(
  `# Railtape benchmarks\n\nNode ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), ${new Date().toISOString()}\n\n`,
);

process.stdout.write('## Share decoding\n\n');
const decode = await benchDecode();
process.stdout.write(`${decode.lines.join('\n')}\n\n`);

process.stdout.write('## Playlist fitting\n\n');
const fit = await benchFit();
process.stdout.write(`${fit.lines.join('\n')}\n\n`);

process.stdout.write('## Music library scan\n\n');
const scan = await benchLibraryScan();
process.stdout.write(
  `${scan.files} WAV files: first scan ${scan.firstScanSeconds.toFixed(2)} s (${scan.firstScanFilesPerSecond.toFixed(0)} files/s), re-scan without changes ${scan.rescanSeconds.toFixed(2)} s (${scan.rescanFilesPerSecond.toFixed(0)} files/s)\n\n`,
);

process.stdout.write('## Reminders\n\n');
const reminderRows = await benchReminders();
if (typeof reminderRows === 'string') process.stdout.write(`${reminderRows}\n\n`);
else {
  process.stdout.write(
    '| workers | reminders | drained/s | duplicates | misses | lateness p50 / p95 / max |\n|---|---|---|---|---|---|\n',
  );
  for (const r of reminderRows) {
    process.stdout.write(
      `| ${r.workers} | ${r.reminders} | ${r.perSecond.toFixed(0)} | ${r.duplicates} | ${r.misses} | ${(r.latenessMs.p50 / 1000).toFixed(2)} s / ${(r.latenessMs.p95 / 1000).toFixed(2)} s / ${(r.latenessMs.max / 1000).toFixed(2)} s |\n`,
    );
  }
  process.stdout.write('\n');
}

process.stdout.write('## Timetable\n\n');
process.stdout.write(`${(await benchTimetable()).join('\n')}\n\n`);

process.stdout.write('## Embedded database memory\n\n');
process.stdout.write(`${(await benchPgliteMemory()).lines.join('\n')}\n\n`);

// The PWA as built (`npm run build`): its first-load bytes (over 60 KB gzip of JS fails the run) and
// Lighthouse mobile on the home and a 77-track trip page.
process.stdout.write('## The PWA\n\n');
if (
  existsSync(new URL('../dist/main.js', import.meta.url)) &&
  existsSync(new URL('../dist/web/index.html', import.meta.url))
) {
  const webSize = measureWebSize();
  process.stdout.write(`${webSize.lines.join('\n')}\n\n`);
  if (webSize.overBudget) process.exitCode = 1;
  process.stdout.write(`${(await benchLighthouse()).lines.join('\n')}\n\n`);
} else {
  process.stdout.write('skipped: no build in dist/ (run `npm run build` first)\n\n');
}

process.stdout.write('## The API under load\n\n');
const load = await benchHttpLoad();
process.stdout.write(`${load.lines.join('\n')}\n\n`);

// A million seeded shares take about two minutes to write: BENCH_ANALYTICS_SHARES=0 leaves it out.
const analyticsShares = Number(process.env.BENCH_ANALYTICS_SHARES ?? 1_000_000);
if (analyticsShares > 0) {
  process.stdout.write('## Analytics on a seeded database\n\n');
  process.stdout.write(`${(await benchAnalytics(analyticsShares)).join('\n')}\n\n`);
}

process.stdout.write(`Total bench time: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
