package org.prosodyaccounts.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * A Prosody release that the integration tests run as a real server, and where its files are.
 *
 * <p>0.12.3 is Debian 12's package, installed normally. 13.0.1 is the bookworm-backports package
 * unpacked beside it by {@code .ci/install-prosody}, into {@code /opt/prosody-13.0.1} unless the
 * environment variable {@code PROSODY13_PREFIX} names another folder. Both run under Debian's
 * {@code lua5.4}.
 */
public enum ProsodyRelease {
  /** Debian 12's Prosody 0.12.3. */
  V0_12_3("0.12.3", Path.of("/")),
  /** Prosody 13.0.1 from bookworm-backports, unpacked. */
  V13_0_1("13.0.1", Path.of(System.getenv().getOrDefault("PROSODY13_PREFIX", "/opt/prosody-13.0.1")));

  /** The environment variable that turns a missing release into a test failure, as in CI. */
  public static final String REQUIRE_VARIABLE = "PROSODY_ACCOUNTS_REQUIRE_PROSODY";

  /** The Lua interpreter that runs both releases. */
  public static final Path LUA = Path.of("/usr/bin/lua5.4");

  private final String version;
  private final Path root;

  ProsodyRelease(String version, Path root) {
    this.version = version;
    this.root = root;
  }

  /** Returns the full version, such as {@code 13.0.1}. */
  public String version() {
    return version;
  }

  /** Returns {@code Prosody 13.0.1}, as test names and messages show a release. */
  public String label() {
    return "Prosody " + version;
  }

  /** Returns true for 13.0 and later, which add {@code created}, {@code updated} and {@code disabled}. */
  public boolean is13() {
    return this == V13_0_1;
  }

  /** Returns the launcher of the server, {@code usr/bin/prosody} under the release's root. */
  public Path prosody() {
    return root.resolve("usr/bin/prosody");
  }

  /** Returns {@code usr/bin/prosodyctl} under the release's root. */
  public Path prosodyctl() {
    return root.resolve("usr/bin/prosodyctl");
  }

  /** Returns the folder of Prosody's Lua modules, {@code usr/lib/prosody} under the release's root. */
  public Path sourceDirectory() {
    return root.resolve("usr/lib/prosody");
  }

  /** Returns the release's {@code prosody.version} file. */
  public Path versionFile() {
    return sourceDirectory().resolve("prosody.version");
  }

  @Override
  public String toString() {
    return label();
  }

  /**
   * Skips the calling test when this release or {@code lua5.4} is missing, or fails it when the
   * environment variable {@value #REQUIRE_VARIABLE} is {@code 1}. A release counts as installed
   * when its launchers exist and its version file holds its version.
   */
  public void assumeInstalled() {
    String problem = installationProblem();
    if (problem == null) {
      return;
    }
    String message =
        label() + " is not installed here (" + problem + "): run .ci/install-prosody as root to install it";
    if ("1".equals(System.getenv(REQUIRE_VARIABLE))) {
      fail(message + " (" + REQUIRE_VARIABLE + "=1 makes this a failure)");
    }
    Assumptions.abort(message);
  }

  private String installationProblem() {
    if (!Files.isExecutable(LUA)) {
      return LUA + " is missing";
    }
    for (Path launcher : new Path[] {prosody(), prosodyctl()}) {
      if (!Files.isRegularFile(launcher)) {
        return launcher + " is missing";
      }
    }
    try {
      String found = Files.readString(versionFile(), StandardCharsets.UTF_8).strip();
      return found.equals(version) ? null : versionFile() + " holds '" + found + "'";
    } catch (IOException e) {
      return versionFile() + " is not readable: " + e.getMessage();
    }
  }
}
