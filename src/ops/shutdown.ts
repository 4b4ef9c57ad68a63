export interface ShutdownLogger {
  info(message: string): void;
  error(fields: object, message: string): void;
  flush?(): void;
}

/** Where signals come from: `process` in production, an EventEmitter in tests. */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  removeListener(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

export interface GracefulShutdownOptions {
  /** Finishes turns in flight, stops and hands over polling, closes stores. Called once. */
  close: () => Promise<void>;
  logger: ShutdownLogger;
  timeoutMs?: number;
  signals?: NodeJS.Signals[];
  exit?: (code: number) => void;
  signalSource?: SignalSource;
}

export interface GracefulShutdown {
  /** True from the first signal on: /readyz reports draining so the load balancer stops sending turns. */
  readonly shuttingDown: boolean;
  /** Stops listening for the signals (tests, or a caller that takes over). */
  uninstall(): void;
}

/**
 * First signal: close() once, then exit 0 (1 if it fails or takes longer than timeoutMs).
 * A second signal while closing exits 1 at once.
 */
export function installGracefulShutdown(options: GracefulShutdownOptions): GracefulShutdown {
  const { close, logger } = options;
  const timeoutMs = options.timeoutMs ?? 25_000;
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const source: SignalSource = options.signalSource ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let closing = false;
  let exited = false;

  const finish = (code: number) => {
    if (exited) return;
    exited = true;
    try {
      logger.flush?.();
    } finally {
      exit(code);
    }
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      logger.info(`${signal} received again: exiting without waiting`);
      return finish(1);
    }
    closing = true;
    logger.info(`${signal} received: finishing work in progress (at most ${Math.round(timeoutMs / 1000)} s)`);
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown took too long: exiting');
      finish(1);
    }, timeoutMs);
    // The executor turns a synchronous throw from close() into a rejection.
    new Promise<void>((resolve) => resolve(close())).then(
      () => {
        clearTimeout(timer);
        logger.info('shutdown complete');
        finish(0);
      },
      (err: unknown) => {
        clearTimeout(timer);
        logger.error({ err }, 'shutdown failed');
        finish(1);
      },
    );
  };

  for (const signal of signals) source.on(signal, onSignal);
  return {
    get shuttingDown() {
      return closing;
    },
    uninstall() {
      for (const signal of signals) source.removeListener(signal, onSignal);
    },
  };
}
