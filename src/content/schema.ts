/**
 * JSON Schema of every content file kind, generated from the zod model (the one source of truth), for
 * editors with a YAML language server: the sample's files point at `schema/<kind>.schema.json` in their first
 * line, and `briefing schema --out schema` regenerates those files.
 */
import { z } from 'zod';
import { chartSchema, metricsFileSchema } from './declarations.ts';
import { dataRecordsSchema } from './data.ts';
import { CONTENT_FILES, type ContentKind } from './kinds.ts';
import { reviewFileSchema } from './review.ts';
import { claimsFileSchema, companySchema, settingsSchema, marketSchema, risksFileSchema, sourcesFileSchema, takeawaysFileSchema } from './input.ts';

/** Content file kinds: the zod schema and the file(s) of a briefing folder it describes. */
export const CONTENT_KINDS = {
  briefing: { schema: settingsSchema, ...CONTENT_FILES.briefing },
  sources: { schema: sourcesFileSchema, ...CONTENT_FILES.sources },
  company: { schema: companySchema, ...CONTENT_FILES.company },
  market: { schema: marketSchema, ...CONTENT_FILES.market },
  risks: { schema: risksFileSchema, ...CONTENT_FILES.risks },
  takeaways: { schema: takeawaysFileSchema, ...CONTENT_FILES.takeaways },
  claims: { schema: claimsFileSchema, ...CONTENT_FILES.claims },
  metrics: { schema: metricsFileSchema, ...CONTENT_FILES.metrics },
  chart: { schema: chartSchema, ...CONTENT_FILES.chart },
  data: { schema: dataRecordsSchema, ...CONTENT_FILES.data },
  review: { schema: reviewFileSchema, ...CONTENT_FILES.review },
} as const satisfies Record<ContentKind, unknown>;

/**
 * The JSON Schema (draft 2020-12) of one kind, describing the file as written (before values like `$1.77T`
 * are parsed). Deterministic: the same model gives the same schema.
 */
export function jsonSchema(kind: ContentKind): Record<string, unknown> {
  const { schema, files, title } = CONTENT_KINDS[kind];
  const generated = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return { ...generated, $id: `https://briefing.invalid/schema/${kind}.schema.json`, title: `briefing: ${title}`, description: `Schema of ${files} in a briefing folder.` };
}

/** Every kind's schema, keyed by kind. */
export function jsonSchemas(): Record<ContentKind, Record<string, unknown>> {
  return Object.fromEntries(Object.keys(CONTENT_KINDS).map((k) => [k, jsonSchema(k as ContentKind)])) as Record<ContentKind, Record<string, unknown>>;
}
