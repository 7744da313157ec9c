// The parsers of the resume-extractor, run in a child process (a tinypool pool, see extract.ts) so
// that a hostile or merely huge file costs that process, never the web process or a worker's
// heartbeats. The pool gives the process a heap limit and a deadline; this file adds the limits a
// parser cannot enforce on itself: the decompressed size of a DOCX (a zip bomb of 150 KB inflates
// to gigabytes) and the number of PDF pages read.
//
// Plain ESM JavaScript because it is loaded by path at run time, outside the Next.js bundle.
// Every outcome is a value: { ok: true, raw } or { ok: false, code, message }.
import { Inflate } from "fflate";

/** @param {{ format: "pdf" | "docx" | "html", bytes?: Uint8Array, source?: string, limits: { maxPdfPages: number, maxInflatedBytes: number, maxZipEntries: number } }} task */
export default async function parse(task) {
  if (task.format === "pdf") return parsePdf(task.bytes, task.limits);
  if (task.format === "docx") return parseDocx(task.bytes, task.limits);
  if (task.format === "html") return parseHtml(task.source ?? "");
  return { ok: false, code: "unsupported", message: "This file type is not supported." };
}

function fail(code, message) {
  return { ok: false, code, message };
}

// ── PDF ──────────────────────────────────────────────────────────────────────────────────────────

async function parsePdf(bytes, limits) {
  const { getDocumentProxy } = await import("unpdf");
  let doc;
  try {
    doc = await getDocumentProxy(bytes, { verbosity: 0, isEvalSupported: false });
  } catch (error) {
    if (error instanceof Error && error.name === "PasswordException") {
      return fail("encrypted", "The PDF is password-protected.");
    }
    return fail("unreadable", "The file is not a readable PDF.");
  }
  try {
    const pages = [];
    // Pages past the limit are ignored: a resume never needs them and they only cost time.
    const count = Math.min(doc.numPages, limits.maxPdfPages);
    for (let n = 1; n <= count; n++) pages.push(await pageText(doc, n));
    return { ok: true, raw: pages.join("\n\n") };
  } catch {
    return fail("unreadable", "The PDF's page content could not be read.");
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

async function pageText(doc, pageNumber) {
  const page = await doc.getPage(pageNumber);
  const content = await page.getTextContent();
  let out = "";
  let lastY = null;
  for (const item of content.items) {
    if (typeof item !== "object" || item === null || !("str" in item) || !("transform" in item)) continue;
    const y = item.transform[5] ?? 0;
    // Some generators position each line absolutely without an end-of-line marker.
    if (lastY !== null && Math.abs(y - lastY) > 2 && !out.endsWith("\n")) out += "\n";
    out += item.str;
    if (item.hasEOL) out += "\n";
    lastY = y;
  }
  return out;
}

// ── DOCX ─────────────────────────────────────────────────────────────────────────────────────────

async function parseDocx(bytes, limits) {
  const size = inflatedSize(bytes, limits);
  if (size === "too-many-entries") {
    return fail("too_large", `The Word document has more than ${limits.maxZipEntries} parts.`);
  }
  if (size === "too-large") {
    return fail(
      "too_large",
      `The Word document expands to more than ${Math.round(limits.maxInflatedBytes / 1_048_576)} MB.`,
    );
  }
  try {
    const mammoth = (await import("mammoth")).default;
    const result = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    return { ok: true, raw: result.value };
  } catch {
    return fail("unreadable", "The file is not a readable Word document.");
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const CHUNK = 65_536;

/**
 * What the zip's entries inflate to, counted by inflating them (the sizes a zip declares are the
 * attacker's to choose) and stopping at the limit. Reads the central directory, as the DOCX reader
 * (JSZip) does, so it counts what that reader would inflate. A zip too damaged to walk answers
 * "unknown" and is left to the reader to refuse.
 * @returns {number | "unknown" | "too-large" | "too-many-entries"}
 */
function inflatedSize(bytes, limits) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at) => (at + 2 <= bytes.length ? view.getUint16(at, true) : -1);
  const u32 = (at) => (at + 4 <= bytes.length ? view.getUint32(at, true) : -1);
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 65_557); at--) {
    if (u32(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return "unknown";
  const entries = u16(eocd + 10);
  if (entries > limits.maxZipEntries) return "too-many-entries";
  let at = u32(eocd + 16);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (u32(at) !== CENTRAL) return "unknown";
    const method = u16(at + 10);
    const compressed = u32(at + 20);
    const local = u32(at + 42);
    at += 46 + u16(at + 28) + u16(at + 30) + u16(at + 32);
    if (u32(local) !== LOCAL) return "unknown";
    const start = local + 30 + u16(local + 26) + u16(local + 28);
    const data = bytes.subarray(start, Math.min(bytes.length, start + compressed));
    if (method === 0) total += data.length;
    else if (method === 8) {
      const inflated = countInflated(data, limits.maxInflatedBytes - total);
      if (inflated === "too-large") return "too-large";
      total += inflated;
    }
    if (total > limits.maxInflatedBytes) return "too-large";
  }
  return total;
}

/** Bytes a raw DEFLATE stream inflates to, discarding them as they come; stops past `budget`. */
function countInflated(data, budget) {
  let count = 0;
  const stop = new Error("over budget");
  const inflate = new Inflate((chunk) => {
    count += chunk.length;
    if (count > budget) throw stop;
  });
  try {
    for (let at = 0; at < data.length; at += CHUNK) {
      inflate.push(data.subarray(at, at + CHUNK), at + CHUNK >= data.length);
    }
  } catch (error) {
    if (error === stop) return "too-large";
    // A corrupt stream: what inflated so far counts; the reader refuses the file itself.
  }
  return count;
}

// ── HTML ─────────────────────────────────────────────────────────────────────────────────────────

async function parseHtml(source) {
  try {
    const { convert } = await import("html-to-text");
    const raw = convert(source, {
      wordwrap: false,
      selectors: [
        { selector: "a", options: { ignoreHref: true } },
        { selector: "img", format: "skip" },
        ...["h1", "h2", "h3", "h4", "h5", "h6"].map((selector) => ({
          selector,
          options: { uppercase: false },
        })),
      ],
    });
    return { ok: true, raw };
  } catch {
    return fail("unreadable", "The HTML could not be parsed.");
  }
}
