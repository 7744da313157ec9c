// Resume uploads: reading a multipart body under a size cap, recognising the file type by its magic
// bytes (and the name's extension), and naming files safely. No text is extracted here — that is the
// resume-extractor agent's job — but content that is none of the supported types is refused up front.
import { readBytesLimited } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";

export const MAX_FILES = 50;
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Whole request, multipart framing included: 50 files cannot all be 10 MB. */
export const MAX_BODY_BYTES = 60 * 1024 * 1024;
export const FILE_FIELD = "files";

export type ResumeFormat = "pdf" | "docx" | "txt" | "md" | "html";

export const mimeTypes: Record<ResumeFormat, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  txt: "text/plain",
  md: "text/markdown",
  html: "text/html",
};

const extensionFormats: Readonly<Record<string, ResumeFormat>> = {
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

export type FileError = {
  code: "payload_too_large" | "unsupported_media_type" | "unprocessable";
  message: string;
};
export type Detected = { ok: true; format: ResumeFormat; mimeType: string } | { ok: false; error: FileError };

export type UploadedFile = { name: string; bytes: Uint8Array };

/**
 * The files of a multipart/form-data body, in order. Only the `files` field is accepted; any other
 * field, or a text value where a file belongs, is a 400 naming it.
 */
export async function readUploadedFiles(req: Request): Promise<UploadedFile[]> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(type) || !/boundary=/i.test(type)) {
    throw new ApiError(
      "unsupported_media_type",
      "Send the files as multipart/form-data in the field 'files'",
    );
  }
  const bytes = await readBytesLimited(req, MAX_BODY_BYTES);
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { "content-type": type } }).formData();
  } catch {
    throw new ApiError("bad_request", "The multipart body could not be parsed");
  }
  const problems: { path: string; message: string }[] = [];
  const files: UploadedFile[] = [];
  let index = 0;
  for (const [field, value] of form.entries()) {
    if (field !== FILE_FIELD) {
      problems.push({ path: `body.${field}`, message: `unknown field; send files in '${FILE_FIELD}'` });
      continue;
    }
    if (typeof value === "string") {
      problems.push({ path: `body.${FILE_FIELD}.${index}`, message: "must be a file, not a text value" });
    } else {
      files.push({ name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) });
    }
    index++;
  }
  if (index === 0) problems.push({ path: `body.${FILE_FIELD}`, message: "send at least one file" });
  if (problems.length) throw new ApiError("validation_error", "Invalid body", problems);
  if (files.length > MAX_FILES) {
    throw new ApiError("payload_too_large", `At most ${MAX_FILES} files per request (got ${files.length})`);
  }
  return files;
}

/** The last path segment, without control characters, at most 255 characters (keeping the extension). */
export function safeFileName(raw: string): string {
  const base = (raw.split(/[\\/]/).pop() ?? "")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  const name = base === "" || base === "." || base === ".." ? "resume" : base;
  if (name.length <= 255) return name;
  const dot = name.lastIndexOf(".");
  const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : "";
  return name.slice(0, 255 - ext.length) + ext;
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : "";
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

function containsAscii(bytes: Uint8Array, needle: string, limit = bytes.length): boolean {
  const n = Array.from(needle, (c) => c.charCodeAt(0));
  const end = Math.min(bytes.length, limit) - n.length;
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < n.length; j++) if (bytes[i + j] !== n[j]) continue outer;
    return true;
  }
  return false;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OTHER_BINARY: readonly { what: string; magic: readonly number[] }[] = [
  {
    what: "a legacy Office (.doc) or encrypted Office file",
    magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
  },
  { what: "a PNG image", magic: [0x89, 0x50, 0x4e, 0x47] },
  { what: "a JPEG image", magic: [0xff, 0xd8, 0xff] },
  { what: "a GIF image", magic: [0x47, 0x49, 0x46, 0x38] },
  { what: "an RTF document", magic: [0x7b, 0x5c, 0x72, 0x74, 0x66] },
  { what: "a gzip archive", magic: [0x1f, 0x8b] },
];

/** Whether the first 64 KiB read as text (UTF-8, UTF-16 with BOM, or a Windows code page). */
function looksLikeText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 64 * 1024);
  if (startsWith(sample, [0xff, 0xfe]) || startsWith(sample, [0xfe, 0xff])) return true;
  let controls = 0;
  for (const b of sample) {
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09 && b !== 0x0c) controls++;
  }
  return controls <= Math.max(2, sample.length * 0.02);
}

function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = new TextDecoder("utf-8").decode(bytes.subarray(0, 2048)).trimStart().toLowerCase();
  return /^(<!doctype html|<html[\s>]|<\?xml[^>]*>\s*<html)/.test(head) || /<(body|head)[\s>]/.test(head);
}

const unsupported = (message: string): Detected => ({
  ok: false,
  error: { code: "unsupported_media_type", message },
});
const SUPPORTED = "upload PDF, DOCX, TXT, Markdown or HTML";

/** What a file is, by its bytes first and its extension second; the two must agree. */
export function detectResumeFile(fileName: string, bytes: Uint8Array): Detected {
  if (bytes.byteLength > MAX_FILE_BYTES) {
    return {
      ok: false,
      error: { code: "payload_too_large", message: `The file exceeds ${MAX_FILE_BYTES / 1024 / 1024} MB` },
    };
  }
  if (bytes.byteLength === 0)
    return { ok: false, error: { code: "unprocessable", message: "The file is empty" } };
  const ext = extensionOf(fileName);
  const named = ext === "" ? undefined : extensionFormats[ext];
  if (ext !== "" && !named) return unsupported(`Files of type .${ext} are not supported; ${SUPPORTED}`);
  const found = (format: ResumeFormat): Detected => {
    if (named && named !== format && !(isText(named) && isText(format))) {
      return unsupported(`The file is named .${ext} but its content is ${describe[format]}`);
    }
    const final = isText(format) && named ? named : format;
    return { ok: true, format: final, mimeType: mimeTypes[final] };
  };
  if (containsAscii(bytes, "%PDF-", 1024)) return found("pdf");
  if (startsWith(bytes, ZIP)) {
    return containsAscii(bytes, "word/document.xml")
      ? found("docx")
      : unsupported(`The file is a zip archive, not a Word document; ${SUPPORTED}`);
  }
  const other = OTHER_BINARY.find((o) => startsWith(bytes, o.magic));
  if (other) return unsupported(`The file is ${other.what}; ${SUPPORTED}`);
  if (!looksLikeText(bytes)) {
    return unsupported(`The content is not a PDF, a Word document or text; ${SUPPORTED}`);
  }
  if (named === "pdf" || named === "docx") {
    return unsupported(`The file is named .${ext} but its content is text`);
  }
  return found(named ?? (looksLikeHtml(bytes) ? "html" : "txt"));
}

const isText = (f: ResumeFormat) => f === "txt" || f === "md" || f === "html";
const describe: Record<ResumeFormat, string> = {
  pdf: "a PDF",
  docx: "a Word document",
  txt: "text",
  md: "text",
  html: "text",
};

/** RFC 6266 Content-Disposition with an ASCII fallback and the UTF-8 name. */
export function contentDisposition(kind: "inline" | "attachment", fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
