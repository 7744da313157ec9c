// JSON shapes (snake_case) of the resource API: jobs, resumes, workflows, configs, interviews, todos,
// users, the audit log, saved views and organization settings. Never emits secrets (password hashes,
// webhook secrets) or file bytes.
import type { ResumeListRow } from "@/db/queries/resumes";
import type {
  AuditLog,
  ChannelConfig,
  Interview,
  JobDescription,
  Organization,
  Resume,
  SavedView,
  Todo,
  User,
  Workflow,
  WorkflowChannelConfig,
  WorkflowConfig,
  WorkflowDataBinding,
  WorkflowNode,
  workflowVersions,
} from "@/db/schema";

type WorkflowVersion = typeof workflowVersions.$inferSelect;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

// ── jobs ──────────────────────────────────────────────────────────────────────────────────────────

export function presentJob(j: JobDescription) {
  return {
    id: j.id,
    jd_id: j.publicId,
    title: j.title,
    description: j.description,
    department: j.department,
    location: j.location,
    employment_type: j.employmentType,
    parsed: j.parsed ?? null,
    created_by: j.createdBy,
    is_deleted: j.isDeleted,
    deleted_at: iso(j.deletedAt),
    created_at: iso(j.createdAt),
    updated_at: iso(j.updatedAt),
  };
}

// ── resumes ───────────────────────────────────────────────────────────────────────────────────────

/** A resume in lists: no file bytes, no extracted text. */
export function presentResumeSummary(r: ResumeListRow) {
  return {
    id: r.id,
    candidate_name: r.candidateName,
    email: r.email,
    phone: r.phone,
    file_name: r.fileName,
    mime_type: r.mimeType,
    file_size: r.fileSize,
    content_hash: r.contentHash,
    has_file: r.hasFile,
    status: r.status,
    parse_error: r.parseError,
    source: r.source,
    uploaded_by: r.uploadedBy,
    is_deleted: r.isDeleted,
    deleted_at: iso(r.deletedAt),
    created_at: iso(r.createdAt),
    updated_at: iso(r.updatedAt),
  };
}

/** A resume on its own: the summary plus what the agents extracted (never the file bytes). */
export function presentResume(r: ResumeListRow & Pick<Resume, "extractedText" | "parsed">) {
  return { ...presentResumeSummary(r), extracted_text: r.extractedText, parsed: r.parsed ?? null };
}

// ── workflows ─────────────────────────────────────────────────────────────────────────────────────

export function presentWorkflowSummary(w: Workflow & { nodeCount?: number }) {
  return {
    id: w.id,
    name: w.name,
    description: w.description,
    status: w.status,
    version: w.version,
    builtin_key: w.builtinKey,
    ...(w.nodeCount === undefined ? {} : { node_count: w.nodeCount }),
    created_by: w.createdBy,
    is_deleted: w.isDeleted,
    deleted_at: iso(w.deletedAt),
    created_at: iso(w.createdAt),
    updated_at: iso(w.updatedAt),
  };
}

export function presentNode(n: WorkflowNode) {
  return {
    id: n.id,
    order_number: n.orderNumber,
    step_name: n.stepName,
    step_type: n.stepType,
    step_description: n.stepDescription,
    auto_start: n.autoStart,
    required_human_approval: n.requiredHumanApproval,
    number_of_approvals_needed: n.numberOfApprovalsNeeded,
    approvers: n.approvers,
    delay_in_seconds: n.delayInSeconds,
    max_retries: n.maxRetries,
    timeout_seconds: n.timeoutSeconds,
    config: n.config,
    io_schema: n.ioSchema,
  };
}

export function presentBinding(b: WorkflowDataBinding, orderOf: Map<string, number>) {
  return {
    id: b.id,
    source_node_id: b.sourceNodeId,
    source_order: orderOf.get(b.sourceNodeId) ?? null,
    source_key: b.sourceKey,
    target_node_id: b.targetNodeId,
    target_order: orderOf.get(b.targetNodeId) ?? null,
    target_key: b.targetKey,
    binding_type: b.bindingType,
  };
}

/** A workflow's channel settings; the webhook secret is never shown here (only once, when generated). */
export function presentWorkflowChannel(c: WorkflowChannelConfig) {
  return {
    id: c.id,
    workflow_id: c.workflowId,
    channel: c.channel,
    enabled: c.enabled,
    priority: c.priority,
    webhook_url: c.webhookUrl,
    has_webhook_secret: c.webhookSecret !== null,
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
  };
}

export function presentVersionSummary(v: Pick<WorkflowVersion, "version" | "createdBy" | "createdAt">) {
  return { version: v.version, created_by: v.createdBy, created_at: iso(v.createdAt) };
}

export function presentVersion(v: WorkflowVersion) {
  return { workflow_id: v.workflowId, ...presentVersionSummary(v), definition: v.definition };
}

export type WorkflowDetail = {
  workflow: Workflow;
  nodes: WorkflowNode[];
  bindings: WorkflowDataBinding[];
  channels: WorkflowChannelConfig[];
  versions: Pick<WorkflowVersion, "version" | "createdBy" | "createdAt">[];
};

export function presentWorkflow(d: WorkflowDetail) {
  const orderOf = new Map(d.nodes.map((n) => [n.id, n.orderNumber]));
  return {
    ...presentWorkflowSummary({ ...d.workflow, nodeCount: d.nodes.length }),
    nodes: d.nodes.map(presentNode),
    bindings: d.bindings.map((b) => presentBinding(b, orderOf)),
    channels: d.channels.map(presentWorkflowChannel),
    versions: d.versions.map(presentVersionSummary),
  };
}

// ── configs ───────────────────────────────────────────────────────────────────────────────────────

export function presentConfig(c: WorkflowConfig) {
  return {
    id: c.id,
    scope: c.scope,
    workflow_id: c.workflowId,
    channel: c.channel,
    version: c.version,
    config: c.config,
    is_active: c.isActive,
    created_by: c.createdBy,
    activated_by: c.activatedBy,
    activated_at: iso(c.activatedAt),
    created_at: iso(c.createdAt),
  };
}

export function presentChannelConfig(
  c: Pick<ChannelConfig, "channel" | "config" | "isActive"> & Partial<ChannelConfig>,
) {
  return {
    channel: c.channel,
    config: c.config,
    is_active: c.isActive,
    /** False for a channel that has never been configured (defaults shown). */
    configured: c.id !== undefined,
    updated_at: iso(c.updatedAt),
  };
}

// ── interviews and todos ──────────────────────────────────────────────────────────────────────────

export function presentInterview(i: Interview) {
  return {
    id: i.id,
    title: i.title,
    workflow_id: i.workflowId,
    run_id: i.runId,
    resume_id: i.resumeId,
    candidate_name: i.candidateName,
    interviewer_id: i.interviewerId,
    scheduled_at: iso(i.scheduledAt),
    duration_minutes: i.durationMinutes,
    location: i.location,
    status: i.status,
    notes: i.notes,
    created_by: i.createdBy,
    is_deleted: i.isDeleted,
    deleted_at: iso(i.deletedAt),
    deleted_via: i.deletedVia,
    created_at: iso(i.createdAt),
    updated_at: iso(i.updatedAt),
  };
}

export function presentTodo(t: Todo) {
  return {
    id: t.id,
    title: t.title,
    description: t.description,
    workflow_id: t.workflowId,
    run_id: t.runId,
    assignee_id: t.assigneeId,
    due_at: iso(t.dueAt),
    status: t.status,
    priority: t.priority,
    created_by: t.createdBy,
    is_deleted: t.isDeleted,
    deleted_at: iso(t.deletedAt),
    deleted_via: t.deletedVia,
    created_at: iso(t.createdAt),
    updated_at: iso(t.updatedAt),
  };
}

// ── administration ────────────────────────────────────────────────────────────────────────────────

export function presentUser(u: User) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    is_active: u.isActive,
    last_login_at: iso(u.lastLoginAt),
    created_at: iso(u.createdAt),
    updated_at: iso(u.updatedAt),
  };
}

export function presentAuditEntry(a: AuditLog) {
  return {
    id: a.id,
    action: a.action,
    resource_type: a.resourceType,
    resource_id: a.resourceId,
    user_id: a.userId,
    api_token_id: a.apiTokenId,
    ip_address: a.ipAddress,
    user_agent: a.userAgent,
    success: a.success,
    details: a.details,
    created_at: iso(a.createdAt),
  };
}

export function presentSavedView(v: SavedView, viewerId: string) {
  return {
    id: v.id,
    name: v.name,
    page: v.page,
    params: v.params,
    shared: v.shared,
    user_id: v.userId,
    mine: v.userId === viewerId,
    created_at: iso(v.createdAt),
    updated_at: iso(v.updatedAt),
  };
}

export function presentSettings(o: Organization) {
  return {
    org_id: o.id,
    name: o.name,
    slug: o.slug,
    retention_days: o.retentionDays,
    allow_private_webhooks: o.settings.allowPrivateWebhooks === true,
    intake_workflow_id: o.intakeWorkflowId,
    updated_at: iso(o.updatedAt),
  };
}
