import { describe, it, expect } from 'vitest';
import { citationHtml, createMarkdown, sourceAnchor } from '../../src/html/markdown.ts';

const numbers = new Map([
  ['s-a', 1],
  ['s-b', 2],
  ['a', 3],
  ['b', 4],
]);
const md = createMarkdown(numbers);

describe('citations', () => {
  it('renders [@s-a] as a numbered link to #source-s-a', () => {
    expect(md.render('Text [@s-a].')).toBe('<p>Text <sup class="cite">[<a href="#source-s-a">1</a>]</sup>.</p>\n');
  });
  it('renders several ids [@a; @b] in one marker', () => {
    expect(md.renderInline('x [@a; @b]')).toBe('x <sup class="cite">[<a href="#source-a">3</a>,<wbr><a href="#source-b">4</a>]</sup>');
  });
  it('accepts commas between ids too', () => {
    expect(md.renderInline('[@s-b, @s-a]')).toBe('<sup class="cite">[<a href="#source-s-b">2</a>,<wbr><a href="#source-s-a">1</a>]</sup>');
  });
  it('throws RangeError for an unknown source id', () => {
    expect(() => md.render('[@nope]')).toThrow(RangeError);
  });
  it('leaves text that is not a citation marker alone', () => {
    expect(md.renderInline('[@S-A] and email@example.com')).toBe('[@S-A] and email@example.com');
  });
  it('citationHtml and sourceAnchor agree with the renderer', () => {
    expect(sourceAnchor('s-a')).toBe('source-s-a');
    expect(citationHtml(['s-b'], numbers)).toBe('<sup class="cite">[<a href="#source-s-b">2</a>]</sup>');
  });
});

describe('raw HTML', () => {
  it('escapes a script element instead of rendering it', () => {
    const html = md.render('<script>alert(1)</script>');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
  it('escapes inline HTML with event handlers', () => {
    const html = md.render('see <img src=x onerror=alert(1)> here');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('links', () => {
  it('does not render javascript: links as hrefs', () => {
    for (const src of ['[x](javascript:alert(1))', '[x](JAVASCRIPT:alert(1))', '<javascript:alert(1)>', '[x](vbscript:msgbox)']) {
      const html = md.render(src);
      expect(html).not.toMatch(/href="\s*(javascript|vbscript):/i);
      expect(html).not.toContain('<a ');
    }
  });
  it('keeps http(s), mailto and fragment links', () => {
    expect(md.renderInline('[x](https://example.com/a)')).toBe('<a href="https://example.com/a">x</a>');
    expect(md.renderInline('[x](mailto:desk@example.com)')).toBe('<a href="mailto:desk@example.com">x</a>');
    expect(md.renderInline('[x](#source-s-a)')).toBe('<a href="#source-s-a">x</a>');
  });
  it('points other links at #', () => {
    expect(md.renderInline('[x](ftp://example.com)')).toBe('<a href="#">x</a>');
    expect(md.renderInline('[x](notes.html)')).toBe('<a href="#">x</a>');
  });
});

describe('headings', () => {
  it('renders ## as <h3> and # as <h2>', () => {
    expect(md.render('## Sub')).toBe('<h3>Sub</h3>\n');
    expect(md.render('# Top')).toBe('<h2>Top</h2>\n');
  });
  it('caps the shift at <h6>', () => {
    expect(md.render('##### Five\n\n###### Six')).toBe('<h6>Five</h6>\n<h6>Six</h6>\n');
  });
});

describe('typography', () => {
  it('uses typographic quotes', () => {
    expect(md.renderInline('"quoted"')).toBe('\u201cquoted\u201d');
  });
});
