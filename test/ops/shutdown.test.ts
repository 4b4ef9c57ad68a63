import { EventEmitter } from 'node:events';
import { createLogger } from '../../src/ops/logger';
import { installGracefulShutdown, type GracefulShutdownOptions } from '../../src/ops/shutdown';

function setup(close: () => Promise<void>, extra: Partial<GracefulShutdownOptions> = {}) {
  const signals = new EventEmitter();
  const exit = jest.fn<void, [number]>();
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (l: string) => void lines.push(l) } });
  const closeSpy = jest.fn(close);
  const handle = installGracefulShutdown({ close: closeSpy, logger, exit, signalSource: signals, ...extra });
  return { signals, exit, close: closeSpy, handle, output: () => lines.join(''), messages: () => lines.map((l) => (JSON.parse(l) as { msg: string }).msg) };
}

function deferred() {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const flush = () => new Promise((r) => setImmediate(r));

afterEach(() => jest.useRealTimers());

describe('installGracefulShutdown', () => {
  it('closes once on the first signal and exits 0 when close resolves', async () => {
    const done = deferred();
    const t = setup(() => done.promise);
    expect(t.handle.shuttingDown).toBe(false);
    t.signals.emit('SIGTERM', 'SIGTERM');
    expect(t.handle.shuttingDown).toBe(true);
    expect(t.close).toHaveBeenCalledTimes(1);
    await flush();
    expect(t.exit).not.toHaveBeenCalled();
    done.resolve();
    await flush();
    expect(t.exit.mock.calls).toEqual([[0]]);
    expect(t.messages()[0]).toMatch(/^SIGTERM received/);
    expect(t.messages()).toContain('shutdown complete');
  });

  it('listens to SIGTERM and SIGINT by default, and to nothing after uninstall', () => {
    const t = setup(() => new Promise(() => undefined));
    expect(t.signals.listenerCount('SIGTERM')).toBe(1);
    expect(t.signals.listenerCount('SIGINT')).toBe(1);
    t.handle.uninstall();
    expect(t.signals.listenerCount('SIGTERM') + t.signals.listenerCount('SIGINT')).toBe(0);
  });

  it('honours a custom signal list', () => {
    const t = setup(() => Promise.resolve(), { signals: ['SIGUSR2'] });
    t.signals.emit('SIGTERM', 'SIGTERM');
    expect(t.close).not.toHaveBeenCalled();
    t.signals.emit('SIGUSR2', 'SIGUSR2');
    expect(t.close).toHaveBeenCalledTimes(1);
  });

  it('exits 1 when close hangs past the timeout', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const t = setup(() => new Promise(() => undefined), { timeoutMs: 1000 });
    t.signals.emit('SIGINT', 'SIGINT');
    jest.advanceTimersByTime(999);
    expect(t.exit).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(t.exit.mock.calls).toEqual([[1]]);
    expect(t.messages()).toContain('shutdown took too long: exiting');
  });

  it('waits 25 s by default', () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const t = setup(() => new Promise(() => undefined));
    t.signals.emit('SIGTERM', 'SIGTERM');
    jest.advanceTimersByTime(24_999);
    expect(t.exit).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(t.exit.mock.calls).toEqual([[1]]);
  });

  it('exits 1 at once on a second signal, and only once overall', async () => {
    const done = deferred();
    const t = setup(() => done.promise);
    t.signals.emit('SIGTERM', 'SIGTERM');
    t.signals.emit('SIGINT', 'SIGINT');
    expect(t.exit.mock.calls).toEqual([[1]]);
    expect(t.close).toHaveBeenCalledTimes(1);
    done.resolve();
    await flush();
    expect(t.exit).toHaveBeenCalledTimes(1);
  });

  it('exits 1 when close fails, and logs the error scrubbed', async () => {
    const t = setup(() => Promise.reject(new Error('store close failed for redis://:R3d1sP4ss@redis:6379')));
    t.signals.emit('SIGTERM', 'SIGTERM');
    await flush();
    expect(t.exit.mock.calls).toEqual([[1]]);
    expect(t.messages()).toContain('shutdown failed');
    expect(t.output()).toContain('store close failed');
    expect(t.output()).not.toContain('R3d1sP4ss');
  });

  it('treats a synchronous throw from close as a failure', async () => {
    const t = setup(() => {
      throw new Error('boom');
    });
    t.signals.emit('SIGTERM', 'SIGTERM');
    await flush();
    expect(t.exit.mock.calls).toEqual([[1]]);
  });

  it('does not exit twice when the timeout fires and close later resolves', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const done = deferred();
    const t = setup(() => done.promise, { timeoutMs: 10 });
    t.signals.emit('SIGTERM', 'SIGTERM');
    jest.advanceTimersByTime(10);
    done.resolve();
    await flush();
    expect(t.messages()).toContain('shutdown complete');
    expect(t.exit.mock.calls).toEqual([[1]]);
  });
});
