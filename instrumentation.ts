// Runs once when the server starts (never at build time).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startWebWorker } = await import("./lib/engine/boot");
  await startWebWorker();
}
