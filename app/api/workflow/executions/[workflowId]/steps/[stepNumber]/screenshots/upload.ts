import { createHash } from "node:crypto";
import type { z } from "zod";
import type { Screenshot } from "@/db/schema";
import { ApiError, validationError } from "@/lib/api/errors";
import { readBytesLimited } from "@/lib/api/body";
import { readLimited } from "@/lib/api/handler";
import {
  type ImageType,
  MAX_IMAGE_BYTES,
  SCREENSHOT_JSON_LIMIT,
  SCREENSHOT_MULTIPART_LIMIT,
  screenshotLinkBody,
  screenshotUploadFields,
} from "./schema";

export type ScreenshotInput =
  | { kind: "link"; body: z.output<typeof screenshotLinkBody> }
  | {
      kind: "upload";
      fields: z.output<typeof screenshotUploadFields>;
      bytes: Uint8Array;
      contentType: ImageType;
      fileName: string | null;
    };

/** The image type by its magic bytes, whatever the client declared. */
export function sniffImage(bytes: Uint8Array): ImageType | null {
  const at = (i: number) => bytes[i];
  if ([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => at(i) === b)) return "image/png";
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return "image/jpeg";
  const ascii = (from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString("latin1");
  if (bytes.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "image/webp";
  return null;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what file names must lose
const CONTROL = /[\u0000-\u001f\u007f\p{Cs}]/gu;

/**
 * A screenshot request: JSON (a link) or multipart/form-data with the image in
 * `file`. 415 for other content types and for files that are not PNG, JPEG or
 * WebP by their bytes; 413 past the limits; 400 for invalid fields.
 */
export async function readScreenshot(req: Request): Promise<ScreenshotInput> {
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  if (type.startsWith("application/json")) {
    const declared = Number(req.headers.get("content-length") ?? "0");
    if (declared > SCREENSHOT_JSON_LIMIT) {
      throw new ApiError("payload_too_large", `Body exceeds ${SCREENSHOT_JSON_LIMIT} bytes`);
    }
    const text = await readLimited(req, SCREENSHOT_JSON_LIMIT);
    let json: unknown;
    try {
      json = text.trim() === "" ? {} : JSON.parse(text);
    } catch {
      throw new ApiError("bad_request", "Body is not valid JSON");
    }
    const parsed = screenshotLinkBody.safeParse(json);
    if (!parsed.success) throw validationError("body", parsed.error);
    return { kind: "link", body: parsed.data };
  }
  if (!type.startsWith("multipart/form-data")) {
    throw new ApiError(
      "unsupported_media_type",
      "Send a screenshot link as application/json or an image as multipart/form-data",
    );
  }
  const raw = await readBytesLimited(req, SCREENSHOT_MULTIPART_LIMIT);
  let form: FormData;
  try {
    form = await new Response(raw, {
      headers: { "content-type": req.headers.get("content-type") ?? "" },
    }).formData();
  } catch {
    throw new ApiError("bad_request", "Body is not valid multipart/form-data");
  }
  const fields: Record<string, string> = {};
  let file: File | null = null;
  const issues: { path: string; message: string }[] = [];
  for (const [name, value] of form.entries()) {
    if (name === "file") {
      if (typeof value === "string" || file)
        issues.push({ path: "body.file", message: "must be exactly one image file" });
      else file = value;
    } else if (typeof value !== "string") {
      issues.push({ path: `body.${name}`, message: "only the file field may hold a file" });
    } else if (name in fields) {
      issues.push({ path: `body.${name}`, message: "given more than once" });
    } else fields[name] = value;
  }
  if (!file && !issues.length) issues.push({ path: "body.file", message: "required: the image file" });
  const parsed = screenshotUploadFields.safeParse(fields);
  if (!parsed.success) {
    for (const i of parsed.error.issues)
      issues.push({ path: ["body", ...i.path.map(String)].join("."), message: i.message });
  }
  if (issues.length || !file || !parsed.success)
    throw new ApiError("validation_error", "Invalid body", issues);
  if (file.size > MAX_IMAGE_BYTES) {
    throw new ApiError("payload_too_large", `The image exceeds ${MAX_IMAGE_BYTES} bytes`);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const contentType = sniffImage(bytes);
  if (!contentType) throw new ApiError("unsupported_media_type", "The file is not a PNG, JPEG or WebP image");
  const declaredType = file.type.toLowerCase().split(";")[0]?.trim() ?? "";
  if (declaredType && declaredType !== "application/octet-stream" && declaredType !== contentType) {
    throw new ApiError(
      "unsupported_media_type",
      `The file was sent as ${declaredType} but is ${contentType}`,
    );
  }
  const fileName = file.name ? file.name.replace(CONTROL, "").slice(0, 255) || null : null;
  return { kind: "upload", fields: parsed.data, bytes, contentType, fileName };
}

/** The public path of an uploaded screenshot (GET serves the image). */
export function screenshotPath(workflowId: string, stepNumber: number, index: number): string {
  return `/api/workflow/executions/${workflowId}/steps/${stepNumber}/screenshots/${index}`;
}

/** The JSONB entry: links as given; uploads with their bytes (base64), type, size and SHA-256. */
export function screenshotEntry(
  input: ScreenshotInput,
  where: { workflowId: string; stepNumber: number; index: number },
): Screenshot {
  const timestamp = new Date().toISOString();
  if (input.kind === "link") return { ...input.body, timestamp };
  const buffer = Buffer.from(input.bytes);
  return {
    url: screenshotPath(where.workflowId, where.stepNumber, where.index),
    timestamp,
    ...input.fields,
    content_type: input.contentType,
    size: buffer.byteLength,
    sha256: createHash("sha256").update(buffer).digest("hex"),
    file_name: input.fileName,
    data_base64: buffer.toString("base64"),
  };
}
