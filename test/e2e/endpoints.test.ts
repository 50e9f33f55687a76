/**
 * Printing over several browsers reached by URL (`--browser-ws-endpoint` repeated; src/pdf/pool.ts): two local
 * Chromiums started with `--remote-debugging-port=0`, one killed mid-batch (every PDF whole, none missing,
 * exit 0), both killed (the rest fail with BR425, exit 2, nothing partial), one answering busy (HTTP 429) and
 * none reachable from the start.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { build, type BatchEntry, type BuildManifest } from '../../src/api.ts';
import { EXIT } from '../../src/errors.ts';
import { MESSAGES } from '../../src/messages.ts';
import { findChromium } from '../../src/pdf/browser.ts';
import { AUTOMATION_ARGS, CHROMIUM_ARGS } from '../../src/pdf/chromium.ts';
import { ROOT, runCli, tempDir } from '../helpers/cli.ts';
import { readPdf } from '../helpers/pdf.ts';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'three-banks');

/** A Chromium listening for DevTools on a port of its own, as a browser service runs one. */
interface RemoteChromium {
  readonly endpoint: string;
  readonly process: ChildProcess;
  /** SIGKILL it with its renderers (its process group), as a crash or an OOM kill would. */
  kill(): void;
}

const started: RemoteChromium[] = [];

afterEach(() => {
  for (const c of started.splice(0)) c.kill();
});

/** Start a Chromium with the build's own flags, reachable at the DevTools URL it prints. */
async function remoteChromium(): Promise<RemoteChromium> {
  const profile = await tempDir('briefing-remote-');
  const args = [...CHROMIUM_ARGS, ...AUTOMATION_ARGS, `--user-data-dir=${profile}`, '--remote-debugging-port=0', '--remote-debugging-address=127.0.0.1'];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  const child = spawn(findChromium(), [...args, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const kill = (): void => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Gone already.
    }
  };
  const remote = { process: child, kill, endpoint: '' };
  started.push(remote as RemoteChromium);
  remote.endpoint = await new Promise<string>((resolve, reject) => {
    let said = '';
    child.stderr!.on('data', (d: Buffer) => {
      said += d.toString();
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(said);
      if (m) resolve(m[1]!);
    });
    child.once('exit', () => reject(new Error(`Chromium exited: ${said}`)));
  });
  return remote;
}

/** `n` copies of the three-banks fixture with ids `bank-1`, …, `bank-n`. */
async function briefings(n: number): Promise<string[]> {
  const root = await tempDir();
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const dir = path.join(root, `bank-${i + 1}`);
      await cp(FIXTURE, dir, { recursive: true });
      const file = path.join(dir, 'briefing.yaml');
      await writeFile(file, (await readFile(file, 'utf8')).replace(/^id: .*$/m, `id: bank-${i + 1}`));
      return dir;
    }),
  );
}

/** Every PDF of a manifest's built briefings parses, has the pages the manifest says, and passes `qpdf --check`. */
async function expectWhole(out: string, manifest: BuildManifest): Promise<void> {
  for (const b of manifest.briefings.filter((x) => x.ok)) {
    const file = path.join(out, b.files.find((f) => f.format === 'pdf')!.path);
    expect((await readPdf(file)).pages.length, file).toBe(b.pages);
    expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors');
  }
}

describe('build over several browser endpoints', () => {
  it('finishes a batch when one of two endpoints is killed mid-batch: every PDF whole, none missing, exit 0', async () => {
    const [a, b] = await Promise.all([remoteChromium(), remoteChromium()]);
    const dirs = await briefings(8);
    const out = await tempDir();
    // No browser of its own: a launch would fail on this path.
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'briefing.js'), 'build', ...dirs, '--out', out, '--format', 'pdf', '-j', '4', '--browser-ws-endpoint', a.endpoint, '--browser-ws-endpoint', b.endpoint], {
      cwd: ROOT,
      env: { ...process.env, TZ: 'UTC', CI: 'true', BRIEFING_CHROMIUM: '/nonexistent/chromium' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      // Once the first briefing is built, the endpoint a goes away with the prints it holds.
      if (a.process.exitCode === null && a.process.signalCode === null && /^built bank-/m.test(stdout)) a.kill();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(a.process.signalCode ?? a.process.exitCode, 'endpoint a was killed').toBe('SIGKILL');
    expect(code, stderr).toBe(EXIT.ok);
    expect(stderr).toMatch(new RegExp(`browser at ${a.endpoint.replace(/[.?*+^$()[\]{}|\\/]/g, '\\$&')} cannot be reached \\(.*\\): its documents print on the 1 other endpoint`));
    expect((await readdir(out)).filter((f) => f.endsWith('.pdf')).sort()).toEqual(dirs.map((_, i) => `bank-${i + 1}.pdf`).sort());
    const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as BuildManifest;
    expect(manifest.ok).toBe(true);
    expect(manifest.briefings.map((x) => [x.id, x.ok])).toEqual(dirs.map((_, i) => [`bank-${i + 1}`, true]));
    // The copies differ only in their ids: they have the same pages, whichever browser printed them.
    expect(new Set(manifest.briefings.map((x) => x.pages)).size).toBe(1);
    await expectWhole(out, manifest);
    // The endpoint that stayed is still running.
    expect(b.process.exitCode).toBeNull();
  });

  it('fails the documents left with BR425 when both endpoints die, exit 2, and writes nothing partial', async () => {
    const [a, b] = await Promise.all([remoteChromium(), remoteChromium()]);
    const dirs = await briefings(6);
    const out = await tempDir();
    const deaths: string[] = [];
    const run = await build(dirs, {
      outDir: out,
      formats: ['pdf'],
      concurrency: 2,
      browserWSEndpoint: [a.endpoint, b.endpoint],
      onBrowserEvent: (event, death) => {
        if (event === 'endpoint-dead') deaths.push(death!.endpoint);
      },
      onDone: (entry: BatchEntry) => {
        if (entry.ok) {
          a.kill();
          b.kill();
        }
      },
    });
    expect(run.exitCode).toBe(EXIT.system);
    expect(deaths.sort()).toEqual([a.endpoint, b.endpoint].sort());
    const failed = run.entries.filter((e) => !e.ok);
    expect(run.entries.filter((e) => e.ok).length).toBeGreaterThan(0);
    expect(failed.length).toBeGreaterThan(0);
    for (const e of failed) {
      expect(e.ok ? [] : e.errors.map((d) => d.code), e.dir).toEqual([MESSAGES.endpointsUnreachable.code]);
      const message = e.ok ? '' : e.errors[0]!.message;
      expect(message).toContain(a.endpoint);
      expect(message).toContain(b.endpoint);
    }
    // The manifest lists every briefing; a failed one has no file, a built one a whole PDF.
    const manifest = JSON.parse(await readFile(run.manifestFile!, 'utf8')) as BuildManifest;
    expect(manifest.briefings.map((x) => x.dir)).toEqual(dirs);
    const pdfs = (await readdir(out)).filter((f) => f.endsWith('.pdf')).sort();
    expect(pdfs).toEqual(manifest.briefings.filter((x) => x.ok).map((x) => `${x.id}.pdf`).sort());
    await expectWhole(out, manifest);
  });

  it('prints on the other endpoint while one answers busy (HTTP 429, as a full browserless queue does), without declaring it dead', async () => {
    const real = await remoteChromium();
    let asked = 0;
    const full = createServer();
    full.on('upgrade', (_req, socket) => {
      asked++;
      socket.end('HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\n\r\n');
    });
    await new Promise<void>((resolve) => full.listen(0, '127.0.0.1', resolve));
    try {
      const busyUrl = `ws://127.0.0.1:${(full.address() as AddressInfo).port}/?token=secret`;
      const dirs = await briefings(3);
      const events: string[] = [];
      const run = await build(dirs, { outDir: await tempDir(), formats: ['pdf'], concurrency: 2, browserWSEndpoint: [busyUrl, real.endpoint], onBrowserEvent: (event) => events.push(event) });
      expect(run.exitCode).toBe(EXIT.ok);
      expect(run.entries.map((e) => e.ok)).toEqual([true, true, true]);
      expect(asked).toBeGreaterThan(0);
      expect(events).not.toContain('endpoint-dead');
    } finally {
      full.close();
    }
  });

  it('fails every document with BR425 and exit 2, without a stack trace, when no endpoint answers', async () => {
    const dirs = await briefings(2);
    const out = await tempDir();
    const refused = ['ws://127.0.0.1:1/devtools/browser/a', 'ws://127.0.0.1:1/devtools/browser/b'];
    const r = await runCli(['build', ...dirs, '--out', out, '--format', 'pdf'], { env: { BRIEFING_CHROMIUM: '/nonexistent/chromium', BRIEFING_BROWSER_WS_ENDPOINT: refused.join(', ') } });
    expect(r.code, r.stderr).toBe(EXIT.system);
    expect(r.stderr.match(/\[BR425\]/g)).toHaveLength(2);
    expect(r.stderr).toContain(`${refused[0]} (connect ECONNREFUSED 127.0.0.1:1); ${refused[1]} (connect ECONNREFUSED 127.0.0.1:1)`);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).toContain('0 of 2 briefings built');
    expect(await readdir(out)).toEqual([]);
  });
});
