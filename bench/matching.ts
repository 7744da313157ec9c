// Matching benchmark: ranking quality on the labelled fixtures, then throughput.
// Run with `npm run bench:matching`. Deterministic inputs; timings vary with the machine.
import { compare } from "../lib/agents/matching/comparator";
import { extractText } from "../lib/agents/matching/extract";
import { readJobDescription } from "../lib/agents/matching/jd-reader";
import { rankingAccuracy } from "../lib/agents/matching/ranking-eval";
import {
  FIXTURE_NOW,
  fixtureJobs,
  fixtureLabels,
  fixtureResumes,
} from "../lib/agents/matching/ranking-fixtures";
import { readResume } from "../lib/agents/matching/resume-reader";
import { buildDocx, buildPdf } from "../lib/agents/matching/sample-files";

const REPEAT = Number(process.env.BENCH_REPEAT ?? 200);
const EXTRACT_REPEAT = Number(process.env.BENCH_EXTRACT_REPEAT ?? 10);

function perSecond(count: number, ms: number): string {
  return (count / (ms / 1000)).toFixed(0);
}

function benchRanking(): void {
  const report = rankingAccuracy();
  console.log(
    `pairwise accuracy: ${report.accuracy.toFixed(3)} (${report.correct}/${report.pairs} ordered pairs; ` +
      `${report.labelledPairs} labelled (job, resume) pairs over ${report.jobs} jobs)`,
  );
  for (const m of report.misordered) {
    console.log(
      `  misordered in ${m.jobId}: ${m.higher.resumeId} (label ${m.higher.label}, ${m.higher.score}) ` +
        `<= ${m.lower.resumeId} (label ${m.lower.label}, ${m.lower.score})`,
    );
  }
}

function benchParseAndCompare(): void {
  const texts = new Map(fixtureResumes.map((r) => [r.id, r.text]));
  const jobs = new Map(fixtureJobs.map((j) => [j.id, j]));
  let checksum = 0;
  const start = performance.now();
  for (let i = 0; i < REPEAT; i++) {
    // A batch reads its JD once, then every resume is parsed and compared.
    const jds = new Map(fixtureJobs.map((j) => [j.id, readJobDescription(j.text, j.title)]));
    for (const label of fixtureLabels) {
      const jd = jds.get(label.jobId);
      const resumeText = texts.get(label.resumeId) ?? "";
      if (!jd) continue;
      const profile = readResume(resumeText, FIXTURE_NOW);
      const result = compare(jd, profile, { jdText: jobs.get(label.jobId)?.text, resumeText });
      checksum += result.score;
    }
  }
  const ms = performance.now() - start;
  const count = REPEAT * fixtureLabels.length;
  console.log(
    `parse+compare: ${count} resumes in ${(ms / 1000).toFixed(2)} s → ${perSecond(count, ms)} resumes/s ` +
      `(${((ms * 1000) / count).toFixed(0)} µs each; checksum ${checksum.toFixed(1)})`,
  );
}

async function benchExtraction(kind: "pdf" | "docx"): Promise<void> {
  const files = fixtureResumes.map((r) => {
    const lines = r.text.split("\n");
    return kind === "pdf" ? buildPdf(lines) : buildDocx(lines);
  });
  await extractText({ bytes: files[0] ?? new Uint8Array(), fileName: `warmup.${kind}` });
  const start = performance.now();
  let failures = 0;
  for (let i = 0; i < EXTRACT_REPEAT; i++) {
    for (const bytes of files) {
      const result = await extractText({ bytes, fileName: `resume.${kind}` });
      if (!result.ok) failures++;
    }
  }
  const ms = performance.now() - start;
  const count = EXTRACT_REPEAT * files.length;
  console.log(`extract ${kind}: ${count} files → ${perSecond(count, ms)} files/s (${failures} failures)`);
}

async function main(): Promise<void> {
  console.log(`matching bench · node ${process.version} · repeat ${REPEAT}`);
  benchRanking();
  benchParseAndCompare();
  await benchExtraction("pdf");
  await benchExtraction("docx");
}

await main();
