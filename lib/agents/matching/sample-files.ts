// Builders for small but structurally valid upload files (PDF, DOCX, corrupt bytes).
// They live in lib/ rather than tests/ so e2e tests and demo seeding can create real uploads
// without shipping binary fixtures in the repository.
import { strToU8, zipSync } from "fflate";

// Standard-14 Helvetica with WinAnsiEncoding only covers Latin-1 plus a few typographic marks.
// Those marks sit at different code points in Unicode, so map them explicitly.
const winAnsiExtras: ReadonlyMap<string, number> = new Map([
  ["\u2013", 0x96],
  ["\u2014", 0x97],
  ["\u2018", 0x91],
  ["\u2019", 0x92],
  ["\u201c", 0x93],
  ["\u201d", 0x94],
  ["\u2022", 0x95],
  ["\u2026", 0x85],
  ["\u20ac", 0x80],
]);

const LINES_PER_PAGE = 48;

function toWinAnsiByte(ch: string): number {
  const extra = winAnsiExtras.get(ch);
  if (extra !== undefined) return extra;
  const code = ch.codePointAt(0) ?? 0x3f;
  return code < 0x100 ? code : 0x3f;
}

/** A PDF literal string; bytes outside printable ASCII use octal escapes so the file stays 7-bit safe. */
function pdfLiteral(text: string): string {
  let out = "(";
  for (const ch of text) {
    const byte = toWinAnsiByte(ch);
    if (ch === "(" || ch === ")" || ch === "\\") out += `\\${ch}`;
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\${byte.toString(8).padStart(3, "0")}`;
  }
  return `${out})`;
}

function pageContent(lines: readonly string[]): string {
  const ops = ["BT", "/F1 11 Tf", "14 TL", "72 740 Td"];
  for (const line of lines) ops.push(`${pdfLiteral(line)} Tj`, "T*");
  ops.push("ET");
  return ops.join("\n");
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length > 0 ? out : [[]];
}

export interface PdfOptions {
  /** Adds a Standard security handler whose keys do not accept the empty user password. */
  encrypted?: boolean;
}

/**
 * A minimal PDF 1.4 with one text line per entry (48 lines per page) and a correct xref table.
 * Pass an empty array for a valid PDF that contains no text at all.
 */
export function buildPdf(lines: readonly string[], options: PdfOptions = {}): Uint8Array {
  const pages = chunk(lines, LINES_PER_PAGE);
  const fontId = 3;
  const firstPageId = 4;
  const pageIds = pages.map((_, i) => firstPageId + i * 2);
  const objects: string[] = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pages.length} >>`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
  ];
  for (const [i, pageLines] of pages.entries()) {
    const contentId = (pageIds[i] ?? 0) + 1;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${contentId} 0 R /Resources << /Font << /F1 ${fontId} 0 R >> >> >>`,
    );
    const content = pageContent(pageLines);
    objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  }
  let encryptRef = "";
  if (options.encrypted) {
    // Zeroed O/U entries never validate, so readers must ask for a password.
    objects.push(`<< /Filter /Standard /V 1 /R 2 /O <${"00".repeat(32)}> /U <${"00".repeat(32)}> /P -44 >>`);
    const id = "5b".repeat(16);
    encryptRef = ` /Encrypt ${objects.length} 0 R /ID [<${id}> <${id}>]`;
  }
  return serializePdf(objects, encryptRef);
}

function serializePdf(objects: readonly string[], trailerExtra: string): Uint8Array {
  // Every byte below is ASCII, so string length equals byte offset.
  let body = "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n";
  const offsets: number[] = [];
  for (const [i, obj] of objects.entries()) {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${obj}\nendobj\n`;
  }
  const xrefOffset = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${trailerExtra} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return latin1Bytes(body);
}

function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

export function buildEncryptedPdf(lines: readonly string[]): Uint8Array {
  return buildPdf(lines, { encrypted: true });
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>`;

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`;

function documentXml(paragraphs: readonly string[]): string {
  const body = paragraphs
    .map((p) => `<w:p><w:r><w:t xml:space="preserve">${xmlEscape(p)}</w:t></w:r></w:p>`)
    .join("");
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
}

/** A minimal WordprocessingML package: one paragraph per entry. */
export function buildDocx(paragraphs: readonly string[]): Uint8Array {
  return zipSync(
    {
      "[Content_Types].xml": strToU8(CONTENT_TYPES),
      "_rels/.rels": strToU8(ROOT_RELS),
      "word/document.xml": strToU8(documentXml(paragraphs)),
    },
    { level: 6, mtime: new Date("2024-01-01T00:00:00Z") },
  );
}

/** A zip that looks like a DOCX by name but has no word/document.xml part. */
export function buildZipWithoutDocument(): Uint8Array {
  return zipSync(
    { "[Content_Types].xml": strToU8(CONTENT_TYPES), "notes.txt": strToU8("not a document") },
    { mtime: new Date("2024-01-01T00:00:00Z") },
  );
}

/**
 * Deterministic pseudo-random bytes (xorshift32) so corrupt-file tests are reproducible.
 * The first byte is forced to 0x00 so the output never starts with a recognised magic number.
 */
export function buildGarbageBytes(length = 2048, seed = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    out[i] = state & 0xff;
  }
  if (length > 0) out[0] = 0;
  return out;
}

/** A PDF header followed by noise: the magic bytes say PDF but no structure can be recovered. */
export function buildCorruptPdf(): Uint8Array {
  const header = latin1Bytes("%PDF-1.7\n");
  const noise = buildGarbageBytes(1024, 1234);
  const out = new Uint8Array(header.length + noise.length);
  out.set(header, 0);
  out.set(noise, header.length);
  return out;
}
