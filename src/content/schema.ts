/**
 * JSON Schema of every content file kind, generated from the zod model (the one source of truth), for
 * editors with a YAML language server: the sample's files point at `schema/<kind>.schema.json` in their first
 * line, and `briefing schema --out schema` regenerates those files.
 */
import { z } from 'zod';
import { chartSchema, metricsFileSchema } from './declarations.ts';
import { dataRecordsSchema } from './data.ts';
import { claimsFileSchema, companySchema, manifestSchema, marketSchema, risksFileSchema, sourcesFileSchema, takeawaysFileSchema } from './model.ts';

/** Content file kinds: the zod schema and the file(s) of a briefing folder it describes. */
export const CONTENT_KINDS = {
  briefing: { schema: manifestSchema, files: 'briefing.yaml', title: 'Briefing manifest' },
  sources: { schema: sourcesFileSchema, files: 'sources.yaml', title: 'Sources' },
  company: { schema: companySchema, files: 'companies/*.yaml', title: 'Company and its figures' },
  market: { schema: marketSchema, files: 'market.yaml', title: 'Market-wide figures' },
  risks: { schema: risksFileSchema, files: 'risks.yaml', title: 'Risk register' },
  takeaways: { schema: takeawaysFileSchema, files: 'takeaways.yaml', title: 'Takeaways by stakeholder' },
  claims: { schema: claimsFileSchema, files: 'claims.yaml', title: 'Claims to recompute' },
  metrics: { schema: metricsFileSchema, files: 'metrics.yaml', title: 'Metrics the briefing computes' },
  chart: { schema: chartSchema, files: 'charts/<id>.yaml', title: 'A chart the briefing draws' },
  data: { schema: dataRecordsSchema, files: 'data/*.json', title: 'Figures fed from a data file' },
} as const;

/** Name of a content file kind. */
export type ContentKind = keyof typeof CONTENT_KINDS;

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
