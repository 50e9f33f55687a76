import { describe, expect, it } from 'vitest';
import { BriefingError } from '../../src/errors.ts';
import { compileTemplates, type TemplateSet } from '../../src/html/render.ts';
import type { View } from '../../src/html/view.ts';
import { catchBriefingError } from './helpers.ts';

const set = (layout: string, partials: Record<string, string> = {}): TemplateSet => ({
  name: 'test',
  dir: '/templates/test',
  layout,
  partials: new Map(Object.entries(partials)),
  css: '',
  charts: new Map(),
});

const view = { briefing: { title: 'T', subtitle: null, asOf: '2026-06-01' }, sections: [] } as unknown as View;

const templateError = catchBriefingError;

describe('templates', () => {
  it('make a missing field an error, not a blank', () => {
    const render = compileTemplates(set('<h1>{{briefing.title}}</h1><p>{{briefing.audience}}</p>'), new Map());
    const err = templateError(() => render(view));
    expect(err.diagnostics[0]!.kind).toBe('template');
    expect(err.diagnostics[0]!.message).toMatch(/"audience" not defined/);
  });

  it('locate a runtime error in the partial it happened in', () => {
    const render = compileTemplates(set('<main>{{> cover}}</main>', { cover: '<h1>{{briefing.title}}</h1>\n<p>{{briefing.nope}}</p>' }), new Map());
    const d = templateError(() => render(view)).diagnostics[0]!;
    expect(d.file).toBe('/templates/test/partials/cover.hbs');
    expect([d.line, d.column]).toEqual([2, 6]);
  });

  it('make a helper without its value an error, with the template position', () => {
    const render = compileTemplates(set('<p>{{date briefing.published}}</p>'), new Map());
    const err = templateError(() => render(view));
    expect(err.diagnostics[0]!.message).toMatch(/\{\{date\}\} was given no value \(template line 1, column 4\)/);
  });

  it('print an empty optional field (null) without complaint', () => {
    const render = compileTemplates(set('<p>{{#if briefing.subtitle}}{{briefing.subtitle}}{{else}}none{{/if}} {{date briefing.asOf}}</p>'), new Map());
    expect(render(view)).toBe('<p>none 1 June 2026</p>');
  });

  it('report a template syntax error with the file it is in', () => {
    const err = templateError(() => compileTemplates(set('ok', { cover: '{{#if x}}unclosed' }), new Map()));
    expect(err.diagnostics[0]!.file).toBe('/templates/test/partials/cover.hbs');
  });

  it('keep text inside a CSS string: quotes, angle brackets and every control character are escaped', () => {
    const render = compileTemplates(set('{{cssString briefing.title}}'), new Map());
    const hostile = { ...view, briefing: { ...view.briefing, title: 'a"b\f}} main { display: none }\n</style>\u0000' } } as unknown as View;
    expect(render(hostile)).toBe('"a\\22 b\\c }} main { display: none }\\a \\3c /style\\3e \\0 "');
  });

  it('know only the partials of their own set', () => {
    const render = compileTemplates(set('{{> (lookup briefing "title")}}'), new Map());
    expect(() => render(view)).toThrow(BriefingError);
  });
});
