package org.prosodyaccounts.config;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs one reading on a thread of its own, with a fixed stack size so that deep nesting fails the
 * same way whatever the caller's stack, and waits for it at most a little longer than the reading's
 * own deadline.
 */
final class SandboxThread {

  /** The work done on the thread. */
  interface Task<T> {
    T run() throws ConfigException;
  }

  private static final long GRACE_MILLIS = 2000;

  private SandboxThread() {}

  static <T> T run(Task<T> task, SandboxHook hook, Path mainFile) throws ConfigException {
    Outcome<T> outcome = new Outcome<>();
    Thread thread =
        new Thread(
            null, () -> outcome.complete(task), "prosody-config-reader", Limits.THREAD_STACK_BYTES);
    thread.setDaemon(true);
    thread.start();

    try {
      thread.join(TimeUnit.SECONDS.toMillis(Limits.MAX_SECONDS) + GRACE_MILLIS);
    } catch (InterruptedException e) {
      hook.cancel();
      Thread.currentThread().interrupt();
      throw new ConfigException(
          "reading the configuration was interrupted", new Location(mainFile, 0));
    }
    if (thread.isAlive()) {
      // NOTE: the thread cannot be stopped inside one library call, such as a slow pattern match.
      // It is a daemon thread, and it stops at the next Lua instruction after that call returns.
      hook.cancel();
      throw new ConfigException(
          "reading the configuration took longer than "
              + Limits.MAX_SECONDS
              + " s inside one Lua library call (such as a pattern match)",
          new Location(mainFile, 0));
    }
    return outcome.get();
  }

  /** The result or the failure of a task; written by the reading thread before it ends. */
  private static final class Outcome<T> {
    private T value;
    private ConfigException failure;

    void complete(Task<T> task) {
      try {
        value = task.run();
      } catch (ConfigException e) {
        failure = e;
      } catch (Throwable e) { // NOPMD: nothing LuaJ throws may reach the caller unwrapped
        failure =
            new ConfigException("unexpected error while reading the configuration: " + e, null);
      }
    }

    T get() throws ConfigException {
      if (failure != null) {
        throw failure;
      }
      return value;
    }
  }
}
