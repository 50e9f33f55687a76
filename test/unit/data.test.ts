/**
 * Figures fed from data files (data/*.csv, data/*.json): read by csv-parse and the YAML parser, validated
 * like figures in YAML, every problem at its file, row and column.
 */
import { describe, expect, it } from 'vitest';
import { readCsv, readJson, MAX_DATA_ROWS } from '../../src/content/data.ts';
import { parseBriefing } from '../../src/content/load.ts';
import type { Diagnostic } from '../../src/errors.ts';
import { catchBriefingError, sample } from './helpers.ts';

const HEADER = 'company,id,quantity,value,period,segment,basis,sources,note';

/** The sample with one data file added. */
function withData(name: string, text: string) {
  return sample((f) => f.set(`data/${name}`, text));
}

function errorsOf(name: string, text: string): readonly Diagnostic[] {
  return catchBriefingError(() => parseBriefing(withData(name, text))).diagnostics;
}

describe('CSV data files', () => {
  it('read quoted fields with commas and new lines, a BOM and CRLF line ends', () => {
    const text = `\ufeff${HEADER}\r\nspacex,spacex-starship-2025,segment-revenue,"$1,200M",FY2025,Starship,estimate,s-gogoai,"a note, with a comma"\r\nmarket,,market-share,12%,2026,"AI share,\nof the index",estimate,s-gogoai;s-ai-empire,\r\n`;
    const b = parseBriefing(withData('figures.csv', text));
    const f = b.companies.find((c) => c.id === 'spacex')!.figures.find((x) => x.id === 'spacex-starship-2025')!;
    expect(f.amount).toEqual({ unit: 'USD', low: 1.2e9, high: 1.2e9 });
    expect(f.note).toBe('a note, with a comma');
    expect(f.at).toMatchObject({ file: 'fx/data/figures.csv', line: 2 });
    const share = b.market.find((x) => x.segment === 'AI share,\nof the index')!;
    expect(share.sources).toEqual(['s-gogoai', 's-ai-empire']);
    expect(share.at.line).toBe(3);
  });

  it('name the row and column of each problem', () => {
    const text = [
      HEADER,
      'spacx,,revenue,$1B,FY2025,,reported,s-gogoai,', // unknown company
      'spacex,,revenue,$1.2.3B,FY2025,,reported,s-gogoai,', // unreadable amount
      'spacex,,revenue,$1B,FY2024,,reported,s-nope,', // unknown source
      'spacex,spacex-revenue-fy2025,revenue,$1B,FY2023,,reported,s-gogoai,', // id also in YAML
      'openai,,revenue,$2B,FY2024,,reported,s-gogoai,',
      'openai,,revenue,$2B,FY2024,,reported,s-gogoai,', // duplicate row
    ].join('\n');
    const d = errorsOf('bad.csv', text);
    const at = (x: Diagnostic): string => `${x.kind} ${x.line}:${x.column}`;
    expect(d.map(at)).toEqual(['unknownReference 2:1', 'figureValue 3:4', 'unknownReference 4:8', 'duplicateId 5:2', 'duplicateId 7:1']);
    expect(d[0]!.message).toMatch(/unknown company "spacx" \(did you mean "spacex"\?\)/);
    expect(d.every((x) => x.file === 'fx/data/bad.csv')).toBe(true);
  });

  it('refuse an unknown column, a missing required one, and a malformed file', () => {
    expect(errorsOf('a.csv', 'company,quantity,value,sources,colour\nspacex,revenue,$1B,s-gogoai,red\n')[0]!.message).toMatch(/unknown column "colour"/);
    expect(errorsOf('b.csv', 'company,quantity,value\nspacex,revenue,$1B\n')[0]!.message).toMatch(/no "sources" column/);
    expect(errorsOf('c.csv', `${HEADER}\nspacex,,revenue\n`)[0]!.message).toMatch(/cannot read the CSV/);
  });

  it('keep hostile cells as inert text', () => {
    const text = `${HEADER}\nspacex,,revenue,$1B,FY2024,,reported,s-gogoai,=cmd|' /C calc'!A0 <script>alert(1)</script>\n`;
    const b = parseBriefing(withData('hostile.csv', text));
    const f = b.companies.find((c) => c.id === 'spacex')!.figures.find((x) => x.period === 'FY2024')!;
    expect(f.note).toBe("=cmd|' /C calc'!A0 <script>alert(1)</script>");
  });

  it(`refuse more than ${MAX_DATA_ROWS} rows with a clear limit`, () => {
    const rows = Array.from({ length: MAX_DATA_ROWS + 1 }, (_, i) => `spacex,,revenue,$${i + 1}M,,,,s-gogoai,`);
    const { problems } = readCsv('big.csv', [HEADER, ...rows].join('\n'));
    expect(problems[0]!.message).toMatch(/more than the 10000-row limit/);
  });
});

describe('JSON data files', () => {
  it('read an array of records with the line of each field', () => {
    const text = '[\n  {"company": "spacex", "quantity": "backlog", "value": "$30B", "asOf": "2026-05-31", "sources": ["s-gogoai"]},\n  {"company": "openai", "quantity": "revenue", "value": "$2B", "period": "FY2025", "sources": "s-three-giants"}\n]\n';
    const b = parseBriefing(withData('more.json', text));
    const f = b.companies.find((c) => c.id === 'openai')!.figures.find((x) => x.period === 'FY2025')!;
    expect(f.sources).toEqual(['s-three-giants']);
    expect(f.at).toMatchObject({ file: 'fx/data/more.json', line: 3 });
  });

  it('locate a bad value in its record', () => {
    const { rows } = readJson('x.json', '[\n  {"company": "spacex",\n   "quantity": "revenue", "value": "$1.2.3B", "sources": ["s-gogoai"]}\n]');
    expect(rows[0]!.at('value')).toMatchObject({ line: 3, path: '[0].value' });
    const d = errorsOf('bad.json', '[\n  {"company": "spacex",\n   "quantity": "revenue", "value": "$1.2.3B", "sources": ["s-gogoai"]}\n]');
    expect(d[0]).toMatchObject({ kind: 'figureValue', file: 'fx/data/bad.json', line: 3 });
  });
});
