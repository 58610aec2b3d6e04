package org.prosodyaccounts.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension that gives a test class one running daemon per release, started at first use
 * with the class's hosts and stopped after the class, also when its tests fail. Register it in a
 * static field with {@code @RegisterExtension}.
 */
public final class ProsodyServers implements AfterAllCallback {

  private final List<VirtualHost> hosts;
  private final Map<ProsodyRelease, ProsodyInstance> running = new EnumMap<>(ProsodyRelease.class);
  private final List<ProsodyInstance> created = new ArrayList<>();

  /** Serves {@code hosts} on every daemon of the class. */
  public ProsodyServers(List<VirtualHost> hosts) {
    this.hosts = List.copyOf(hosts);
  }

  /** Returns the class's running daemon of {@code release}, starting it at the first call. */
  public synchronized ProsodyInstance running(ProsodyRelease release) throws IOException, InterruptedException {
    ProsodyInstance server = running.get(release);
    if (server == null || !server.isRunning()) {
      if (server != null) {
        throw new IOException(release.label() + " stopped during the tests\n" + server.logTail());
      }
      server = ProsodyInstance.start(release, hosts);
      running.put(release, server);
      created.add(server);
    }
    return server;
  }

  /**
   * Creates a further instance of {@code release} with the class's hosts, not started, for a test
   * that needs a fresh data directory or an offline phase. It is closed after the class.
   */
  public synchronized ProsodyInstance fresh(ProsodyRelease release) throws IOException {
    ProsodyInstance instance = ProsodyInstance.create(release, hosts);
    created.add(instance);
    return instance;
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) throws InterruptedException {
    InterruptedException interrupted = null;
    for (ProsodyInstance instance : created) {
      try {
        instance.close();
      } catch (InterruptedException e) {
        // Stops the other daemons anyway and passes the interruption on afterwards.
        interrupted = e;
      }
    }
    created.clear();
    running.clear();
    if (interrupted != null) {
      throw interrupted;
    }
  }
}
