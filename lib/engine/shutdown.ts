/**
 * The end of a worker process on SIGTERM/SIGINT: stop the worker (stop claiming, let handlers finish
 * within its grace period, release the rest), close the pool, exit 0. Bounded whatever hangs: a
 * statement on a connection the driver left broken, an unsubscribe that never answers. After
 * `limitMs` the process exits 1, saying which stage it was in; steps it still held come back when
 * their leases lapse, as after a SIGKILL. A stage that fails (rather than hangs) is logged and the
 * exit code is 1 too, so an orchestrator sees that the stop was not clean.
 */
export type Stoppable = {
  stop(graceMs: number): Promise<void>;
  readonly activeSteps: number;
};

export function shutdownWithin(opts: {
  worker: Stoppable;
  graceMs: number;
  limitMs: number;
  close: () => Promise<void>;
  log: (message: string) => void;
  exit: (code: number) => void;
}): Promise<void> {
  const { worker, graceMs, limitMs, close, log, exit } = opts;
  let stage = `stopping the worker (${worker.activeSteps} step(s) in flight)`;
  let code = 0;
  const limit = setTimeout(() => {
    log(`shutdown did not finish within ${limitMs} ms, still ${stage}; exiting`);
    exit(1);
  }, limitMs);
  limit.unref?.();
  return (async () => {
    try {
      await worker.stop(graceMs);
    } catch (error) {
      code = 1;
      log(`stopping the worker failed: ${String(error)}`);
    }
    stage = "closing the database pool";
    try {
      await close();
    } catch (error) {
      code = 1;
      log(`closing the database pool failed: ${String(error)}`);
    }
    clearTimeout(limit);
    log(code === 0 ? "stopped" : "stopped, not cleanly");
    exit(code);
  })();
}
