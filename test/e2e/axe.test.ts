/**
 * The HTML passes axe-core (issue #27): both samples built once with the CLI, each opened in real Chromium the
 * way the project opens HTML (`page.setContent`, never `file://`) at a desktop (1280×900) and a phone (390×844)
 * viewport, and checked with axe-core through `@axe-core/puppeteer`. A serious or critical violation fails
 * the test, listed with its rule, impact, target selectors and axe's summary of what to fix; moderate and minor
 * ones do not fail it, but the failure message lists them too (and each test annotates them), for a person to
 * read. The work is bounded by the pages: two samples × two viewports, one axe run each.
 */
import { AxePuppeteer } from '@axe-core/puppeteer';
import type { AxeResults, ImpactValue, Result } from 'axe-core';
import { describe, expect, it } from 'vitest';
import { SAMPLES, useSampleHtmlPages } from '../helpers/sample-pages.ts';

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;
/** Impacts that fail the test (axe's scale: minor, moderate, serious, critical). */
const FAILING: readonly ImpactValue[] = ['serious', 'critical'];
/**
 * The page type `@axe-core/puppeteer` is declared against: its peer `puppeteer`'s, a release other than the
 * project's puppeteer-core, so the two `Page` classes differ by their private fields alone. At run time it only
 * calls `mainFrame()`, `browser().newPage()` and `evaluate()`, which both releases have.
 */
type AxePage = ConstructorParameters<typeof AxePuppeteer>[0];
/** At most this many offending elements are named per rule only reported, so that one cannot flood the message. */
const MAX_REPORTED_TARGETS = 12;

/** One line per offending element (the first `max`): its selector path and axe's summary of what to fix. */
function describeNodes(result: Result, max: number): string[] {
  const lines = result.nodes.slice(0, max).map((node) => {
    const target = node.target.map((t) => (Array.isArray(t) ? t.join(' >> ') : String(t))).join(' | ');
    const summary = (node.failureSummary ?? '').replace(/\s+/g, ' ').trim();
    return `    ${target}: ${summary}`;
  });
  if (result.nodes.length > max) lines.push(`    … and ${result.nodes.length - max} more`);
  return lines;
}

/** A violation as text: `rule (impact, N elements): help`, then one line per offending element (the first `max`). */
function describeViolation(result: Result, max = Infinity): string {
  return [`${result.id} (${result.impact ?? 'no impact'}, ${result.nodes.length} element(s)): ${result.help}`, ...describeNodes(result, max)].join('\n');
}

/** Split axe's violations into those that fail the test and those only reported. */
function sortViolations(results: AxeResults): { failing: Result[]; reported: Result[] } {
  const failing = results.violations.filter((v) => v.impact != null && FAILING.includes(v.impact));
  const reported = results.violations.filter((v) => !failing.includes(v));
  return { failing, reported };
}

describe('the HTML passes axe-core on a desktop and on a phone', () => {
  const open = useSampleHtmlPages();

  for (const sample of SAMPLES) {
    for (const vp of VIEWPORTS) {
      it(`${sample.id} at ${vp.width} px (${vp.name}): no serious or critical violation`, async ({ annotate }) => {
        const page = await open(sample.id, vp.width, vp.height);
        try {
          const results = await new AxePuppeteer(page as unknown as AxePage).analyze();
          const { failing, reported } = sortViolations(results);
          const readMe = reported.length === 0 ? 'no moderate or minor violation' : `moderate and minor (not failing):\n${reported.map((v) => describeViolation(v, MAX_REPORTED_TARGETS)).join('\n')}`;
          if (reported.length > 0) await annotate(readMe);
          expect(results.passes.length, 'axe ran no rule').toBeGreaterThan(10);
          expect(failing.map((v) => describeViolation(v)), `serious or critical violations at ${vp.width} px; ${readMe}`).toEqual([]);
        } finally {
          await page.close();
        }
      });
    }
  }
});
