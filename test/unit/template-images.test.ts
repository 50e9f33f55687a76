/**
 * Images a template names by a relative path are inlined as data: URLs from the template's folder
 * (src/html/template-images.ts), and every other reference to a file is refused where it is written.
 */
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../../src/files.ts';
import { inlineTemplateImages, type ImageFolder } from '../../src/html/template-images.ts';
import { BriefingError } from '../../src/errors.ts';
import { MESSAGES } from '../../src/messages.ts';

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="4"><rect width="8" height="4"/></svg>';

let briefing: string;
let own: ImageFolder;
let file: string;

beforeAll(async () => {
  briefing = await mkdtemp(path.join(tmpdir(), 'template-images-'));
  const templates = path.join(briefing, 'templates');
  await mkdir(path.join(templates, 'assets'), { recursive: true });
  await writeFile(path.join(templates, 'assets', 'logo.svg'), SVG);
  await writeFile(path.join(templates, 'assets', 'band.png'), PNG);
  await writeFile(path.join(templates, 'assets', 'brand.woff2'), 'not an image');
  await writeFile(path.join(templates, 'assets', 'huge.png'), Buffer.alloc(MAX_FILE_BYTES + 1));
  await writeFile(path.join(briefing, 'shared.png'), PNG);
  const outside = await mkdtemp(path.join(tmpdir(), 'host-'));
  await writeFile(path.join(outside, 'secret.png'), PNG);
  await symlink(path.join(outside, 'secret.png'), path.join(templates, 'assets', 'linked.png'));
  own = { base: templates, root: briefing };
  file = path.join(templates, 'partials', 'cover.hbs');
});

/** The diagnostic of inlining `text` (which must fail), with its place. */
async function refusal(text: string): Promise<BriefingError['diagnostics'][number]> {
  try {
    await inlineTemplateImages(text, file, own);
  } catch (e) {
    if (e instanceof BriefingError) return e.diagnostics[0]!;
    throw e;
  }
  throw new Error(`inlined without a refusal: ${text}`);
}

describe('inlineTemplateImages', () => {
  it('inlines an image named by src or url() as a data: URL of its bytes, each form of quoting', async () => {
    const svg = `data:image/svg+xml;base64,${Buffer.from(SVG).toString('base64')}`;
    const png = `data:image/png;base64,${PNG.toString('base64')}`;
    const text = `<img src="assets/logo.svg" alt="Desk"> <img src='assets/logo.svg' alt="again">\n<style>.a { background: url(assets/band.png) } .b { background: url( "assets/band.png" ) }</style>`;
    expect(await inlineTemplateImages(text, file, own)).toBe(
      `<img src="${svg}" alt="Desk"> <img src='${svg}' alt="again">\n<style>.a { background: url(${png}) } .b { background: url( "${png}" ) }</style>`,
    );
  });

  it('reads a path that leaves the template folder but stays in the briefing, and decodes it as a URL path', async () => {
    expect(await inlineTemplateImages('<img src="../shared.png?v=2" alt="">', file, own)).toBe(`<img src="data:image/png;base64,${PNG.toString('base64')}" alt="">`);
  });

  it('leaves data: URLs, fragments, empty values and values with a Handlebars expression as written', async () => {
    const text = '<img src="data:image/png;base64,AAAA" alt=""><use href="#x"/><path style="fill: url(#grad)"/><img src="" alt=""><img src="{{logo}}" alt="">';
    expect(await inlineTemplateImages(text, file, own)).toBe(text);
  });

  it('leaves references in comments, imports and other attributes alone, and reads each image once even when two fail', async () => {
    const text = '<!-- <img src="old.png"> -->/* url(old/removed.png) */{{!-- <img src="x.png"> --}}{{! url(y.png) }}@import url(https://example.com/a.css);<img data-src="a.svg" title="src=\'b.svg\'" alt="">';
    expect(await inlineTemplateImages(text, file, own)).toBe(text);
    // The first failing reference is reported, and a later one that fails too is no unhandled rejection.
    expect((await refusal('<img src="https://x/y.png" alt=""><img src="assets/logo.svg" alt=""><img src="nope.png" alt="">')).code).toBe(MESSAGES.templateImageRefused.code);
  });

  it('reads a file of unclosed references to its end (each match scans a bounded stretch: linear, not quadratic)', async () => {
    const text = 'url('.repeat(100_000) + '<img alt="x" '.repeat(20_000) + '<!--'.repeat(20_000);
    expect(await inlineTemplateImages(text, file, own)).toBe(text);
  });

  it('refuses a URL to fetch, at its line and column', async () => {
    const d = await refusal('<header>\n  <img src="https://example.com/logo.png" alt="">');
    expect(d).toMatchObject({ code: MESSAGES.templateImageRefused.code, file, line: 2, column: 13 });
    expect(d.message).toContain('fetched from the network');
    expect((await refusal('.x { background: url(//cdn.example.com/a.png) }')).code).toBe(MESSAGES.templateImageRefused.code);
    expect((await refusal('<img src="file:///etc/hostname" alt="">')).code).toBe(MESSAGES.templateImageRefused.code);
  });

  it('refuses a path outside the briefing, a link that leads out, a file too large, a missing file and a file that is no image', async () => {
    expect(await refusal('<img src="../../../etc/passwd.png" alt="">')).toMatchObject({ code: MESSAGES.templateImageRefused.code, message: expect.stringContaining('outside') });
    expect(await refusal('<img src="/etc/passwd.png" alt="">')).toMatchObject({ code: MESSAGES.templateImageRefused.code });
    expect(await refusal('<img src="assets/linked.png" alt="">')).toMatchObject({ code: MESSAGES.linkOutside.code, line: 1 });
    expect((await refusal('<img src="assets/huge.png" alt="">')).code).toBe(MESSAGES.fileTooLarge.code);
    expect(await refusal('\n\n<img src="assets/nowhere.svg" alt="">')).toMatchObject({ code: MESSAGES.templateImageMissing.code, line: 3, column: 11 });
    expect((await refusal('@font-face { src: url(assets/brand.woff2) }')).code).toBe(MESSAGES.templateImageType.code);
  });
});
