// Cell comments ("notes") in an XLSX file. write-excel-file cannot write them, so the finished
// zip is opened with fflate (which it is built on: nothing added to the bundle) and given the
// parts Excel needs for a note: xl/comments1.xml (the texts), the legacy VML drawing that Excel
// still requires to show them (xl/drawings/vmlDrawing1.vml), the sheet's relationships to both,
// `<legacyDrawing r:id>` in the sheet and the content types of the new parts.
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';

export interface CellNote {
  /** Zero-based row and column of the cell. */
  row: number;
  column: number;
  text: string;
}

const COMMENTS = 'xl/comments1.xml';
const VML = 'xl/drawings/vmlDrawing1.vml';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const SHEET_RELS_XMLNS = 'http://schemas.openxmlformats.org/package/2006/relationships';

// Characters XML 1.0 does not allow (control characters other than tab and line breaks).
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const escapeXml = (s: string) =>
  s
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function commentsXml(notes: CellNote[], author: string): string {
  const list = notes
    .map((n) => `<comment ref="${columnLetters(n.column)}${n.row + 1}" authorId="0"><text><r><t xml:space="preserve">${escapeXml(n.text)}</t></r></text></comment>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    `<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>${escapeXml(author)}</author></authors><commentList>${list}</commentList></comments>`
  );
}

/** One hidden note shape per comment (shown on hover), anchored next to its cell. */
function vmlXml(notes: CellNote[]): string {
  const shapes = notes
    .map(
      (n, i) =>
        `<v:shape id="_x0000_s${1025 + i}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:180pt;height:60pt;z-index:${i + 1};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
        '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>' +
        '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>' +
        `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${n.column + 1}, 15, ${n.row}, 2, ${n.column + 4}, 15, ${n.row + 4}, 16</x:Anchor>` +
        `<x:AutoFill>False</x:AutoFill><x:Row>${n.row}</x:Row><x:Column>${n.column}</x:Column></x:ClientData></v:shape>`,
    )
    .join('');
  return (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">' +
    '<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>' +
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>' +
    `${shapes}</xml>`
  );
}

/** The first worksheet's part name, from the workbook's relationships. */
function firstSheet(files: Record<string, Uint8Array>): string {
  const rels = files['xl/_rels/workbook.xml.rels'];
  const target = rels && /Type="[^"]*\/worksheet"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Type="[^"]*\/worksheet"/.exec(strFromU8(rels));
  const path = target?.[1] ?? target?.[2] ?? 'worksheets/sheet1.xml';
  return path.startsWith('/') ? path.slice(1) : `xl/${path}`;
}

// Elements that come after <legacyDrawing> in CT_Worksheet's sequence.
const AFTER_LEGACY_DRAWING = /<(legacyDrawingHF|drawingHF|picture|oleObjects|controls|webPublishItems|tableParts|extLst)[\s>/]/;

/** The XLSX file `xlsx` with `notes` as comments on the first sheet's cells. */
export function addCellComments(xlsx: Uint8Array, notes: CellNote[], author = 'Export'): Uint8Array {
  if (!notes.length) return xlsx;
  const files = unzipSync(xlsx);
  if (files[COMMENTS] || files[VML]) throw new Error('The workbook already has comments');
  const sheet = firstSheet(files);
  const sheetXml = files[sheet] && strFromU8(files[sheet]);
  if (!sheetXml) throw new Error(`The workbook has no ${sheet}`);

  const slash = sheet.lastIndexOf('/');
  const relsPath = `${sheet.slice(0, slash)}/_rels/${sheet.slice(slash + 1)}.rels`;
  const rels = files[relsPath] ? strFromU8(files[relsPath]) : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${SHEET_RELS_XMLNS}"></Relationships>`;
  const newRels =
    `<Relationship Id="rIdNotes1" Type="${REL}/comments" Target="../comments1.xml"/>` +
    `<Relationship Id="rIdNotesVml1" Type="${REL}/vmlDrawing" Target="../drawings/vmlDrawing1.vml"/>`;

  const legacy = '<legacyDrawing r:id="rIdNotesVml1"/>';
  const at = AFTER_LEGACY_DRAWING.exec(sheetXml)?.index ?? sheetXml.lastIndexOf('</worksheet>');
  let sheetOut = sheetXml.slice(0, at) + legacy + sheetXml.slice(at);
  if (!/xmlns:r=/.test(sheetOut)) sheetOut = sheetOut.replace('<worksheet ', `<worksheet xmlns:r="${REL}" `);

  let types = strFromU8(files['[Content_Types].xml']!);
  if (!/Extension="vml"/.test(types)) types = types.replace('</Types>', '<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/></Types>');
  types = types.replace('</Types>', `<Override PartName="/${COMMENTS}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/></Types>`);

  const out: Zippable = { ...files };
  out[sheet] = strToU8(sheetOut);
  out[relsPath] = strToU8(rels.replace('</Relationships>', `${newRels}</Relationships>`));
  out['[Content_Types].xml'] = strToU8(types);
  out[COMMENTS] = strToU8(commentsXml(notes, author));
  out[VML] = strToU8(vmlXml(notes));
  return zipSync(out, { level: 6 });
}
