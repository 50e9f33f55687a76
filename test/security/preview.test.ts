/**
 * The preview server as an attack surface (in process): DNS rebinding, traversal, methods, CORS. The
 * browser-driven preview tests are in test/e2e/preview.test.ts.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRenderContext } from '../../src/context.ts';
import { BriefingError } from '../../src/errors.ts';
import { startPreview, type Preview } from '../../src/preview/server.ts';
import { copySample } from '../helpers/cli.ts';

function send(url: string, options: { path: string; host?: string; method?: string; origin?: string }): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: options.host ?? u.host };
    if (options.origin) headers['Origin'] = options.origin;
    const req = request({ host: u.hostname, port: u.port, path: options.path, method: options.method ?? 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('preview server hardening', () => {
  let preview: Preview;
  beforeAll(async () => {
    preview = await startPreview({ dir: await copySample(), ctx: createRenderContext(), port: 0 });
  });
  afterAll(() => preview.close());

  it('binds to 127.0.0.1 by default', () => {
    expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('answers for 127.0.0.1 and localhost on its port', async () => {
    const port = new URL(preview.url).port;
    expect((await send(preview.url, { path: '/' })).status).toBe(200);
    expect((await send(preview.url, { path: '/', host: `localhost:${port}` })).status).toBe(200);
  });

  it('refuses a rebinding attack: a foreign name on the right port gets 403', async () => {
    const port = new URL(preview.url).port;
    for (const host of [`attacker.example:${port}`, 'attacker.example', `127.0.0.1:${Number(port) + 1}`, `127.0.0.1.nip.io:${port}`]) {
      const res = await send(preview.url, { path: '/', host });
      expect(res.status, host).toBe(403);
      expect(res.body).not.toContain('<html');
    }
  });

  it('serves no file at all: traversal, encoded traversal and content paths are 404', async () => {
    for (const p of ['/../package.json', '/%2e%2e%2fpackage.json', '/..%5c..%5cetc%5cpasswd', '/%252e%252e/etc/passwd', '/sources.yaml', '/templates/default/layout.hbs', '/pdf/../../etc/passwd']) {
      const res = await send(preview.url, { path: p });
      expect(res.status, p).toBe(404);
    }
  });

  it('accepts only GET and HEAD', async () => {
    expect((await send(preview.url, { path: '/', method: 'POST' })).status).toBe(405);
    expect((await send(preview.url, { path: '/', method: 'PUT' })).status).toBe(405);
  });

  it('sends no CORS headers, even to a cross-origin request', async () => {
    const res = await send(preview.url, { path: '/', origin: 'https://attacker.example' });
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('keeps the Host check when listening on every address (--host 0.0.0.0)', async () => {
    const wide = await startPreview({ dir: await copySample(), ctx: createRenderContext(), host: '0.0.0.0', port: 0 });
    try {
      const port = new URL(wide.url).port;
      const local = `http://127.0.0.1:${port}/`;
      expect((await send(local, { path: '/' })).status).toBe(200);
      expect((await send(local, { path: '/', host: `attacker.example:${port}` })).status).toBe(403);
    } finally {
      await wide.close();
    }
  });

  it('says which port is taken instead of crashing', async () => {
    const port = Number(new URL(preview.url).port);
    const second = await startPreview({ dir: await copySample(), ctx: createRenderContext(), port }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(second).toBeInstanceOf(BriefingError);
    expect((second as BriefingError).message).toContain(`port ${port} on 127.0.0.1 is in use`);
  });

  it('allows the page only its own scripts, by nonce, and only same-origin connections', async () => {
    const res = await send(preview.url, { path: '/' });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(res.body)![1]!;
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("connect-src 'self'");
    // The preview's own scripts (its review, the review notes), each carrying the page's nonce, and no other.
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)![1]!;
    const scripts = res.body.match(/<script[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toBe(`<script nonce="${nonce}">`);
  });
});
