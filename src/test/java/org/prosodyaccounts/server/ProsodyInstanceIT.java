package org.prosodyaccounts.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The test harness itself: starting on a port that another process took, and stopping. */
class ProsodyInstanceIT {

  private static final List<VirtualHost> HOSTS = List.of(VirtualHost.hashedSha1("harness.test"));

  @ParameterizedTest
  @EnumSource(ProsodyRelease.class)
  void startMovesToFreePortWhenTaken(ProsodyRelease release) throws Exception {
    try (ProsodyInstance instance = ProsodyInstance.create(release, HOSTS)) {
      int chosen = instance.port();
      try (ServerSocket taken = new ServerSocket(chosen, 1, InetAddress.getByName("127.0.0.1"))) {
        instance.start();

        assertNotEquals(chosen, instance.port(), instance::logTail);
        assertTrue(instance.isRunning(), instance::logTail);
        assertEquals(List.of("PLAIN", "SCRAM-SHA-1"),
            XmppClient.offeredMechanisms(instance, "harness.test").stream().filter(m -> !m.equals("OAUTHBEARER"))
                .sorted().toList(),
            instance::logTail);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ProsodyRelease.class)
  void closeStopsDaemonAndDeletesFolder(ProsodyRelease release) throws Exception {
    ProsodyInstance instance = ProsodyInstance.start(release, HOSTS);
    Path folder = instance.dataPath().getParent();
    int port = instance.port();
    assertTrue(instance.isRunning(), instance::logTail);

    instance.close();

    assertFalse(instance.isRunning());
    assertFalse(Files.exists(folder), folder::toString);
    assertThrows(ConnectException.class, () -> new Socket(InetAddress.getByName("127.0.0.1"), port).close(),
        "the daemon still listens on port " + port);
  }
}
