/**
 * Faults lose nothing: a hung browser hits the time limit and its process tree is killed; a full disk fails
 * with a clear error and keeps the previous file; a build killed with SIGKILL leaves no truncated file, and
 * the next build leaves no temporary file; no Chromium outlives the CLI.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BriefingError, CATALOGUE, EXIT } from '../../src/errors.ts';
import { MESSAGES } from '../../src/messages.ts';
import { findChromium, launchBrowser } from '../../src/pdf/browser.ts';
import { copySample, ROOT, runCli, SAMPLE, tempDir } from '../helpers/cli.ts';

/** PIDs of processes whose command line contains `marker`. */
function processesWith(marker: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', '--', marker], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/** How the browser a test gives briefing misbehaves: see test/fixtures/browsers/stand-in.mjs. */
type Fault = 'crash-on-print' | 'freeze-on-print' | 'freeze-at-start';

/**
 * A Chromium wrapper that tags its command line with a marker and, given a fault, runs Chromium behind the
 * stand-in that misbehaves so (its flag file says when it did).
 */
async function chromiumWrapper(marker: string, fault?: Fault): Promise<{ wrapper: string; flag: string }> {
  const dir = await tempDir();
  const wrapper = path.join(dir, 'chromium-wrapper.sh');
  const flag = path.join(dir, 'misbehaved');
  const standIn = path.join(ROOT, 'test', 'fixtures', 'browsers', 'stand-in.mjs');
  const browser = fault === undefined ? `'${findChromium()}'` : `'${process.execPath}' '${standIn}' ${fault} '${findChromium()}' '${flag}'`;
  await writeFile(wrapper, `#!/bin/bash\nexec ${browser} "$@" --briefing-test-marker=${marker}\n`);
  await chmod(wrapper, 0o755);
  return { wrapper, flag };
}

describe('faults', () => {
  const mounts: string[] = [];
  afterAll(() => {
    for (const m of mounts) execFileSync('umount', [m]);
  });

  /** Wait, by trials, until no process carries the marker; the processes still carrying it. */
  async function goneAfter(marker: string): Promise<string[]> {
    for (let i = 0; i < 60 && processesWith(`--briefing-test-marker=${marker}`).length > 0; i++) await new Promise((res) => setTimeout(res, 100));
    return processesWith(`--briefing-test-marker=${marker}`);
  }

  it('kills a hung browser and its whole process tree at the time limit, naming the briefing', async () => {
    const marker = randomBytes(6).toString('hex');
    const { wrapper, flag } = await chromiumWrapper(marker, 'freeze-on-print');
    const out = await tempDir();
    const r = await runCli(['build', SAMPLE, '--out', out, '--format', 'pdf', '--timeout', '3000'], { env: { BRIEFING_CHROMIUM: wrapper } });
    expect(await readFile(flag, 'utf8')).toBe('freeze-on-print\n');
    expect(r.code).toBe(EXIT.system);
    expect(r.stderr).toContain(`failed ${SAMPLE}`);
    expect(r.stderr).toMatch(/took longer than the \d+ ms time limit/);
    expect(r.stderr).toContain(`[${MESSAGES.printTimeout.code}]`);
    expect(await goneAfter(marker)).toEqual([]);
    expect((await readdir(out)).filter((f) => f.endsWith('.pdf'))).toEqual([]);
  });

  it('kills a browser that hangs while it starts at the time limit too, leaving no process behind', async () => {
    const marker = randomBytes(6).toString('hex');
    const { wrapper } = await chromiumWrapper(marker, 'freeze-at-start');
    const out = await tempDir();
    const r = await runCli(['build', SAMPLE, '--out', out, '--format', 'pdf', '--timeout', '3000'], { env: { BRIEFING_CHROMIUM: wrapper } });
    expect(r.code).toBe(EXIT.system);
    expect(r.stderr).toMatch(/took longer than the \d+ ms time limit/);
    expect(await goneAfter(marker)).toEqual([]);
  });

  it('kills a browser that hangs while it starts, at the launch time limit', async () => {
    const marker = randomBytes(6).toString('hex');
    const { wrapper } = await chromiumWrapper(marker, 'freeze-at-start');
    const error = await launchBrowser({ executablePath: wrapper, timeoutMs: 3000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BriefingError);
    expect((error as BriefingError).message).toMatch(/took longer than the 3000 ms time limit to start/);
    expect(await goneAfter(marker)).toEqual([]);
  });

  it('leaves no Chromium behind after a build, Ctrl-C or SIGKILL, and no browser files after a build or Ctrl-C', async () => {
    const marker = randomBytes(6).toString('hex');
    const { wrapper } = await chromiumWrapper(marker);
    const out = await tempDir();
    // The browser's profile and scratch files go under TMPDIR: one of this test's own, to be found empty
    // afterwards but for Node's compile cache.
    const leftIn = async (tmp: string): Promise<string[]> => (await readdir(tmp)).filter((f) => f !== 'node-compile-cache');
    const tmp = await tempDir();
    expect((await runCli(['build', SAMPLE, '--out', out, '--format', 'pdf'], { env: { BRIEFING_CHROMIUM: wrapper, TMPDIR: tmp } })).code).toBe(0);
    expect(processesWith(`--briefing-test-marker=${marker}`)).toEqual([]);
    expect(await leftIn(tmp)).toEqual([]);
    for (const signal of ['SIGINT', 'SIGKILL'] as const) {
      const signalTmp = await tempDir();
      const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'briefing.js'), 'build', SAMPLE, '--out', out, '--format', 'pdf'], {
        cwd: ROOT,
        env: { ...process.env, BRIEFING_CHROMIUM: wrapper, TMPDIR: signalTmp },
        stdio: 'ignore',
      });
      const closed = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
      for (let i = 0; i < 100 && processesWith(`--briefing-test-marker=${marker}`).length === 0; i++) await new Promise((res) => setTimeout(res, 50));
      expect(processesWith(`--briefing-test-marker=${marker}`).length).toBeGreaterThan(0);
      child.kill(signal);
      const code = await closed;
      expect(await goneAfter(marker)).toEqual([]);
      // Ctrl-C exits 130 and cleans up; after SIGKILL Chromium quits on its own, and its profile stays.
      if (signal === 'SIGINT') {
        expect(code).toBe(130);
        expect(await leftIn(signalTmp)).toEqual([]);
      }
    }
  });

  it('on a full disk: exits 2 with a write error, keeps the previous file whole, leaves no temp file', async () => {
    const mount = path.join(await tempDir(), 'small-disk');
    await mkdir(mount);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=400k', 'tmpfs', mount]);
    mounts.push(mount);
    // The previous good output: a small HTML-only briefing that fits.
    const small = path.join(await tempDir(), 'small');
    expect((await runCli(['new', small])).code).toBe(0);
    expect((await runCli(['build', small, '--out', mount, '--format', 'html'])).code).toBe(0);
    const html = path.join(mount, 'small.html');
    const before = await readFile(html);
    // Fill the disk, then build a larger version of the same briefing.
    await writeFile(path.join(mount, 'filler'), Buffer.alloc(400 * 1024 - before.length - 40 * 1024)).catch(() => undefined);
    const section = path.join(small, 'sections', 'summary.md');
    await writeFile(section, `${await readFile(section, 'utf8')}\n${'More text for the bigger draft. '.repeat(4000)}\n`);
    const r = await runCli(['build', small, '--out', mount, '--format', 'html']);
    expect(r.code).toBe(EXIT.system);
    expect(r.stderr).toContain(`[${CATALOGUE.write.code}]`);
    expect(r.stderr).toMatch(/ENOSPC|no space/i);
    expect(await readFile(html)).toEqual(before);
    expect((await readdir(mount)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('after a build killed with SIGKILL mid-write, the next build leaves no temp file and a whole PDF', async () => {
    const dir = await copySample();
    const out = await tempDir();
    expect((await runCli(['build', dir, '--out', out, '--format', 'pdf'])).code).toBe(0);
    // Plant what a SIGKILL during the write leaves: a partial temp file of a process that no longer runs.
    const target = path.join(out, 'ai-ipo-2026.pdf');
    const gone = spawn('true');
    await new Promise((res) => gone.on('close', res));
    const stale = path.join(out, `.ai-ipo-2026.pdf.${gone.pid}.0badf00d.tmp`);
    await writeFile(stale, (await readFile(target)).subarray(0, 1000));
    expect((await runCli(['build', dir, '--out', out, '--format', 'pdf'])).code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['ai-ipo-2026.pdf', 'manifest.json']);
    expect(execFileSync('qpdf', ['--check', target], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors');
  });

  it('survives a browser crash during printing with a retry on a fresh browser', async () => {
    // No timing involved: the stand-in kills Chromium, as a crash would, when the first print command arrives,
    // and only once (its flag file), so the retry on a fresh browser prints.
    const marker = randomBytes(6).toString('hex');
    const { wrapper, flag } = await chromiumWrapper(marker, 'crash-on-print');
    const out = await tempDir();
    const r = await runCli(['build', SAMPLE, '--out', out, '--format', 'pdf', '--no-cache'], { env: { BRIEFING_CHROMIUM: wrapper } });
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(flag, 'utf8')).toBe('crash-on-print\n');
    expect(r.stderr).toContain('browser crashed or disconnected');
    expect(execFileSync('qpdf', ['--check', path.join(out, 'ai-ipo-2026.pdf')], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors');
    expect(await goneAfter(marker)).toEqual([]);
  });
});
