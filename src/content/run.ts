/**
 * One run of `parseBriefing` (load.ts): what its phases share (the files, the diagnostics and warnings so far)
 * and the shapes they hand on. Phase 1 gives {@link ParsedFiles}, phase 2 {@link Ids}; the later phases
 * (references.ts, sections.ts) read both.
 */
import type { z } from 'zod';
import type { Diagnostic, DiagnosticList, Place } from '../errors.ts';
import { msg } from '../messages.ts';
import type { metricsFileSchema } from './declarations.ts';
import type { claimsFileSchema, Company, BriefingSettings, marketSchema, Risk, Source, Takeaway } from './input.ts';
import type { LocatedChart } from './model.ts';
import type { PlacedNote } from './review.ts';
import type { ContentFiles } from './read.ts';
import { parseValidated, type ParseCache, type Parsed } from './validate.ts';
import type { Vocabulary } from './vocabulary.ts';

/** What every phase of `parseBriefing` shares: the files, the diagnostics and warnings so far. */
export interface LoadRun {
  readonly content: ContentFiles;
  readonly diags: DiagnosticList;
  readonly warnings: Diagnostic[];
  /** The path of a file of the briefing, as diagnostics name it. */
  readonly at: (rel: string) => string;
  /** Clean parses kept from earlier runs, when the caller keeps them. */
  readonly cache: ParseCache | undefined;
}

/** Phase 1's result: every content file parsed and validated against its schema. */
export interface ParsedFiles {
  readonly settings: Parsed<BriefingSettings>;
  readonly sources: Parsed<Source[]>;
  readonly risks: Parsed<Risk[]>;
  readonly takeaways: Parsed<Takeaway[]>;
  readonly claims: Parsed<z.output<typeof claimsFileSchema>> | undefined;
  readonly market: Parsed<z.output<typeof marketSchema>> | undefined;
  readonly metrics: Parsed<z.output<typeof metricsFileSchema>> | undefined;
  readonly charts: LocatedChart[];
  readonly chartSpecs: Map<string, string>;
  readonly companies: (Parsed<Company> & { rel: string })[];
  /** The notes of review.yaml (none without the file). */
  readonly notes: PlacedNote[];
}

/** Phase 2's result: the ids references may name, and briefing.yaml's vocabulary. */
export interface Ids {
  readonly sourceIds: Set<string>;
  readonly companyIds: Set<string>;
  readonly vocabulary: Vocabulary;
}

/** Parse and validate one file; a missing required file is a diagnostic. undefined when it is absent or wrong. */
export function parseFile<S extends z.ZodType>(run: LoadRun, rel: string, schema: S, required: boolean): Parsed<z.output<S>> | undefined {
  const text = run.content.files.get(rel);
  if (text === undefined) {
    if (required) run.diags.add(msg.noFile(rel), { file: run.at(rel) });
    return undefined;
  }
  return parseValidated(run.at(rel), text, schema, run.diags, run.cache);
}

/** The ids of `items`, each used once: a second use is a `duplicateId` diagnostic naming `what`. */
export function uniqueIds<T extends { id: string }>(run: LoadRun, items: readonly T[], what: string, place: (i: number) => Place): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) run.diags.add(msg.duplicateId(what, item.id), place(i));
    seen.add(item.id);
  });
  return seen;
}
