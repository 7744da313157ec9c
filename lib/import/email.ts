// Inbound e-mail (seed 000's email polling service, as a push endpoint): parses a raw RFC 822
// message with postal-mime and picks the attachments that are resumes, by their bytes rather than
// by the name or type the sender claimed. Pure apart from the parser; lib/import/intake.ts stores.
import { createHash } from "node:crypto";
import PostalMime from "postal-mime";

export const EMAIL_BODY_LIMIT = 25 * 1024 * 1024;
export const EMAIL_CONTENT_TYPES = /^(message\/rfc822|text\/plain)\b/i;

export const RESUME_MIME_TYPES = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  txt: "text/plain",
} as const;
export type ResumeFormat = keyof typeof RESUME_MIME_TYPES;

export type ResumeAttachment = {
  fileName: string;
  format: ResumeFormat;
  /** Decided from the bytes (magic numbers), not from the sender's Content-Type. */
  mimeType: string;
  bytes: Uint8Array;
  contentHash: string;
};

export type IgnoredAttachment = { file_name: string; declared_type: string; size: number; reason: string };

/** The body is not a message at all (the route answers 400). */
export class EmailParseError extends Error {}

export type InboundEmail = {
  /** Message-ID without angle brackets; the SHA-256 of the message when it has none. */
  messageId: string;
  messageIdSynthetic: boolean;
  from: string | null;
  subject: string | null;
  resumes: ResumeAttachment[];
  ignored: IgnoredAttachment[];
};

const has = (bytes: Uint8Array, needle: string, limit = bytes.length) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, limit)).includes(needle, 0, "latin1");

function isText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  if (text.includes("\u0000")) return false;
  let controls = 0;
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if ((c < 0x20 && ch !== "\n" && ch !== "\r" && ch !== "\t") || (c >= 0x7f && c < 0xa0)) controls++;
  }
  return controls <= Math.max(2, text.length * 0.02);
}

/**
 * What an attachment is, by its bytes: a PDF (%PDF- header), a Word document (a zip holding
 * word/document.xml) or plain text (valid UTF-8 without binary noise, named .txt or sent as
 * text/plain). Anything else — images, calendars, signatures, archives — is not a resume.
 */
export function sniffResume(
  bytes: Uint8Array,
  fileName: string,
  declaredType: string,
): ResumeFormat | string {
  if (bytes.length === 0) return "empty attachment";
  if (has(bytes, "%PDF-", 1024)) return "pdf";
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return has(bytes, "word/document.xml") ? "docx" : "a zip archive that is not a Word document";
  }
  const namedText = /\.txt$/i.test(fileName) || declaredType.toLowerCase() === "text/plain";
  if (namedText && isText(bytes)) return "txt";
  return "not a PDF, Word (.docx) or text file";
}

function cleanFileName(name: string | null, index: number, format: ResumeFormat | null): string {
  const base = (name ?? "")
    .split(/[\\/]/)
    .pop()!
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .trim()
    .slice(0, 255);
  return base || `attachment-${index + 1}${format ? `.${format}` : ""}`;
}

function normalizeMessageId(raw: string | undefined): string | null {
  const id = raw?.trim().replace(/^<+/, "").replace(/>+$/, "").trim();
  return id ? id.slice(0, 998) : null;
}

/** Parses the raw message; throws EmailParseError when it is not a message at all. */
export async function parseInboundEmail(raw: Uint8Array): Promise<InboundEmail> {
  if (raw.length === 0) throw new EmailParseError("The body is empty; send the raw RFC 822 message");
  let email: Awaited<ReturnType<typeof PostalMime.parse>>;
  try {
    email = await PostalMime.parse(raw, { attachmentEncoding: "arraybuffer" });
  } catch (error) {
    throw new EmailParseError(
      `Not a readable RFC 822 message: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!email.headers.length) throw new EmailParseError("Not an RFC 822 message: it has no header section");
  const resumes: ResumeAttachment[] = [];
  const ignored: IgnoredAttachment[] = [];
  for (const [i, a] of email.attachments.entries()) {
    const bytes =
      typeof a.content === "string"
        ? new Uint8Array(Buffer.from(a.content, "base64"))
        : a.content instanceof Uint8Array
          ? a.content
          : new Uint8Array(a.content);
    const kind = sniffResume(bytes, a.filename ?? "", a.mimeType);
    if (kind === "pdf" || kind === "docx" || kind === "txt") {
      resumes.push({
        fileName: cleanFileName(a.filename, i, kind),
        format: kind,
        mimeType: RESUME_MIME_TYPES[kind],
        bytes,
        contentHash: createHash("sha256").update(bytes).digest("hex"),
      });
    } else {
      ignored.push({
        file_name: cleanFileName(a.filename, i, null),
        declared_type: a.mimeType,
        size: bytes.length,
        reason: kind,
      });
    }
  }
  const from = email.from?.address ?? email.from?.group?.[0]?.address ?? null;
  const messageId = normalizeMessageId(email.messageId);
  return {
    messageId: messageId ?? `sha256:${createHash("sha256").update(raw).digest("hex")}`,
    messageIdSynthetic: !messageId,
    from: from ? from.slice(0, 320) : null,
    subject: email.subject?.trim().slice(0, 998) || null,
    resumes,
    ignored,
  };
}
