import { z } from "zod";

const resume = z.object({
  id: z.uuid(),
  file_name: z.string(),
  mime_type: z.enum([
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/plain",
  ]),
  file_size: z.number().int(),
  content_hash: z.string().describe("SHA-256 of the file"),
  source: z
    .enum(["upload", "email", "import", "demo"])
    .describe(
      "email when stored from this message; another source when the organization already had the file",
    ),
});
const ignored = z.object({
  file_name: z.string(),
  declared_type: z.string(),
  size: z.number().int(),
  reason: z.string(),
});

/** The raw message; described for the OpenAPI document (the route reads it as bytes). */
export const inboundEmailBody = z
  .string()
  .describe(
    "A raw RFC 822 message (message/rfc822 or text/plain, at most 25 MB). Every PDF, Word (.docx) and .txt attachment becomes a resume; other attachments are ignored.",
  );

export const inboundEmailResponse = z.object({
  workflow_id: z.string().describe("the run started for the message (the first delivery's on a repeat)"),
  status: z.string(),
  channel: z.literal("email"),
  message_id: z
    .string()
    .describe("Message-ID without angle brackets; sha256:<hash of the message> when it has none"),
  from: z.string().nullable(),
  subject: z.string().nullable(),
  jd_id: z.string().nullable().describe("a JD-… id named in the subject, passed to the workflow as jd_id"),
  resume_ids: z.array(z.uuid()),
  resumes: z.array(resume),
  ignored_attachments: z.array(ignored),
});
