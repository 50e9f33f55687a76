/** Figure numbers: the charts of a briefing numbered in the order a reader meets them. */
import type { Briefing } from '../content/model.ts';
import { chartDirectives, placedCharts } from '../content/prose.ts';
import { unique } from '../lists.ts';

/**
 * Figure numbers in reading order: sections in manifest order, a prose section's `::: chart` directives where
 * they stand, the charts section's charts (those no prose places) in their order; charts placed nowhere come last.
 * @returns chart id → its 1-based figure number.
 */
export function chartNumbers(b: Pick<Briefing, 'settings' | 'prose' | 'charts'>): Map<string, number> {
  const placed = placedCharts(b.settings.sections, b.prose);
  const order: string[] = [];
  for (const { id } of b.settings.sections) {
    const prose = b.prose.get(id);
    if (prose) order.push(...chartDirectives(prose.markdown).map((d) => d.id));
    else if (id === 'charts') order.push(...b.charts.filter((c) => !placed.has(c.id)).map((c) => c.id));
  }
  order.push(...b.charts.map((c) => c.id));
  return new Map(unique(order).map((id, i) => [id, i + 1]));
}
