import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, oneOf, orgId, updatedAt } from "./columns";
import { userRoles } from "./enums";

export type OrganizationSettings = {
  /** Lets webhooks reach private and loopback addresses (off by default: SSRF). */
  allowPrivateWebhooks?: boolean;
};

export const organizations = pgTable(
  "organizations",
  {
    id: id(),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    /**
     * Finished runs older than this many days are removed by the retention cleanup; null (the default)
     * keeps history forever. Only an admin sets it (audited), after seeing how many runs it would delete.
     */
    retentionDays: integer("retention_days"),
    /** Workflow started for inbound e-mail (channel `email`). */
    intakeWorkflowId: uuid("intake_workflow_id"),
    settings: jsonb("settings").$type<OrganizationSettings>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("organizations_slug_key").on(t.slug),
    check("organizations_retention_days_check", sql`${t.retentionDays} BETWEEN 1 AND 36500`),
  ],
);

export const users = pgTable(
  "users",
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: userRoles }).notNull(),
    passwordHash: text("password_hash").notNull(),
    isActive: boolean("is_active").notNull().default(true),
    /** Sessions carry the version they were signed in with; sign-out bumps it, ending every copy of the cookie. */
    sessionVersion: integer("session_version").notNull().default(0),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // login: look a user up by e-mail, case-insensitively, across organizations
    uniqueIndex("users_email_key").on(sql`lower(${t.email})`),
    // user lists and approver pickers within an organization
    index("users_org_idx").on(t.orgId, t.name),
    // target of composite foreign keys that keep references inside one organization
    uniqueIndex("users_org_id_key").on(t.orgId, t.id),
    check("users_role_check", oneOf("role", userRoles)),
  ],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** First characters of the token, shown in lists so a user can tell tokens apart. */
    prefix: text("prefix").notNull(),
    /** SHA-256 of the whole token; the token itself is shown once and never stored. */
    tokenHash: text("token_hash").notNull(),
    scopes: jsonb("scopes").$type<string[]>().notNull().default([]),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    // a token belongs to a user of its own organization, enforced by the database too
    foreignKey({
      name: "api_tokens_org_user_fk",
      columns: [t.orgId, t.userId],
      foreignColumns: [users.orgId, users.id],
    }).onDelete("cascade"),
    // Bearer authentication: find the token by its hash
    uniqueIndex("api_tokens_hash_key").on(t.tokenHash),
    // token list in settings
    index("api_tokens_org_idx").on(t.orgId, t.createdAt),
  ],
);

export const auditLogs = pgTable(
  "audit_logs",
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    apiTokenId: uuid("api_token_id").references(() => apiTokens.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    resourceType: text("resource_type").notNull(),
    resourceId: text("resource_id"),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    success: boolean("success").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    // audit log viewer: newest first within an organization
    index("audit_logs_org_time_idx").on(t.orgId, t.createdAt.desc()),
    // audit log filtered by resource ("what happened to WF-000123")
    index("audit_logs_resource_idx").on(t.orgId, t.resourceType, t.resourceId),
  ],
);

export type Organization = typeof organizations.$inferSelect;
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type ApiToken = typeof apiTokens.$inferSelect;
export type AuditLog = typeof auditLogs.$inferSelect;
export type NewAuditLog = typeof auditLogs.$inferInsert;
