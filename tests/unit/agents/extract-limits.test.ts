// The extractor's limits: a hostile file is that file's error, costs a parser process only, and
// never blocks the caller (the web process, a worker's heartbeats).
import { afterAll, describe, expect, it } from "vitest";
import {
  defaultExtractLimits,
  type ExtractResult,
  Extractor,
  extractText,
} from "@/lib/agents/matching/extract";
import { buildDocx, buildPdf } from "@/lib/agents/matching/sample-files";
import { buildDocxBomb, buildDocxWithParts } from "../../fixtures/zip-bombs";

function errorOf(result: ExtractResult): { code: string; message: string } {
  if (result.ok) throw new Error(`expected an error, got text ${JSON.stringify(result.text.slice(0, 40))}`);
  return result.error;
}

const extractors: Extractor[] = [];
function extractor(limits: ConstructorParameters<typeof Extractor>[0]): Extractor {
  const e = new Extractor(limits);
  extractors.push(e);
  return e;
}
afterAll(() => Promise.all(extractors.map((e) => e.close())));

// What the default limits exist for: a DOCX that weighs a few hundred KB and inflates past them.
const BOMB_MB = Math.ceil(defaultExtractLimits.maxInflatedBytes / 1_048_576) + 16;
const bomb = buildDocxBomb(BOMB_MB);

describe("extractor limits", () => {
  it("a DOCX that inflates past the limit is that file's too_large error, and the caller's event loop runs meanwhile", async () => {
    expect(bomb.length).toBeLessThan(1_048_576);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      const error = errorOf(await extractText({ bytes: bomb, fileName: "cv.docx" }));
      expect(error.code).toBe("too_large");
      expect(error.message).toMatch(/expands to more than 64 MB/);
    } finally {
      clearInterval(timer);
    }
    // Parsing on the calling thread would have let the timer fire at most once, after the parse.
    expect(ticks).toBeGreaterThan(1);
  }, 60_000);

  it("counts what the entries inflate to, not what the zip headers claim", async () => {
    const liar = buildDocxBomb(4, 1_024);
    const small = extractor({ maxInflatedBytes: 1_048_576 });
    expect(errorOf(await small.extract({ bytes: liar, fileName: "cv.docx" })).code).toBe("too_large");
    // under the limit the reader gets it, and refuses the lie itself
    const roomy = extractor({ maxInflatedBytes: 8 * 1_048_576 });
    expect(errorOf(await roomy.extract({ bytes: liar, fileName: "cv.docx" })).code).toBe("unreadable");
    expect(await roomy.extract({ bytes: buildDocxBomb(4), fileName: "cv.docx" })).toMatchObject({ ok: true });
  });

  it("a DOCX of more parts than allowed is too_large", async () => {
    const few = extractor({ maxZipEntries: 10 });
    expect(errorOf(await few.extract({ bytes: buildDocxWithParts(20), fileName: "cv.docx" })).code).toBe(
      "too_large",
    );
    expect(await few.extract({ bytes: buildDocxWithParts(5), fileName: "cv.docx" })).toMatchObject({
      ok: true,
    });
  });

  it("a file that needs more heap than a parser has is too_large, and the next file reads in a fresh process", async () => {
    const tight = extractor({ maxHeapMb: 64, maxInflatedBytes: 1024 * 1_048_576, processes: 1 });
    const error = errorOf(await tight.extract({ bytes: bomb, fileName: "cv.docx" }));
    expect(error).toMatchObject({ code: "too_large", message: expect.stringMatching(/memory/) });
    const next = await tight.extract({
      bytes: buildDocx(["Jane Doe", "Python developer"]),
      fileName: "ok.docx",
    });
    expect(next).toEqual({ ok: true, text: "Jane Doe\n\nPython developer", format: "docx" });
  }, 60_000);

  it("a parser past its deadline is stopped and the file is too_large", async () => {
    const hasty = extractor({ timeoutMs: 1 });
    const error = errorOf(await hasty.extract({ bytes: buildPdf(["Jane Doe"]), fileName: "cv.pdf" }));
    expect(error).toMatchObject({ code: "too_large", message: expect.stringMatching(/took longer than/) });
  });

  it("reads no PDF page past the page limit", async () => {
    const lines = Array.from({ length: 200 }, (_, i) => `Line ${i + 1}`);
    const full = await extractor({}).extract({ bytes: buildPdf(lines), fileName: "cv.pdf" });
    const first = await extractor({ maxPdfPages: 1 }).extract({ bytes: buildPdf(lines), fileName: "cv.pdf" });
    if (!full.ok || !first.ok) throw new Error("expected both PDFs to read");
    expect(full.text).toContain("Line 200");
    expect(first.text).toContain("Line 1\n");
    expect(first.text).not.toContain("Line 200");
  });
});
