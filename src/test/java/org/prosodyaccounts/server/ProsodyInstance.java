package org.prosodyaccounts.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.prosodyaccounts.store.Ownership;

/**
 * One Prosody installation for a test: a configuration and a data directory generated in a new
 * temporary folder, the daemon that serves them on a free loopback port, and {@code prosodyctl}
 * for them.
 *
 * <p>The server listens for clients on 127.0.0.1 only. Server-to-server, HTTP, HTTPS, component
 * and direct-TLS ports are empty, and {@code s2s} is disabled. PLAIN is allowed without TLS,
 * because nothing leaves the machine.
 *
 * <p>Run as root, the folder belongs to the {@code prosody} user and the daemon runs as that user,
 * because Prosody exits when started as root. {@code prosodyctl} is started as root and switches to
 * {@code prosody} by itself, as on a real server. Run as another user, everything runs as that
 * user. The daemon starts with umask 022, which is what a systemd unit without {@code UMask=}
 * gives it: Prosody 0.12 replaces it with its {@code umask} option (027), Prosody 13 keeps it.
 *
 * <p>{@link #close()} stops the daemon and deletes the folder. A shutdown hook stops daemons that
 * a test left running, should the test JVM end early.
 */
public final class ProsodyInstance implements AutoCloseable {

  /** The user that Debian's package creates and that the daemon runs as, when tests run as root. */
  public static final String PROSODY_USER = "prosody";

  /** How long a start may take before it counts as failed. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  /** How long the daemon gets to exit after SIGTERM before it is killed. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

  /** How often a start is tried on a new port when the chosen one was taken meanwhile. */
  private static final int PORT_ATTEMPTS = 3;

  private static final int LOG_TAIL_LINES = 40;

  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Processes::killTreeGently)));
  }

  private final ProsodyRelease release;
  private final List<VirtualHost> hosts;
  private final Path directory;
  private final Path dataPath;
  private final Path configFile;
  private final Path logFile;
  private final Path consoleFile;
  private int port;
  private Process daemon;

  private ProsodyInstance(ProsodyRelease release, List<VirtualHost> hosts, Path directory) {
    this.release = release;
    this.hosts = List.copyOf(hosts);
    this.directory = directory;
    this.dataPath = directory.resolve("data");
    this.configFile = directory.resolve("prosody.cfg.lua");
    this.logFile = directory.resolve("prosody.log");
    this.consoleFile = directory.resolve("console.log");
  }

  /**
   * Creates the folder, configuration and empty data directory for {@code hosts}, without starting
   * the daemon. Skips the calling test when {@code release} is not installed (see {@link
   * ProsodyRelease#assumeInstalled()}).
   */
  public static ProsodyInstance create(ProsodyRelease release, List<VirtualHost> hosts) throws IOException {
    release.assumeInstalled();
    Path directory = Files.createTempDirectory("prosody-itest-" + release.version() + "-");
    ProsodyInstance instance = new ProsodyInstance(release, hosts, directory);
    try {
      instance.layOut();
    } catch (IOException | RuntimeException e) {
      instance.deleteFolder();
      throw e;
    }
    return instance;
  }

  /** Creates the instance and starts its daemon, as {@link #create} and {@link #start()} do. */
  public static ProsodyInstance start(ProsodyRelease release, List<VirtualHost> hosts)
      throws IOException, InterruptedException {
    ProsodyInstance instance = create(release, hosts);
    try {
      instance.start();
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      instance.close();
      throw e;
    }
    return instance;
  }

  private void layOut() throws IOException {
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
    // An empty certs/ beside the configuration keeps certmanager from logging an error at every start.
    Files.createDirectory(directory.resolve("certs"));
    Files.createDirectory(dataPath, PosixFilePermissions.asFileAttribute(Ownership.DIRECTORY_MODE));
    Files.setPosixFilePermissions(dataPath, Ownership.DIRECTORY_MODE);
    port = freePort();
    writeConfig();
    if (Ownership.isRoot()) {
      try (Stream<Path> paths = Files.walk(directory)) {
        for (Path path : paths.toList()) {
          giveToProsody(path);
        }
      }
    }
  }

  /** Hands {@code path} to the {@code prosody} user and group, as Debian's package does for /var/lib/prosody. */
  public static void giveToProsody(Path path) throws IOException {
    UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
    UserPrincipal user = lookup.lookupPrincipalByName(PROSODY_USER);
    GroupPrincipal group = lookup.lookupPrincipalByGroupName(PROSODY_USER);
    Files.setOwner(path, user);
    Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setGroup(group);
  }

  private void writeConfig() throws IOException {
    List<String> modules = new ArrayList<>(List.of("roster", "saslauth", "disco", "register", "vcard", "offline", "private"));
    if (release.is13()) {
      // 13's adduser, passwd and deluser, and "prosodyctl shell", talk to the running server through it.
      modules.add("admin_shell");
    }

    StringBuilder config = new StringBuilder();
    config.append("-- Generated by the integration tests: a server for one test class, on loopback only.\n");
    config.append("pidfile = ").append(LuaText.quote(directory.resolve("prosody.pid").toString())).append('\n');
    config.append("data_path = ").append(LuaText.quote(dataPath.toString())).append('\n');
    config.append("log = { debug = ").append(LuaText.quote(logFile.toString())).append(" }\n");
    config.append("certificates = \"certs\"\n");

    config.append("interfaces = { \"127.0.0.1\" }\n");
    config.append("local_interfaces = { \"127.0.0.1\" }\n");
    config.append("c2s_interfaces = { \"127.0.0.1\" }\n");
    config.append("c2s_ports = { ").append(port).append(" }\n");
    for (String option :
        List.of("c2s_direct_tls_ports", "legacy_ssl_ports", "s2s_ports", "s2s_direct_tls_ports", "component_ports",
            "http_ports", "https_ports")) {
      config.append(option).append(" = { }\n");
    }

    config.append("modules_enabled = { ");
    for (String module : modules) {
      config.append(LuaText.quote(module)).append("; ");
    }
    config.append("}\n");
    config.append("modules_disabled = { \"s2s\" }\n");
    config.append("c2s_require_encryption = false\n");
    config.append("allow_unencrypted_plain_auth = true\n");
    // Registration stays closed, but mod_register still lets a logged-in user change the password.
    config.append("allow_registration = false\n");
    config.append("storage = \"internal\"\n");

    for (VirtualHost host : hosts) {
      config.append('\n').append(host.configSection());
    }
    Files.writeString(configFile, config.toString(), StandardCharsets.UTF_8);
  }

  /**
   * Starts the daemon and waits until it listens for clients. Tries another free port when the
   * chosen one was taken in the meantime.
   *
   * @throws IOException if the daemon exits, does not listen within 30 s, or cannot open its
   *     port, with the tail of its log in the message
   */
  public void start() throws IOException, InterruptedException {
    if (daemon != null) {
      throw new IllegalStateException(release.label() + " is already running");
    }
    for (int attempt = 1; ; attempt++) {
      // Only what this start appends to the log counts, not the lines of an earlier start.
      long logOffset = Files.exists(logFile) ? Files.size(logFile) : 0;
      launch();
      Readiness readiness = awaitReady(logOffset);
      if (readiness == Readiness.READY) {
        return;
      }
      String tail = logTail();
      stop();
      if (readiness != Readiness.PORT_TAKEN || attempt == PORT_ATTEMPTS) {
        throw new IOException(release.label() + " did not start on 127.0.0.1:" + port + " (" + readiness.reason
            + "); configuration " + configFile + "\n" + tail);
      }
      port = freePort();
      writeConfig();
    }
  }

  private void launch() throws IOException {
    List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "umask 022 && exec \"$@\"", "sh"));
    if (Ownership.isRoot()) {
      // setpriv executes the server in place, so the process that Java started is Prosody itself
      // and SIGTERM reaches it directly.
      command.addAll(List.of("/usr/bin/setpriv", "--reuid=" + PROSODY_USER, "--regid=" + PROSODY_USER, "--init-groups",
          "--"));
    }
    command.addAll(
        List.of(ProsodyRelease.LUA.toString(), release.prosody().toString(), "--config", configFile.toString(), "-F"));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleFile.toFile()));
    builder.environment().putAll(environment());
    daemon = builder.start();
    RUNNING.add(daemon);
  }

  /** What waiting for the daemon to listen ended with. */
  private enum Readiness {
    READY("listening"),
    EXITED("the daemon exited"),
    PORT_TAKEN("the port was taken"),
    TIMED_OUT("not listening after " + START_TIMEOUT.toSeconds() + " s");

    final String reason;

    Readiness(String reason) {
      this.reason = reason;
    }
  }

  private Readiness awaitReady(long logOffset) throws IOException, InterruptedException {
    String activated = "Activated service 'c2s' on [127.0.0.1]:" + port;
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!daemon.isAlive()) {
        return Readiness.EXITED;
      }
      String log = Files.exists(logFile) ? readLenient(logFile, logOffset) : "";
      if (log.contains("Failed to open server port")) {
        return Readiness.PORT_TAKEN;
      }
      // 13's prosodyctl shell, adduser, passwd and deluser need the admin socket as well as the port.
      boolean adminSocketReady = !release.is13() || Files.exists(dataPath.resolve("prosody.sock"));
      if (log.contains(activated) && adminSocketReady && acceptsConnections()) {
        return Readiness.READY;
      }
      // Polls the log and the port: Prosody signals readiness in no other way.
      daemon.waitFor(50, TimeUnit.MILLISECONDS);
    }
    return Readiness.TIMED_OUT;
  }

  private boolean acceptsConnections() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Stops the daemon with SIGTERM, as an init system does, and waits for it to exit. A daemon
   * that is still running after 20 s is killed with its child processes. Does nothing when the
   * daemon is not running.
   */
  public void stop() throws InterruptedException {
    if (daemon == null) {
      return;
    }
    try {
      daemon.destroy();
      if (!daemon.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        Processes.killTree(daemon.toHandle());
        daemon.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } finally {
      RUNNING.remove(daemon);
      daemon = null;
    }
  }

  /** Returns true while the daemon runs. */
  public boolean isRunning() {
    return daemon != null && daemon.isAlive();
  }

  /**
   * Runs this release's {@code prosodyctl --config CONFIG ARGS}, started as the test's user (root
   * in CI, from where it switches to {@code prosody}), with {@code stdin} as standard input.
   */
  public CommandResult prosodyctl(String stdin, String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of(ProsodyRelease.LUA.toString(), release.prosodyctl().toString(), "--config",
            configFile.toString()));
    command.addAll(List.of(args));
    return Processes.run(command, environment(), directory, stdin, COMMAND_TIMEOUT);
  }

  private Map<String, String> environment() {
    return Map.of("LANG", "C.UTF-8", "HOME", directory.toString());
  }

  /** Returns the release this instance runs. */
  public ProsodyRelease release() {
    return release;
  }

  /** Returns the hosts of the configuration. */
  public List<VirtualHost> hosts() {
    return hosts;
  }

  /** Returns the loopback port that the daemon takes client connections on. */
  public int port() {
    return port;
  }

  /** Returns the data directory, Prosody's {@code data_path}. */
  public Path dataPath() {
    return dataPath;
  }

  /** Returns the configuration file. */
  public Path configFile() {
    return configFile;
  }

  /**
   * Returns the last lines of the server's log and of its console output, for failure messages.
   * Prosody logs no passwords at debug level.
   */
  public String logTail() {
    return tail(logFile) + tail(consoleFile);
  }

  private static String tail(Path file) {
    if (!Files.exists(file)) {
      return "--- " + file + ": (none)\n";
    }
    try {
      List<String> lines = readLenient(file, 0).lines().toList();
      List<String> last = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
      return "--- last " + last.size() + " lines of " + file + "\n" + String.join("\n", last) + "\n";
    } catch (IOException e) {
      return "--- " + file + ": not readable: " + e.getMessage() + "\n";
    }
  }

  /** Stops the daemon and deletes the folder with its data. */
  @Override
  public void close() throws InterruptedException {
    try {
      stop();
    } finally {
      deleteFolder();
    }
  }

  private void deleteFolder() {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      System.err.println("could not delete the test folder " + directory + ": " + e);
    }
  }

  /** Reads a log from byte {@code offset} on as UTF-8, replacing invalid bytes instead of failing on them. */
  private static String readLenient(Path file, long offset) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int start = (int) Math.min(offset, bytes.length);
    return new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  @Override
  public String toString() {
    return release.label() + " on 127.0.0.1:" + port + " with data in " + dataPath;
  }
}
