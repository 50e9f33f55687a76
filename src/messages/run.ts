/**
 * The catalogue's records for the coordinators (src/build.ts, src/batch.ts, src/init.ts, src/effects.ts,
 * src/preview/, src/cli/): the preview server, `briefing new` and `init`, a build's fonts and chart specs,
 * writing the outputs, and the recorded values of `diff`. Part of `MESSAGES` in src/messages.ts.
 *
 * This module is a leaf of the catalogue: it imports only src/errors.ts and its sibling modules.
 */
import { CATALOGUE, type ErrorData } from '../errors.ts';
import { problem } from './problems.ts';
import type { ExamplesFit } from './shared.ts';

/**
 * The records of a run: the preview, `briefing new`, a build or batch, writing its outputs, init and diff.
 */
export const RUN_MESSAGES = {
  // ── Preview and `briefing new` ───────────────────────────────────────────────────────────────────────
  portInUse: {
    kind: 'usage', code: 'BR302', title: 'Port in use',
    message: (port: number | undefined, host: string) => `port ${port} on ${host} is in use; pick another with --port (0 takes any free port)`,
    hint: 'Pick another port with --port, or --port 0 for any free one.',
    example: [4321, '127.0.0.1'],
  },
  cannotListen: {
    kind: 'usage', code: 'BR303', title: 'Cannot listen on the address',
    message: (host: string, port: number | undefined, cause: string) => `cannot listen on ${host}:${port}: ${cause}`,
    hint: 'Check --host and --port: the address must be one of this machine.',
    example: ['127.0.0.1', 80, 'listen EACCES: permission denied 127.0.0.1:80'],
  },
  editorUrlForm: {
    kind: 'usage', code: 'BR312', title: 'Editor URL template cannot open a file',
    message: (template: string) => `the editor URL template "${template}" is not a URL that names {file} (or none)`,
    hint: 'Give --editor-url (or BRIEFING_EDITOR_URL) a URL with {file}, {line} and {column}, like vscode://file/{file}:{line}:{column}, or none to turn the links off.',
    example: ['code --goto {file}'],
  },
  editorUrlPlaceholder: {
    kind: 'usage', code: 'BR313', title: 'Editor URL template names an unknown placeholder',
    message: (template: string, name: string) => `the editor URL template "${template}" names {${name}}; it can name {file}, {line} and {column}`,
    hint: 'Write the template with {file}, {line} and {column} only, like vscode://file/{file}:{line}:{column}.',
    example: ['idea://open?file={file}&line={line}&col={col}', 'col'],
  },
  newIsFile: {
    kind: 'usage', code: 'BR304', title: 'A file where the new briefing goes',
    message: (dir: string) => `${dir} is a file; choose a new folder`,
    hint: 'Give `briefing new` a folder that does not exist yet, or an empty one.',
    example: ['reports/q3'],
  },
  newNotEmpty: {
    kind: 'usage', code: 'BR305', title: 'Folder of the new briefing not empty',
    message: (dir: string) => `${dir} already exists and is not empty; choose a new folder`,
    hint: 'Give `briefing new` a folder that does not exist yet, or an empty one.',
    example: ['reports/q3'],
  },
  /** `briefing new --example <name>`: no example of that name ships; `shipped` lists those that do (src/preview/scaffold.ts). */
  unknownExample: {
    kind: 'usage', code: 'BR330', title: 'No such example briefing',
    message: (name: string, shipped: readonly string[], didYouMean: string) =>
      shipped.length === 0
        ? `there is no example "${name}": no example briefings ship with this installation of briefing`
        : `there is no example "${name}"${didYouMean}; the examples that ship are ${shipped.join(', ')}`,
    hint: 'Give --example the name of an example that ships with briefing, or leave --example out for a minimal briefing.',
    example: ['ai-ipo', ['ai-ipo-2026', 'china-ai-2026'], ' (did you mean "ai-ipo-2026"?)'],
  },

  // ── The run: build, batch, init, diff ────────────────────────────────────────────────────────────────
  missingGlyphs: {
    kind: 'missingGlyphs', code: 'BR109', title: 'Characters the fonts cannot draw',
    message: (chars: readonly string[]) => `the fonts have no glyph for ${chars.map((c) => `"${c}" (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`).join(', ')}`,
    hint: CATALOGUE.missingGlyphs.hint,
    example: [['\u{d55c}', '\u{1f680}']],
  },
  noOwnChartSpec: {
    kind: 'missingFile', code: 'BR174', title: "Briefing's own chart spec missing",
    message: (name: string) => `the briefing has no chart spec charts/${name}`,
    hint: "Add the spec to the briefing's charts/ folder, or name a spec of the template (without .vl.json).",
    example: ['waterfall.vl.json'],
  },
  noTemplateChartSpec: {
    kind: 'missingFile', code: 'BR175', title: 'Template has no such chart spec',
    message: (template: string, name: string, specs: readonly string[]) => `template "${template}" has no chart spec ${name}.vl.json; its specs are ${specs.join(', ')}`,
    hint: "Name one of the template's specs, or add the spec to the briefing's charts/ folder and name it with .vl.json.",
    example: ['default', 'waterfall', ['bars', 'columns', 'ranges', 'stacked-bars', 'scatter', 'risk-matrix']],
  },
  duplicateBriefingId: {
    kind: 'duplicateId', code: 'BR176', title: 'Two briefings with one id',
    message: (id: string, otherDir: string) => `briefing id "${id}" is also built from ${otherDir} in this run; both would write the same files`,
    hint: 'Give each briefing of a run its own id in briefing.yaml, or build them into different --out folders.',
    example: ['q3-review', 'reports/q3-copy'],
  },
  cannotWrite: {
    kind: 'write', code: 'BR403', title: 'Output cannot be written',
    message: (paths: readonly string[], cause: string) => `could not write ${new Intl.ListFormat('en', { type: 'conjunction' }).format(paths)}: ${cause}`,
    hint: CATALOGUE.write.hint,
    example: [['output/q3-review.pdf'], problem.fileSystem('ENOSPC', 'ENOSPC: no space left on device, write')],
  },
  /** A folder stands where a build output goes (`<out>/<id>.html/`): found before anything is replaced. */
  targetIsFolder: {
    kind: 'write', code: 'BR407', title: 'A folder where an output goes',
    message: (file: string) => `${file} is a folder where the build puts a file; nothing in the output folder was replaced`,
    hint: 'Remove or rename the folder, or build into another --out folder.',
    example: ['output/q3-review.html'],
  },
  /** Another build held the output folder's lock (src/effects.ts) for longer than a build waits. */
  outputLocked: {
    kind: 'write', code: 'BR408', title: 'Output folder locked',
    message: (dir: string, seconds: number) => `the output folder ${dir} is locked by another build and was still locked after ${seconds} s; if no build is running, wait ten seconds: a killed build's lock then counts as stale`,
    hint: 'Wait for the other build to finish, or build into another --out folder.',
    example: ['output', 30],
  },
  /** The renames of a committed output set failed part-way (src/effects.ts): the set's manifest was not put in place. */
  commitIncomplete: {
    kind: 'write', code: 'BR409', title: 'Outputs not all put in place',
    message: (dir: string, cause: string) => `the new outputs in ${dir} could not all be put in place (${cause}); manifest.json was removed rather than left describing other files, and the next build writes a whole set`,
    hint: "Check the disk and the folder's permissions, then build again.",
    example: ['output', problem.fileSystem('EACCES', "EACCES: permission denied, rename 'output/.tmp-q3/q3-review.pdf'")],
  },
  cannotRead: {
    kind: 'usage', code: 'BR306', title: 'A file briefing init updates cannot be read',
    message: (file: string, cause: string) => `cannot read ${file}: ${cause}`,
    hint: 'Check the path and the permissions of the file.',
    example: ['.vscode/settings.json', "EACCES: permission denied, open '.vscode/settings.json'"],
  },
  initIsFile: {
    kind: 'usage', code: 'BR307', title: 'A file where briefing init wants a folder',
    message: (dir: string) => `${dir} is a file; give a folder`,
    hint: 'Give `briefing init` a folder.',
    example: ['reports'],
  },
  noRecordedValues: {
    kind: 'usage', code: 'BR301', title: 'No recorded values in a build',
    message: (file: string) => `there is no build manifest with recorded values at ${file}`,
    hint: CATALOGUE.usage.hint,
    example: ['output/manifest.json'],
  },

  // ── The approved version: `briefing approve` and approved.json (src/approve.ts) ──────────────────────
  /** approved.json is not JSON or not an approved version; `problem` is what the parser or schema says (none: JSON.parse gave no reason). */
  approvedProblem: {
    kind: 'schema', code: 'BR196', title: 'Approved version unreadable',
    message: (problem?: string) => `approved.json is not an approved version as briefing approve writes it${problem === undefined ? '' : `: ${problem}`}`,
    hint: 'approved.json is written by `briefing approve`: build the briefing, look at it, and approve it again (briefing approve <dir> --out <out>), or restore the file from version control.',
    example: ['Invalid ISO datetime'],
  },
  /** `briefing approve`: the output folder has no manifest, or its manifest (where it is located) no entry of the briefing. */
  noBuildToApprove: {
    kind: 'usage', code: 'BR309', title: 'No build to approve',
    message: (id: string) => `no build of briefing "${id}" is recorded here; build it before approving it`,
    hint: 'Build the briefing into that folder (briefing build <dir> --out <out>), look at what it printed, then approve it; give approve the same --out as the build.',
    example: ['three-banks'],
  },
  /** `briefing approve`: the content changed after the build (its hash differs, or a file is newer than the manifest); located at the content file changed last. */
  buildOlderThanContent: {
    kind: 'usage', code: 'BR310', title: 'Build older than its content',
    message: (id: string, manifest: string) => `the build of "${id}" in ${manifest} is older than the content (this file changed after it); an approval records what a build printed`,
    hint: 'Build the briefing again (briefing build <dir> --out <out>), look at what it printed, then approve it.',
    example: ['three-banks', 'output/manifest.json'],
  },
  /** `briefing approve`: the manifest's entry of the briefing (where it is located) is a failed build, or records no values. */
  failedBuildToApprove: {
    kind: 'usage', code: 'BR311', title: 'Failed build to approve',
    message: (id: string) => `the last build of "${id}" recorded here failed or recorded nothing it printed; there is nothing to approve`,
    hint: 'Fix the errors the build listed (briefing check <dir>), build again, then approve.',
    example: ['three-banks'],
  },
  approvedOfOther: {
    kind: 'usage', code: 'BR315', title: 'Approved version of another briefing',
    message: (approvedId: string, id: string) => `approved.json records the approved version of "${approvedId}", not of "${id}"`,
    hint: 'Delete approved.json, then build this briefing and approve it (briefing approve <dir>); a copied briefing folder starts without one.',
    example: ['pharma-fx', 'three-banks'],
  },
  draftBuildToApprove: {
    kind: 'usage', code: 'BR314', title: 'Draft build to approve',
    message: (id: string) => `the last build of "${id}" recorded here is a draft (built with --draft): its pages carry the Draft mark`,
    hint: 'Build again without --draft, then approve that build.',
    example: ['three-banks'],
  },

  // ── Sharding: build --shard k/n and briefing merge (src/merge.ts) ────────────────────────────────────
  /** The API's `build(dirs, {shard})` with a shard that is not one (the CLI's `--shard` parser says problem.shardForm). */
  badShard: {
    kind: 'usage', code: 'BR320', title: 'Not a shard',
    message: (index: number, total: number) => problem.shardForm(`${index}/${total}`),
    hint: 'Give shard as {index: k, total: n}, whole numbers with 1 ≤ k ≤ n (on the command line: --shard k/n).',
    example: [4, 3],
  },
  /** `briefing merge`: a manifest that cannot be read, is not JSON, or is not a build manifest as a shard writes it; located where it is wrong. */
  unreadableShard: {
    kind: 'usage', code: 'BR321', title: "Shard's manifest unreadable",
    message: (file: string, cause: string) => `cannot read ${file} as the manifest of a shard: ${cause}`,
    hint: 'Give briefing merge the manifest.json (or the output folder) that each briefing build --shard k/n wrote, whole and unchanged.',
    example: ['shards/shard-2/manifest.json', "ENOENT: no such file or directory, open 'shards/shard-2/manifest.json'"],
  },
  notAShard: {
    kind: 'usage', code: 'BR322', title: 'Manifest of a build without --shard',
    message: (file: string) => `${file} is the manifest of a build without --shard; briefing merge joins the shards of one list`,
    hint: 'Build each share of the list with briefing build <content-dir>... --shard k/n (k from 1 to n), then merge their outputs.',
    example: ['output/manifest.json'],
  },
  shardsOfOtherLists: {
    kind: 'usage', code: 'BR323', title: 'Shards of different lists',
    message: (file: string, other: string) => `${file} is a shard of another list of briefing folders, or of another number of shards, than ${other}`,
    hint: 'Build every shard from the same folders with the same n (--shard k/n), and merge the shards of one run only.',
    example: ['shards/shard-2/manifest.json', 'shards/shard-1/manifest.json'],
  },
  /** `briefing merge`: shards of the list not given (`missing` empty: no manifest given at all). */
  shardsMissing: {
    kind: 'usage', code: 'BR324', title: 'Shards missing',
    message: (missing: readonly number[], total: number) =>
      missing.length === 0 ? 'no shard given; nothing was merged' : `${missing.length === 1 ? 'shard' : 'shards'} ${missing.map((k) => `${k}/${total}`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing; nothing was merged`,
    hint: "Give briefing merge every shard's manifest or output folder, k from 1 to n; build again a shard whose job ended before it wrote one.",
    example: [[2], 3],
  },
  shardTwice: {
    kind: 'usage', code: 'BR325', title: 'Shard given twice',
    message: (index: number, total: number, other: string) => `shard ${index}/${total} is given twice (also as ${other}); nothing was merged`,
    hint: "Give briefing merge each shard once: one output folder per k of --shard k/n.",
    example: [2, 3, 'shards/shard-2b/manifest.json'],
  },
  briefingInTwoShards: {
    kind: 'usage', code: 'BR326', title: 'One briefing id in two shards',
    message: (id: string, other: string) => `briefing id "${id}" is also built in ${other}; both would write the same files`,
    hint: 'Give each briefing of the list its own id in briefing.yaml, then build the shards again.',
    example: ['q3-review', 'shards/shard-1/manifest.json'],
  },
  shardsBuiltDifferently: {
    kind: 'usage', code: 'BR327', title: 'Shards built differently',
    message: (file: string, other: string, how: string) => `${file} and ${other} were built differently (${how}): their merge would not be one build`,
    hint: 'Build every shard with the same version of briefing and the same options (--format, --page-size, --pdf-standard, --templates, --strict, --draft, --since), then merge them.',
    example: ['shards/shard-2/manifest.json', 'shards/shard-1/manifest.json', problem.shardDraft()],
  },
  shardFileMissing: {
    kind: 'usage', code: 'BR328', title: "Shard's output file missing",
    message: (file: string) => `${file}, which its shard's manifest lists, is missing`,
    hint: "Give briefing merge each shard's whole output folder, its PDF and HTML files with its manifest.json, as the build wrote it.",
    example: ['shards/shard-2/q3-review.pdf'],
  },
  shardFileChanged: {
    kind: 'usage', code: 'BR329', title: "Shard's output file not as built",
    message: (file: string) => `${file} is not the file its shard's manifest lists: its size or SHA-256 differs`,
    hint: "Give briefing merge each shard's output folder as the build wrote it; build the shard again if a file changed since.",
    example: ['shards/shard-2/q3-review.pdf'],
  },
  cannotReadShardFile: {
    kind: 'write', code: 'BR430', title: "Shard's output file unreadable",
    message: (file: string, cause: string) => `cannot read ${file}: ${cause}`,
    hint: 'Check the permissions of the shard folders and the disk, then merge again.',
    example: ['shards/shard-2/q3-review.pdf', problem.fileSystem('EACCES', "EACCES: permission denied, open 'shards/shard-2/q3-review.pdf'")],
  },
} as const satisfies Record<string, ErrorData>;
RUN_MESSAGES satisfies ExamplesFit<typeof RUN_MESSAGES>;
