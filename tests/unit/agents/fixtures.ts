// Test inputs for the matching agents. The file builders live in lib/ so e2e tests can create the
// same uploads; this module re-exports them next to text-only helpers used by the unit tests.
export {
  buildCorruptPdf,
  buildDocx,
  buildEncryptedPdf,
  buildGarbageBytes,
  buildPdf,
  buildZipWithoutDocument,
} from "@/lib/agents/matching/sample-files";

export const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Bytes as a legacy Windows editor would save them (each char one byte, Latin-1 range). */
export function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0) & 0xff);
}

/**
 * The header of a password-protected Word file: a CFB container holding an "EncryptedPackage"
 * stream. Only the parts the extractor sniffs are real; the rest is padding.
 */
export function encryptedOfficeHeader(): Uint8Array {
  const bytes = new Uint8Array(1024);
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  const name = Array.from("EncryptedPackage").flatMap((c) => [c.charCodeAt(0), 0]);
  bytes.set(name, 512);
  return bytes;
}

/** A legacy .doc container: CFB magic but no encryption stream. */
export function legacyDocHeader(): Uint8Array {
  const bytes = new Uint8Array(1024);
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  return bytes;
}

export const PNG_HEADER = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

export const RESUME_LINES = [
  "Jane Doe",
  "Senior Software Engineer",
  "jane.doe@example.com | +1 415 555 0134",
  "Experience",
  "Senior Software Engineer, Acme Corp, Jan 2019 \u2013 Present",
  "- Built Go microservices on Kubernetes (k8s) with PostgreSQL.",
  "Education",
  "BSc Computer Science, 2012 - 2016",
] as const;
