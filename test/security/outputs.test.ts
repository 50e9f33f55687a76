/**
 * A build's outputs are one set (src/effects.ts): after a SIGKILL at any step of the write phase, a failed
 * write or two builds into one folder, `manifest.json` describes exactly the PDF and HTML beside it (or there
 * is no manifest and the next build repairs the set); the next build leaves no temp file and removes the
 * profiles of killed Chromiums; file system errors name their real cause.
 *
 * Faults are placed by step, not by clock: a preload module (written below, loaded with `--import`) counts the
 * build's file system changes inside the output folder and kills the process with SIGKILL before step N, or
 * stops it with SIGSTOP at a step that matches a pattern, and logs every step and every failed call.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BriefingError, CATALOGUE, EXIT } from '../../src/errors.ts';
import { JOURNAL_NAME, LOCK_NAME, LOCK_STALE_MS, withLock } from '../../src/effects.ts';
import { MESSAGES, msg } from '../../src/messages.ts';
import { PROFILE_PREFIX, removeDeadProfiles } from '../../src/pdf/chromium.ts';
import { copySample, ROOT, SAMPLE, tempDir } from '../helpers/cli.ts';

const ID = 'ai-ipo-2026';

/** The fault-placing preload module: see the file's docs. Configured by FAULT_* variables. */
const HOOK = `
import fs from 'node:fs';
import path from 'node:path';
import { syncBuiltinESMExports } from 'node:module';
const dir = path.resolve(process.env.FAULT_DIR);
const killAt = Number(process.env.FAULT_KILL_AT ?? 0);
const pauseOn = process.env.FAULT_PAUSE_ON ? new RegExp(process.env.FAULT_PAUSE_ON) : undefined;
const log = process.env.FAULT_LOG;
let n = 0;
const rel = (p) => path.relative(dir, path.resolve(String(p)));
const inside = (p) => rel(p) !== '..' && !rel(p).startsWith('..' + path.sep) && !path.isAbsolute(rel(p));
function step(name, file) {
  if (!inside(file)) return;
  n += 1;
  const line = n + ' ' + name + ' ' + rel(file);
  if (log) fs.appendFileSync(log, line + '\\n');
  if (n === killAt) process.kill(process.pid, 'SIGKILL');
  if (pauseOn && pauseOn.test(line)) process.kill(process.pid, 'SIGSTOP');
}
const p = fs.promises;
for (const name of ['open', 'rename', 'rm', 'unlink', 'rmdir', 'mkdir', 'writeFile', 'utimes']) {
  const original = p[name];
  p[name] = function (file, ...rest) {
    if (name !== 'open' || /[wa+]/.test(String(rest[0] ?? 'r'))) step(name, file);
    return original.call(this, file, ...rest).catch((e) => {
      if (log && inside(file)) fs.appendFileSync(log, 'failed ' + name + ' ' + e.code + ' ' + rel(file) + '\\n');
      throw e;
    });
  };
}
// proper-lockfile works through the callback API (by way of graceful-fs, which copies these at load): its
// lock folder is made and removed with mkdir and rmdir. Its utimes refresh runs on a timer, so it is not a step.
for (const name of ['mkdir', 'rmdir']) {
  const original = fs[name];
  fs[name] = function (file, ...rest) {
    step(name, file);
    const done = rest.pop();
    return original.call(this, file, ...rest, (e, ...r) => {
      if (e && log && inside(file)) fs.appendFileSync(log, 'failed ' + name + ' ' + e.code + ' ' + rel(file) + '\\n');
      done(e, ...r);
    });
  };
}
syncBuiltinESMExports();
`;

/** How a build process ended. */
interface Ended {
  readonly pid: number;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** A started build process: its pid and its end. */
interface Started {
  readonly pid: number;
  readonly ended: Promise<Ended>;
}

/** Wait, by trials (100 ms apart, at most `trials`), until `ok()` holds; whether it did. */
async function until(ok: () => Promise<boolean> | boolean, trials = 300): Promise<boolean> {
  for (let i = 0; i < trials; i++) {
    if (await ok()) return true;
    await new Promise((res) => setTimeout(res, 100));
  }
  return ok();
}

/** SHA-256 (hex) of a file, or null when there is none. */
async function sha(file: string): Promise<string | null> {
  return readFile(file).then(
    (b) => createHash('sha256').update(b).digest('hex'),
    () => null,
  );
}

describe('build outputs are one set', () => {
  let tmp: string;
  let cache: string;
  let hook: string;
  let versionA: string;
  let versionB: string;
  /** A's outputs, copied as the starting folder of each trial. */
  let outA: string;
  /** PDF and HTML hashes of each version. */
  const sets: Record<'A' | 'B', { pdf: string; html: string }> = { A: { pdf: '', html: '' }, B: { pdf: '', html: '' } };
  const mounts: string[] = [];

  /** Start `briefing build <dir> --out <out>` with the test's TMPDIR and cache, and `env` (FAULT_* loads the hook). */
  function start(dir: string, out: string, env: Record<string, string> = {}, args: readonly string[] = []): Started {
    const faults = Object.keys(env).some((k) => k.startsWith('FAULT_'));
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'briefing.js'), 'build', dir, ...args, '--out', out, '--cache-dir', cache], {
      cwd: ROOT,
      env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', TMPDIR: tmp, ...(faults ? { FAULT_DIR: out, NODE_OPTIONS: `--import ${pathToFileURL(hook).href}` } : {}), ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const ended = new Promise<Ended>((res) => child.on('close', (code, signal) => res({ pid: child.pid!, code, signal, stderr })));
    return { pid: child.pid!, ended };
  }

  const build = (dir: string, out: string, env: Record<string, string> = {}, args: readonly string[] = []): Promise<Ended> => start(dir, out, env, args).ended;

  /**
   * Which set `out` holds: 'A' or 'B' when manifest.json lists the briefing with hashes and sizes that match
   * the files beside it and those are one version's; null when there is no manifest. Fails the test otherwise.
   */
  async function setIn(out: string, note: string): Promise<'A' | 'B' | null> {
    const text = await readFile(path.join(out, 'manifest.json'), 'utf8').catch(() => null);
    if (text === null) return null;
    const entry = (JSON.parse(text) as { briefings: { id: string; files: { format: 'pdf' | 'html'; path: string; bytes: number; sha256: string }[] }[] }).briefings.find((b) => b.id === ID)!;
    const found: Record<string, string | null> = {};
    for (const f of entry.files) {
      const bytes = await readFile(path.join(out, f.path));
      expect({ file: f.path, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.byteLength }, note).toEqual({ file: f.path, sha256: f.sha256, bytes: f.bytes });
      found[f.format] = f.sha256;
    }
    const version = (['A', 'B'] as const).find((v) => found['pdf'] === sets[v].pdf && found['html'] === sets[v].html);
    expect(version, `${note}: the manifest lists one version's PDF and HTML`).toBeDefined();
    return version!;
  }

  /** What a build leaves in the output folder besides its outputs: temp files, a journal, a lock. */
  async function leftovers(out: string): Promise<string[]> {
    return (await readdir(out)).filter((f) => f.startsWith('.'));
  }

  /** Profiles of Chromiums in the test's TMPDIR. */
  async function profiles(): Promise<string[]> {
    return (await readdir(tmp)).filter((f) => f.startsWith(PROFILE_PREFIX));
  }

  /** A fresh output folder holding version A's set. */
  async function folderWithA(): Promise<string> {
    const out = path.join(await tempDir(), 'out');
    await cp(outA, out, { recursive: true });
    return out;
  }

  beforeAll(async () => {
    [tmp, cache] = await Promise.all([tempDir(), tempDir()]);
    hook = path.join(tmp, 'fault-hook.mjs');
    await writeFile(hook, HOOK);
    versionA = await copySample();
    versionB = await copySample();
    const summary = path.join(versionB, 'sections', (await readdir(path.join(versionB, 'sections'))).sort()[0]!);
    await writeFile(summary, `${await readFile(summary, 'utf8')}\nA sentence only version B has.\n`);
    outA = path.join(await tempDir(), 'out');
    const outB = path.join(await tempDir(), 'out');
    for (const [v, dir, out] of [['A', versionA, outA], ['B', versionB, outB]] as const) {
      const r = await build(dir, out);
      expect(r.code, r.stderr).toBe(0);
      sets[v] = { pdf: (await sha(path.join(out, `${ID}.pdf`)))!, html: (await sha(path.join(out, `${ID}.html`)))! };
    }
    expect(sets.A.pdf).not.toBe(sets.B.pdf);
    expect(sets.A.html).not.toBe(sets.B.html);
  }, 120_000);

  afterAll(() => {
    for (const m of mounts) execFileSync('umount', [m]);
  });

  it('after a SIGKILL at each step of the write phase, the manifest describes the files beside it, and the next build repairs the set', async () => {
    const seen: ('A' | 'B' | null)[] = [];
    let finished = false;
    for (let at = 1; at <= 40 && !finished; at++) {
      const out = await folderWithA();
      const log = path.join(path.dirname(out), 'steps.log');
      const killed = await build(versionB, out, { FAULT_KILL_AT: String(at), FAULT_LOG: log });
      const state = await setIn(out, `killed before step ${at}`);
      if (killed.signal !== 'SIGKILL') {
        // Past the last step: the build ran to its end.
        expect(killed.code, killed.stderr).toBe(0);
        expect(state).toBe('B');
        finished = true;
        continue;
      }
      seen.push(state);
      // The killed build's Chromium quits when its pipe closes; then the next build removes its profile.
      expect(await until(() => spawnQuiet(['pgrep', '-f', `${PROFILE_PREFIX}${killed.pid}-`]) === '')).toBe(true);
      const next = await build(versionB, out);
      expect(next.code, next.stderr).toBe(0);
      expect(await setIn(out, `the build after a kill before step ${at}`)).toBe('B');
      expect(await leftovers(out), `after a kill before step ${at}`).toEqual([]);
      expect(await profiles(), `after a kill before step ${at}`).toEqual([]);
    }
    expect(finished).toBe(true);
    // The kills landed on both sides of the commit point, and in the window where the set has no manifest.
    expect(seen).toContain('A');
    expect(seen).toContain('B');
    expect(seen).toContain(null);
  }, 600_000);

  it('two builds into one folder commit one after the other: the second waits for a paused first, and both exit 0', async () => {
    const out = await folderWithA();
    const first = path.join(path.dirname(out), 'first.log');
    const second = path.join(path.dirname(out), 'second.log');
    // The first build stops holding the lock, its old manifest deleted and no new file in place yet (just
    // before its first rename of an output).
    const paused = start(versionB, out, { FAULT_LOG: first, FAULT_PAUSE_ON: `^\\d+ rename \\.${ID}\\.pdf\\.` });
    expect(await until(async () => (await readFile(first, 'utf8').catch(() => '')).includes(` rename .${ID}.pdf.`))).toBe(true);
    expect(await setIn(out, 'first build paused mid-commit')).toBeNull();
    const waiting = start(versionA, out, { FAULT_LOG: second });
    // The second build renders, then finds the lock taken (a live holder: it waits rather than break it).
    expect(await until(async () => (await readFile(second, 'utf8').catch(() => '')).includes(`failed mkdir EEXIST ${LOCK_NAME}`))).toBe(true);
    expect(await setIn(out, 'second build waiting')).toBeNull();
    process.kill(paused.pid, 'SIGCONT');
    const [a, b] = await Promise.all([paused.ended, waiting.ended]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(await setIn(out, 'both builds done')).toBe('A');
    expect(await leftovers(out)).toEqual([]);
  }, 120_000);

  it('two builds of two versions started together end with one whole set (3 trials)', async () => {
    for (let trial = 0; trial < 3; trial++) {
      const out = await folderWithA();
      const [a, b] = await Promise.all([build(versionA, out), build(versionB, out)]);
      expect(a.code, a.stderr).toBe(0);
      expect(b.code, b.stderr).toBe(0);
      expect(await setIn(out, `trial ${trial}`)).not.toBeNull();
      expect(await leftovers(out)).toEqual([]);
    }
  }, 120_000);

  it('a folder at the HTML target path fails the briefing with a located error, and nothing is replaced', async () => {
    const out = await folderWithA();
    const manifest = await readFile(path.join(out, 'manifest.json'));
    const html = path.join(out, `${ID}.html`);
    await rm(html);
    await mkdir(path.join(html, 'inside'), { recursive: true });
    const r = await build(versionB, out);
    expect(r.code).toBe(EXIT.system);
    expect(r.stderr).toContain(`${html} is a folder where the build puts a file; nothing in the output folder was replaced [${MESSAGES.targetIsFolder.code}]`);
    expect(await sha(path.join(out, `${ID}.pdf`))).toBe(sets.A.pdf);
    expect(await readFile(path.join(out, 'manifest.json'))).toEqual(manifest);
    expect(await leftovers(out)).toEqual([]);
    // When the CLI says nothing was written, nothing was.
    expect(r.stderr).toContain('(nothing written)');
  }, 60_000);

  it('in a batch, a folder at one briefing\'s target fails that briefing only; the manifest lists it as failed and the others as written', async () => {
    const out = await folderWithA();
    const html = path.join(out, `${ID}.html`);
    await rm(html);
    await mkdir(html);
    const other = path.join(ROOT, 'content', 'china-ai-2026');
    const r = await build(versionB, out, {}, [other, '--format', 'pdf,html']);
    expect(r.code).toBe(EXIT.system);
    expect(r.stderr).toMatch(/1 of 2 briefings built; failed: .*\(manifest: /);
    const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as { briefings: { id: string | null; ok: boolean; files: { path: string; sha256: string }[] }[] };
    expect(manifest.briefings.map((b) => b.ok)).toEqual([false, true]);
    for (const f of manifest.briefings[1]!.files) expect(await sha(path.join(out, f.path))).toBe(f.sha256);
    // The failed briefing's old PDF stays (the manifest no longer lists it).
    expect(await sha(path.join(out, `${ID}.pdf`))).toBe(sets.A.pdf);
    expect(await leftovers(out)).toEqual([]);
  }, 120_000);

  it('removes the Chromium profiles of processes that no longer run, never a live process\'s', async () => {
    const dir = await tempDir();
    const gone = spawn('true');
    await new Promise((res) => gone.on('close', res));
    const dead = `${PROFILE_PREFIX}${gone.pid}-Ab12Cd`;
    const live = `${PROFILE_PREFIX}${process.ppid}-Ef34Gh`;
    const mine = `${PROFILE_PREFIX}${process.pid}-Ij56Kl`;
    for (const p of [dead, live, mine]) await mkdir(path.join(dir, p, 'data'), { recursive: true });
    await removeDeadProfiles(dir);
    expect((await readdir(dir)).sort()).toEqual([live, mine].sort());
  });

  it('a stale lock (its build killed) is taken over; one held makes the next build wait, then fail clearly', async () => {
    const out = await tempDir();
    await mkdir(path.join(out, LOCK_NAME));
    const past = new Date(Date.now() - 2 * LOCK_STALE_MS);
    await utimes(path.join(out, LOCK_NAME), past, past);
    expect(await withLock(out, async () => 'taken', 0)).toBe('taken');
    let free = (): void => undefined;
    const held = withLock(out, () => new Promise<void>((res) => (free = res)));
    await until(async () => (await readdir(out)).includes(LOCK_NAME));
    const error = await withLock(out, async () => 'taken', 1000).then(
      () => undefined,
      (e: unknown) => e,
    );
    free();
    expect(error).toBeInstanceOf(BriefingError);
    expect((error as BriefingError).diagnostics[0]).toMatchObject({ code: MESSAGES.outputLocked.code, message: msg.outputLocked(out, 1).text, file: path.join(out, LOCK_NAME) });
    await held;
    expect(await readdir(out)).toEqual([]);
  });

  it('says read-only for an output folder on a read-only file system, and names a file that stands where a folder should', async () => {
    const mount = path.join(await tempDir(), 'read-only');
    await mkdir(mount);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', mount]);
    mounts.push(mount);
    const r = await build(SAMPLE, path.join(mount, 'fresh', 'out'), {}, ['--format', 'html']);
    expect(r.code).toBe(EXIT.system);
    expect(r.stderr).toContain(`[${CATALOGUE.write.code}]`);
    expect(r.stderr).toMatch(/the file system is read-only \(EROFS/);
    expect(r.stderr).not.toMatch(/ENOENT/);
    const parent = path.join(await tempDir(), 'a-file');
    await writeFile(parent, 'not a folder');
    const f = await build(SAMPLE, path.join(parent, 'out'), {}, ['--format', 'html']);
    expect(f.code).toBe(EXIT.system);
    expect(f.stderr).toMatch(/a file stands where a folder should be \(ENOTDIR/);
  }, 60_000);

  it('removes a journal whose renames are all done (a commit killed after its last rename)', async () => {
    const out = await folderWithA();
    await writeFile(path.join(out, JOURNAL_NAME), JSON.stringify({ pid: 1, outputs: [], index: [] }));
    const r = await build(versionB, out);
    expect(r.code, r.stderr).toBe(0);
    expect(await setIn(out, 'after a done journal')).toBe('B');
    expect(await leftovers(out)).toEqual([]);
  }, 60_000);
});

/** stdout of a command, '' when it fails (pgrep finds nothing). */
function spawnQuiet(argv: readonly string[]): string {
  try {
    return execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}
