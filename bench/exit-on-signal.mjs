// Loaded by `bench:api -- --profile DIR` into the server: exit normally on SIGTERM so that V8 writes
// the CPU profile (a process killed by the signal's default action writes nothing).
for (const signal of ["SIGTERM", "SIGINT"]) process.once(signal, () => process.exit(0));
