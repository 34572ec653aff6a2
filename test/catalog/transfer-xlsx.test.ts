// XLSX cell comments (src/lib/transfer/xlsx-comments.ts): the parts Excel needs are in the zip, the
// comments read back with their cells, and read-excel-file still reads the data.
import { strFromU8, unzipSync } from 'fflate';
import { readSheet } from 'read-excel-file/universal';
import { describe, expect, it } from 'vitest';
import { columnLetters } from '../../src/lib/transfer/xlsx-comments';
import { writeTable } from '../../src/lib/transfer/tabular';
import { readComments } from './transfer-helpers';

describe('xlsx header comments', () => {
  it('column letters', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetters)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('writes each description as the header cell’s comment, with the VML drawing, relationships and content types', async () => {
    const header = ['id', 'name', 'notes'];
    const res = await writeTable('xlsx', header, [['1', 'Ada <&> "Lovelace"', null], ['2', '=1+1', 'x']], 'people', {
      id: 'UUID; empty creates',
      notes: 'Free text & <markup> "quoted"\nsecond line',
    });
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(readComments(bytes)).toEqual({ A1: 'UUID; empty creates', C1: 'Free text & <markup> "quoted"\nsecond line' });

    const files = unzipSync(bytes);
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    expect(sheet).toMatch(/<legacyDrawing r:id="rIdNotesVml1"\/><\/worksheet>$/);
    const rels = strFromU8(files['xl/worksheets/_rels/sheet1.xml.rels']!);
    expect(rels).toContain('Id="rIdNotesVml1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing" Target="../drawings/vmlDrawing1.vml"');
    expect(rels).toContain('Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments1.xml"');
    const types = strFromU8(files['[Content_Types].xml']!);
    expect(types).toContain('<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>');
    expect(types).toContain('PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"');
    const vml = strFromU8(files['xl/drawings/vmlDrawing1.vml']!);
    expect([...vml.matchAll(/<x:Row>(\d+)<\/x:Row><x:Column>(\d+)<\/x:Column>/g)].map((m) => [m[1], m[2]])).toEqual([['0', '0'], ['0', '2']]);

    // The data is untouched for a reader.
    expect(await readSheet(bytes.buffer)).toEqual([
      ['id', 'name', 'notes'],
      ['1', 'Ada <&> "Lovelace"', null],
      ['2', '=1+1', 'x'],
    ]);
  });

  it('no descriptions: the file write-excel-file made, without comment parts', async () => {
    const res = await writeTable('xlsx', ['a'], [['1']], 'plain');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(files['xl/comments1.xml']).toBeUndefined();
    expect(strFromU8(files['xl/worksheets/sheet1.xml']!)).not.toContain('legacyDrawing');
  });
});
