/**
 * axe-core in a Playwright page: WCAG 2.0, 2.1 and 2.2 at levels A and AA (issue 16: "WCAG 2.2 AA,
 * axe-core in the browser tests: no violations").
 *
 * The script goes in through the DevTools protocol (`page.evaluate`), not a `<script>` tag: the app's
 * Content-Security-Policy allows scripts from its own origin only, and the page is checked with that
 * policy in force, as travellers get it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue, Result } from 'axe-core';
import type { Page } from 'playwright-core';

export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] as const;

let source: string | undefined;
const axeSource = () => {
  source ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return source;
};

export interface AxeNode {
  /** CSS selector of the element (through shadow roots and frames, as axe gives it). */
  target: string;
  html: string;
  /** What to fix, in axe's words. */
  summary: string;
}

export interface AxeViolation {
  id: string;
  impact: ImpactValue | undefined;
  help: string;
  helpUrl: string;
  tags: string[];
  nodes: AxeNode[];
}

/** Runs axe on the page as it is now and returns the WCAG A/AA violations (empty when there are none). */
export async function axeViolations(
  page: Page,
  options: { exclude?: string[]; disableRules?: string[] } = {},
): Promise<AxeViolation[]> {
  const injected = await page.evaluate(() => typeof (window as { axe?: unknown }).axe === 'object');
  if (!injected) await page.evaluate(axeSource());
  const results = (await page.evaluate(
    async ({ tags, exclude, disableRules }) => {
      const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
      const context = exclude.length ? { exclude: exclude.map((s) => [s]) } : document;
      return axe.run(context as Parameters<typeof axe.run>[0], {
        runOnly: { type: 'tag', values: tags },
        rules: Object.fromEntries(disableRules.map((id) => [id, { enabled: false }])),
        resultTypes: ['violations'],
      });
    },
    { tags: [...WCAG_AA_TAGS], exclude: options.exclude ?? [], disableRules: options.disableRules ?? [] },
  )) as AxeResults;
  return results.violations.map((v: Result) => ({
    id: v.id,
    impact: v.impact ?? undefined,
    help: v.help,
    helpUrl: v.helpUrl,
    tags: v.tags.filter((t) => t.startsWith('wcag')),
    nodes: v.nodes.map((n) => ({
      target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(' '),
      html: n.html.length > 160 ? `${n.html.slice(0, 157)}...` : n.html,
      summary: (n.failureSummary ?? '').replace(/\s*\n\s*/g, ' ').trim(),
    })),
  }));
}

/** Violations as readable lines: rule, impact, criteria, then each element with what to fix. */
export function formatViolations(label: string, violations: readonly AxeViolation[]): string {
  if (violations.length === 0) return '';
  const lines = [`${label}: ${violations.length} axe violation(s)`];
  for (const v of violations) {
    lines.push(`  [${v.impact ?? 'unknown'}] ${v.id}: ${v.help} (${v.tags.join(', ')}) ${v.helpUrl}`);
    for (const node of v.nodes.slice(0, 8)) {
      lines.push(`    - ${node.target}`);
      lines.push(`      ${node.html}`);
      if (node.summary) lines.push(`      ${node.summary}`);
    }
    if (v.nodes.length > 8) lines.push(`    … and ${v.nodes.length - 8} more element(s)`);
  }
  return lines.join('\n');
}
