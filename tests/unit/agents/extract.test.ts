import { describe, expect, it } from "vitest";
import { contentHash, type ExtractResult, extractText } from "@/lib/agents/matching/extract";
import { normalizeText } from "@/lib/agents/matching/text";
import {
  buildCorruptPdf,
  buildDocx,
  buildEncryptedPdf,
  buildGarbageBytes,
  buildPdf,
  buildZipWithoutDocument,
  encryptedOfficeHeader,
  latin1,
  legacyDocHeader,
  PNG_HEADER,
  RESUME_LINES,
  utf8,
} from "./fixtures";

function expectText(result: ExtractResult): string {
  if (!result.ok) throw new Error(`expected text, got ${result.error.code}: ${result.error.message}`);
  return result.text;
}

function expectError(result: ExtractResult): string {
  if (result.ok) throw new Error(`expected an error, got text ${JSON.stringify(result.text.slice(0, 40))}`);
  return result.error.code;
}

describe("extractText: PDF", () => {
  it("reads every line of a generated PDF and keeps line breaks", async () => {
    const result = await extractText({ bytes: buildPdf(RESUME_LINES), fileName: "jane.pdf" });
    expect(result).toMatchObject({ ok: true, format: "pdf" });
    expect(expectText(result).split("\n")).toEqual([...RESUME_LINES]);
  });

  it("maps WinAnsi punctuation back to Unicode", async () => {
    const result = await extractText({
      bytes: buildPdf(["Résumé \u2022 \u201cGo\u201d \u2013 C++ (C#)"]),
      fileName: "x.pdf",
    });
    expect(expectText(result)).toBe("Résumé \u2022 \u201cGo\u201d \u2013 C++ (C#)");
  });

  it("reads all pages of a multi-page PDF", async () => {
    const lines = Array.from({ length: 60 }, (_, i) => `Line ${i + 1}`);
    const text = expectText(await extractText({ bytes: buildPdf(lines), fileName: "long.pdf" }));
    expect(text).toContain("Line 1\n");
    expect(text).toContain("Line 48\n\nLine 49");
    expect(text.endsWith("Line 60")).toBe(true);
  });

  it("reports an encrypted PDF as encrypted", async () => {
    const result = await extractText({ bytes: buildEncryptedPdf(["secret"]), fileName: "locked.pdf" });
    expect(expectError(result)).toBe("encrypted");
  });

  it("reports a PDF header followed by noise as unreadable", async () => {
    expect(expectError(await extractText({ bytes: buildCorruptPdf(), fileName: "broken.pdf" }))).toBe(
      "unreadable",
    );
  });

  it("reports a truncated PDF as unreadable or empty, never throwing", async () => {
    const full = buildPdf(RESUME_LINES);
    const code = expectError(await extractText({ bytes: full.subarray(0, 120), fileName: "cut.pdf" }));
    expect(["unreadable", "empty"]).toContain(code);
  });

  it("reports a PDF without text as empty", async () => {
    expect(expectError(await extractText({ bytes: buildPdf([]), fileName: "scan.pdf" }))).toBe("empty");
  });

  it("does not detach or alter the caller's bytes", async () => {
    const bytes = buildPdf(["Keep me"]);
    const before = contentHash(bytes);
    await extractText({ bytes, fileName: "keep.pdf" });
    expect(bytes.byteLength).toBeGreaterThan(0);
    expect(contentHash(bytes)).toBe(before);
  });
});

describe("extractText: DOCX", () => {
  it("reads paragraphs of a generated DOCX", async () => {
    const result = await extractText({
      bytes: buildDocx(["Jane Doe", "Skills: Go & <Rust>"]),
      fileName: "cv.docx",
    });
    expect(result).toMatchObject({ ok: true, format: "docx" });
    expect(expectText(result)).toBe("Jane Doe\n\nSkills: Go & <Rust>");
  });

  it("reports a DOCX without paragraphs as empty", async () => {
    expect(expectError(await extractText({ bytes: buildDocx([]), fileName: "blank.docx" }))).toBe("empty");
  });

  it("reports a zip without word/document.xml named .docx as unreadable", async () => {
    const code = expectError(await extractText({ bytes: buildZipWithoutDocument(), fileName: "cv.docx" }));
    expect(code).toBe("unreadable");
  });

  it("reports other zip archives as unsupported", async () => {
    const code = expectError(await extractText({ bytes: buildZipWithoutDocument(), fileName: "sheet.xlsx" }));
    expect(code).toBe("unsupported");
  });

  it("reports a truncated DOCX as unreadable", async () => {
    const full = buildDocx(["Jane Doe", "A long paragraph ".repeat(50)]);
    const code = expectError(
      await extractText({ bytes: full.subarray(0, full.length - 60), fileName: "cut.docx" }),
    );
    expect(code).toBe("unreadable");
  });

  it("reports a password-protected Word file as encrypted", async () => {
    expect(expectError(await extractText({ bytes: encryptedOfficeHeader(), fileName: "cv.docx" }))).toBe(
      "encrypted",
    );
  });

  it("reports a legacy .doc as unsupported", async () => {
    expect(expectError(await extractText({ bytes: legacyDocHeader(), fileName: "cv.doc" }))).toBe(
      "unsupported",
    );
  });
});

describe("extractText: text formats", () => {
  it("reads plain text and normalises it", async () => {
    const raw = "  Jane\u00a0 Doe \r\n\r\n\r\n\ufb01nance \uff2a\uff33\t\u200bskills\r\n";
    const result = await extractText({ bytes: utf8(raw), fileName: "cv.txt" });
    expect(result).toEqual({ ok: true, format: "txt", text: "Jane Doe\n\nfinance JS skills" });
  });

  it("decodes cp1252 text saved by older editors", async () => {
    expect(
      expectText(await extractText({ bytes: latin1("R\u00e9sum\u00e9 of Jos\u00e9"), fileName: "cv.txt" })),
    ).toBe("Résumé of José");
  });

  it("strips Markdown syntax but keeps the words", async () => {
    const md = "# Jane Doe\n\n**Skills**: [Go](https://go.dev), `k8s`, *C#*\n\n* Led a team\n";
    const result = await extractText({ bytes: utf8(md), fileName: "cv.md" });
    expect(result).toEqual({
      ok: true,
      format: "md",
      text: "Jane Doe\n\nSkills: Go, k8s, C#\n\n- Led a team",
    });
  });

  it("converts HTML to text without scripts, styles or link targets", async () => {
    const html =
      "<html><head><style>p{color:red}</style><script>alert(1)</script></head>" +
      '<body><h1>Jane Doe</h1><p>Skills: <b>JS</b> &amp; <a href="https://x.test">Go</a></p><ul><li>Rust</li></ul></body></html>';
    const result = await extractText({ bytes: utf8(html), fileName: "cv.html" });
    expect(result).toMatchObject({ ok: true, format: "html" });
    const text = expectText(result);
    expect(text).toContain("Jane Doe");
    expect(text).toContain("Skills: JS & Go");
    expect(text).toContain("Rust");
    expect(text).not.toMatch(/alert|color|x\.test/);
  });

  it("sniffs HTML content even under a .txt name", async () => {
    const result = await extractText({
      bytes: utf8("<!DOCTYPE html><html><body><p>Hi</p></body></html>"),
      fileName: "a.txt",
    });
    expect(result).toMatchObject({ ok: true, format: "html", text: "Hi" });
  });

  it("falls back to the MIME type when the name has no extension", async () => {
    const result = await extractText({
      bytes: utf8("# Title\n\nBody"),
      fileName: "upload",
      mimeType: "text/markdown",
    });
    expect(result).toEqual({ ok: true, format: "md", text: "Title\n\nBody" });
  });

  it("reports whitespace-only text as empty", async () => {
    expect(expectError(await extractText({ bytes: utf8(" \n\t \n"), fileName: "blank.txt" }))).toBe("empty");
  });
});

describe("extractText: detection and bad input", () => {
  it("trusts magic bytes over the file name", async () => {
    const result = await extractText({ bytes: buildPdf(["Actually a PDF"]), fileName: "cv.docx" });
    expect(result).toMatchObject({ ok: true, format: "pdf", text: "Actually a PDF" });
  });

  it("reports zero bytes as empty", async () => {
    expect(expectError(await extractText({ bytes: new Uint8Array(), fileName: "cv.pdf" }))).toBe("empty");
  });

  it("reports random bytes named as a document as unreadable", async () => {
    for (const fileName of ["cv.pdf", "cv.docx", "cv.txt", "cv"]) {
      expect(expectError(await extractText({ bytes: buildGarbageBytes(), fileName }))).toBe("unreadable");
    }
  });

  it("reports random bytes with a foreign extension as unsupported", async () => {
    expect(expectError(await extractText({ bytes: buildGarbageBytes(), fileName: "cv.exe" }))).toBe(
      "unsupported",
    );
  });

  it("reports images as unsupported", async () => {
    expect(expectError(await extractText({ bytes: PNG_HEADER, fileName: "cv.png" }))).toBe("unsupported");
  });

  it("reports text named as PDF as unreadable", async () => {
    expect(expectError(await extractText({ bytes: utf8("just text"), fileName: "cv.pdf" }))).toBe(
      "unreadable",
    );
  });
});

describe("contentHash", () => {
  it("is the sha256 hex digest", () => {
    expect(contentHash(utf8("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("is stable for generated files, so uploads deduplicate", () => {
    expect(contentHash(buildDocx(["a"]))).toBe(contentHash(buildDocx(["a"])));
    expect(contentHash(buildPdf(["a"]))).not.toBe(contentHash(buildPdf(["b"])));
  });
});

describe("normalizeText", () => {
  it("collapses blank lines and unifies bullets", () => {
    expect(normalizeText("a\n\n\n\nb\n\u2022  item\n\u25aa other")).toBe("a\n\nb\n- item\n- other");
  });
});
