// resume-extractor: turns an uploaded file into normalised plain text.
// Every failure is reported as a value, never thrown, because the caller records it on a step
// and moves on to the next resume in the batch.
import { createHash } from "node:crypto";
import { hasContent, normalizeText } from "./text";

export const documentFormats = ["pdf", "docx", "txt", "md", "html"] as const;
export type DocumentFormat = (typeof documentFormats)[number];

export const extractErrorCodes = ["unsupported", "unreadable", "encrypted", "empty"] as const;
export type ExtractErrorCode = (typeof extractErrorCodes)[number];

export interface ExtractInput {
  bytes: Uint8Array;
  fileName: string;
  mimeType?: string;
}

export interface ExtractError {
  code: ExtractErrorCode;
  message: string;
}

export type ExtractResult =
  | { ok: true; text: string; format: DocumentFormat }
  | { ok: false; error: ExtractError };

/** Pages past this are ignored: a resume never needs them and they only cost time. */
const MAX_PDF_PAGES = 50;

export function contentHash(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function fail(code: ExtractErrorCode, message: string): ExtractResult {
  return { ok: false, error: { code, message } };
}

// ---------------------------------------------------------------------------------------------
// Format detection

type Sniffed =
  | { kind: "format"; format: DocumentFormat }
  | { kind: "encrypted-office" }
  | { kind: "foreign-zip" }
  | { kind: "unsupported"; what: string };

function startsWith(bytes: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  return magic.every((b, i) => bytes[at + i] === b);
}

function containsAscii(bytes: Uint8Array, needle: string, limit = bytes.length): boolean {
  return (
    indexOfBytes(
      bytes,
      Array.from(needle, (c) => c.charCodeAt(0)),
      limit,
    ) >= 0
  );
}

function indexOfBytes(bytes: Uint8Array, needle: readonly number[], limit: number): number {
  const end = Math.min(bytes.length, limit) - needle.length;
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const OTHER_BINARY: readonly { what: string; magic: readonly number[] }[] = [
  { what: "PNG image", magic: [0x89, 0x50, 0x4e, 0x47] },
  { what: "JPEG image", magic: [0xff, 0xd8, 0xff] },
  { what: "GIF image", magic: [0x47, 0x49, 0x46, 0x38] },
  { what: "RTF document", magic: [0x7b, 0x5c, 0x72, 0x74, 0x66] },
  { what: "gzip archive", magic: [0x1f, 0x8b] },
];

function sniffMagic(bytes: Uint8Array): Sniffed | null {
  // The PDF spec tolerates junk before the header, and some generators emit a few bytes of it.
  if (containsAscii(bytes, "%PDF-", 1024)) return { kind: "format", format: "pdf" };
  if (startsWith(bytes, ZIP_MAGIC)) {
    // Zip entry names are stored uncompressed in local headers, so the part name is visible.
    return containsAscii(bytes, "word/document.xml")
      ? { kind: "format", format: "docx" }
      : { kind: "foreign-zip" };
  }
  if (startsWith(bytes, CFB_MAGIC)) {
    // Password-protected OOXML is wrapped in a CFB container with an "EncryptedPackage" stream.
    return hasUtf16Name(bytes, "EncryptedPackage")
      ? { kind: "encrypted-office" }
      : { kind: "unsupported", what: "legacy Office (.doc) file" };
  }
  const other = OTHER_BINARY.find((o) => startsWith(bytes, o.magic));
  return other ? { kind: "unsupported", what: other.what } : null;
}

function hasUtf16Name(bytes: Uint8Array, name: string): boolean {
  const needle = Array.from(name).flatMap((c) => [c.charCodeAt(0), 0]);
  return indexOfBytes(bytes, needle, bytes.length) >= 0;
}

const EXTENSION_FORMATS: Readonly<Record<string, DocumentFormat>> = {
  pdf: "pdf",
  docx: "docx",
  txt: "txt",
  text: "txt",
  md: "md",
  markdown: "md",
  html: "html",
  htm: "html",
  xhtml: "html",
};

const MIME_FORMATS: Readonly<Record<string, DocumentFormat>> = {
  "application/pdf": "pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "text/plain": "txt",
  "text/markdown": "md",
  "text/x-markdown": "md",
  "text/html": "html",
  "application/xhtml+xml": "html",
};

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : "";
}

/** What the name or declared type claim; only trusted once the bytes turned out to be text. */
function claimedFormat(file: ExtractInput): DocumentFormat | null | undefined {
  const ext = extensionOf(file.fileName);
  if (ext !== "") return EXTENSION_FORMATS[ext] ?? null;
  const mime = file.mimeType?.split(";")[0]?.trim().toLowerCase();
  if (mime) return MIME_FORMATS[mime] ?? (mime.startsWith("text/") ? "txt" : null);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Text decoding

function decodeText(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // Older Windows editors still save resumes as cp1252; binary noise fails the control check below.
    text = new TextDecoder("windows-1252").decode(bytes);
  }
  return looksBinary(text) ? null : text;
}

function looksBinary(text: string): boolean {
  if (text.includes("\u0000")) return true;
  let controls = 0;
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if ((code < 0x20 && ch !== "\n" && ch !== "\r" && ch !== "\t") || (code >= 0x7f && code < 0xa0))
      controls++;
  }
  return controls > Math.max(2, text.length * 0.02);
}

function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 2048).trimStart().toLowerCase();
  return /^(<!doctype html|<html[\s>]|<\?xml[^>]*>\s*<html)/.test(head) || /<(body|head)[\s>]/.test(head);
}

// ---------------------------------------------------------------------------------------------
// Per-format extraction

// Parsers are imported lazily: pdf.js alone is megabytes, and the readers/comparator never need it.
async function extractPdf(bytes: Uint8Array): Promise<ExtractResult> {
  const { getDocumentProxy } = await import("unpdf");
  let doc: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js may detach the buffer it is given; copy so the caller's bytes stay usable.
    doc = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false });
  } catch (error) {
    return pdfOpenError(error);
  }
  try {
    const pages: string[] = [];
    const count = Math.min(doc.numPages, MAX_PDF_PAGES);
    for (let n = 1; n <= count; n++) pages.push(await pageText(doc, n));
    return finish(pages.join("\n\n"), "pdf");
  } catch {
    return fail("unreadable", "The PDF's page content could not be read.");
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

function pdfOpenError(error: unknown): ExtractResult {
  const name = error instanceof Error ? error.name : "";
  if (name === "PasswordException") return fail("encrypted", "The PDF is password-protected.");
  return fail("unreadable", "The file is not a readable PDF.");
}

interface PdfTextItem {
  str: string;
  hasEOL: boolean;
  transform: number[];
}

function isTextItem(item: unknown): item is PdfTextItem {
  return typeof item === "object" && item !== null && "str" in item && "transform" in item;
}

interface PdfPageSource {
  getPage(n: number): Promise<{ getTextContent(): Promise<{ items: unknown[] }> }>;
}

async function pageText(doc: PdfPageSource, pageNumber: number): Promise<string> {
  const page = await doc.getPage(pageNumber);
  const content = await page.getTextContent();
  let out = "";
  let lastY: number | null = null;
  for (const item of content.items) {
    if (!isTextItem(item)) continue;
    const y = item.transform[5] ?? 0;
    // Some generators position each line absolutely without an end-of-line marker.
    if (lastY !== null && Math.abs(y - lastY) > 2 && !out.endsWith("\n")) out += "\n";
    out += item.str;
    if (item.hasEOL) out += "\n";
    lastY = y;
  }
  return out;
}

async function extractDocx(bytes: Uint8Array): Promise<ExtractResult> {
  try {
    const mammoth = (await import("mammoth")).default;
    const result = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    return finish(result.value, "docx");
  } catch {
    return fail("unreadable", "The file is not a readable Word document.");
  }
}

async function extractHtml(source: string): Promise<ExtractResult> {
  try {
    const { convert } = await import("html-to-text");
    const text = convert(source, {
      wordwrap: false,
      selectors: [
        { selector: "a", options: { ignoreHref: true } },
        { selector: "img", format: "skip" },
        ...(["h1", "h2", "h3", "h4", "h5", "h6"] as const).map((selector) => ({
          selector,
          options: { uppercase: false },
        })),
      ],
    });
    return finish(text, "html");
  } catch {
    return fail("unreadable", "The HTML could not be parsed.");
  }
}

/** Drops markup that carries no words so skills and headings are read from the prose only. */
function stripMarkdown(source: string): string {
  return source
    .replace(/^```.*$/gm, "")
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/^\s{0,3}#{1,6}\s+/gm, "")
    .replace(/^\s{0,3}>\s?/gm, "")
    .replace(/^\s*[-*_]{3,}\s*$/gm, "")
    .replace(/^(\s*)[*+]\s+/gm, "$1- ")
    .replace(/(\*\*|__)(.+?)\1/g, "$2")
    .replace(/(^|[\s(])[*_]([^*_\n]+)[*_](?=[\s).,;:!?]|$)/gm, "$1$2")
    .replace(/`([^`]+)`/g, "$1");
}

function finish(raw: string, format: DocumentFormat): ExtractResult {
  const text = normalizeText(raw);
  if (!hasContent(text)) return fail("empty", "The document contains no extractable text.");
  return { ok: true, text, format };
}

function extractPlain(file: ExtractInput): Promise<ExtractResult> | ExtractResult {
  const claimed = claimedFormat(file);
  const text = decodeText(file.bytes);
  if (text === null) {
    // Noise under a document name is a broken upload; noise under any other name is simply not ours.
    return claimed === null
      ? fail("unsupported", `Files of type "${extensionOf(file.fileName)}" are not supported.`)
      : fail("unreadable", "The file content is corrupt or not text.");
  }
  if (claimed === "pdf" || claimed === "docx") {
    return fail("unreadable", `The file is named as ${claimed.toUpperCase()} but its content is not.`);
  }
  if (looksLikeHtml(text) || claimed === "html") return extractHtml(text);
  if (claimed === null) {
    return fail("unsupported", `Files of type "${extensionOf(file.fileName)}" are not supported.`);
  }
  if (claimed === "md") return finish(stripMarkdown(text), "md");
  return finish(text, "txt");
}

function foreignZip(file: ExtractInput): ExtractResult {
  // A .docx without its main part is a damaged Word file; any other zip (xlsx, odt, …) is not ours.
  return claimedFormat(file) === "docx"
    ? fail("unreadable", "The Word document is damaged: it has no main document part.")
    : fail("unsupported", "Zip archives other than Word documents are not supported.");
}

/** Detects the format from magic bytes (then name, then MIME type) and extracts normalised text. */
export async function extractText(file: ExtractInput): Promise<ExtractResult> {
  try {
    if (file.bytes.length === 0) return fail("empty", "The file is empty.");
    const sniffed = sniffMagic(file.bytes);
    if (sniffed?.kind === "encrypted-office") {
      return fail("encrypted", "The Word document is password-protected.");
    }
    if (sniffed?.kind === "foreign-zip") return foreignZip(file);
    if (sniffed?.kind === "unsupported") return fail("unsupported", `A ${sniffed.what} is not supported.`);
    if (sniffed?.format === "pdf") return await extractPdf(file.bytes);
    if (sniffed?.format === "docx") return await extractDocx(file.bytes);
    return await extractPlain(file);
  } catch {
    // Parsers are third-party code; a defect there must still surface as a per-file failure.
    return fail("unreadable", "The file could not be read.");
  }
}
