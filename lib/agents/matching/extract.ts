// resume-extractor: turns an uploaded file into normalised plain text.
// Every failure is reported as a value, never thrown, because the caller records it on a step
// and moves on to the next resume in the batch.
import { createHash } from "node:crypto";
import path from "node:path";
import Tinypool from "tinypool";
import { hasContent, normalizeText } from "./text";

export const documentFormats = ["pdf", "docx", "txt", "md", "html"] as const;
export type DocumentFormat = (typeof documentFormats)[number];

export const extractErrorCodes = ["unsupported", "unreadable", "encrypted", "empty", "too_large"] as const;
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

// The parsers of PDF, DOCX and HTML run in child processes (extract-worker.mjs, a tinypool pool)
// under limits: a heap cap, a deadline, a cap on what a DOCX inflates to and on the PDF pages read.
// A file over a limit is that file's "too_large" error; the calling process and its heartbeats are
// never blocked. Processes, not worker threads: a worker thread that runs out of heap can take
// the whole process down with it (V8's fatal OOM), a child process only itself.

export interface ExtractLimits {
  /** Pages past this are ignored: a resume never needs them and they only cost time. */
  maxPdfPages: number;
  /** What a DOCX may inflate to, counted by inflating (declared sizes are not trusted). */
  maxInflatedBytes: number;
  maxZipEntries: number;
  /** Heap of a parser process; a file that needs more is refused and the process replaced. */
  maxHeapMb: number;
  /** Parse time of one file, from the moment a parser process takes it. */
  timeoutMs: number;
  /** Parser processes; files beyond these wait (their deadline starts when a process takes them). */
  processes: number;
}

export const defaultExtractLimits: Readonly<ExtractLimits> = {
  maxPdfPages: 50,
  maxInflatedBytes: 64 * 1_048_576,
  maxZipEntries: 2_000,
  maxHeapMb: 256,
  timeoutMs: 20_000,
  processes: 2,
};

type WorkerTask =
  | { format: "pdf" | "docx"; bytes: Uint8Array; limits: ExtractLimits }
  | { format: "html"; source: string; limits: ExtractLimits };
type WorkerResult = { ok: true; raw: string } | { ok: false; code: ExtractErrorCode; message: string };

// Loaded by path at run time (outside the Next.js bundle); every entry point runs from the project root.
const WORKER_FILE = path.join(process.cwd(), "lib", "agents", "matching", "extract-worker.mjs");

/** A pool of parser processes with its limits; `extractText` uses a shared one with the defaults. */
export class Extractor {
  readonly limits: ExtractLimits;
  private readonly pool: Tinypool;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(limits: Partial<ExtractLimits> = {}) {
    this.limits = { ...defaultExtractLimits, ...limits };
    this.pool = new Tinypool({
      filename: WORKER_FILE,
      runtime: "child_process",
      // Bytes and strings cross as structured clones, not JSON.
      serialization: "advanced",
      minThreads: 0,
      maxThreads: this.limits.processes,
      idleTimeout: 30_000,
      execArgv: [`--max-old-space-size=${this.limits.maxHeapMb}`],
    });
  }

  /** Extracts text from any supported file; see `extractText`. */
  extract(file: ExtractInput): Promise<ExtractResult> {
    return extractWith(this, file);
  }

  /** Parses in a child process; over a limit (time, heap) answers "too_large" and the process is replaced. */
  async parse(task: WorkerTask): Promise<WorkerResult> {
    await this.slot();
    const deadline = AbortSignal.timeout(this.limits.timeoutMs);
    try {
      return (await this.pool.run(task, { signal: deadline })) as WorkerResult;
    } catch (error) {
      if (deadline.aborted) {
        return {
          ok: false,
          code: "too_large",
          message: `Reading the file took longer than ${this.limits.timeoutMs / 1000} s.`,
        };
      }
      // The parser process died under the file (out of heap, or a crash in a parser).
      console.warn("[extract] parser process failed", error);
      return {
        ok: false,
        code: "too_large",
        message: "Reading the file needed more memory than a resume may use.",
      };
    } finally {
      this.release();
    }
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }

  // The pool's own queue would start a file's deadline while it waits for a process.
  private slot(): Promise<void> {
    if (this.running < this.limits.processes) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}

let shared: Extractor | null = null;
function sharedExtractor(): Extractor {
  shared ??= new Extractor();
  return shared;
}

async function parsed(
  extractor: Extractor,
  task: WorkerTask,
  format: DocumentFormat,
): Promise<ExtractResult> {
  const result = await extractor.parse(task);
  return result.ok ? finish(result.raw, format) : fail(result.code, result.message);
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

function extractPlain(extractor: Extractor, file: ExtractInput): Promise<ExtractResult> | ExtractResult {
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
  if (looksLikeHtml(text) || claimed === "html") {
    return parsed(extractor, { format: "html", source: text, limits: extractor.limits }, "html");
  }
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

/**
 * Detects the format from magic bytes (then name, then MIME type) and extracts normalised text,
 * parsing in the shared pool of parser processes under the default limits.
 */
export function extractText(file: ExtractInput): Promise<ExtractResult> {
  return extractWith(sharedExtractor(), file);
}

async function extractWith(extractor: Extractor, file: ExtractInput): Promise<ExtractResult> {
  try {
    if (file.bytes.length === 0) return fail("empty", "The file is empty.");
    const sniffed = sniffMagic(file.bytes);
    if (sniffed?.kind === "encrypted-office") {
      return fail("encrypted", "The Word document is password-protected.");
    }
    if (sniffed?.kind === "foreign-zip") return foreignZip(file);
    if (sniffed?.kind === "unsupported") return fail("unsupported", `A ${sniffed.what} is not supported.`);
    if (sniffed?.format === "pdf" || sniffed?.format === "docx") {
      const task = { format: sniffed.format, bytes: file.bytes, limits: extractor.limits };
      return await parsed(extractor, task, sniffed.format);
    }
    return await extractPlain(extractor, file);
  } catch {
    // Parsers are third-party code; a defect there must still surface as a per-file failure.
    return fail("unreadable", "The file could not be read.");
  }
}
