import { defineConfig } from "drizzle-kit";

// Generation only reads the schema; applying migrations is scripts/migrate.ts
// (it also runs the down scripts, which drizzle-kit does not have).
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  casing: "snake_case",
});
