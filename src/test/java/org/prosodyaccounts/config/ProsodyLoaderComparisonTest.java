package org.prosodyaccounts.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.prosodyaccounts.ProsodyJudge;

/**
 * Reads configurations with Debian's Prosody 0.12 {@code core.configmanager} under {@code lua5.4}
 * and with this package, and compares the hosts and the options that decide account storage.
 * Without Prosody the test is skipped, or fails when {@code PROSODY_ACCOUNTS_REQUIRE_PROSODY=1}.
 */
class ProsodyLoaderComparisonTest {

  private static final Path LUA = Path.of("/usr/bin/lua5.4");
  private static final Path CONFIG_MANAGER =
      ProsodyJudge.PROSODY_SOURCE.resolve("core/configmanager.lua");

  @TempDir Path root;

  /** What Prosody reports for one host; each field is nil, a value, or a table as {k=v,...}. */
  private record ProsodyHost(
      String componentModule,
      String enabled,
      String authentication,
      String passwordHash,
      String storage,
      String defaultStorage) {}

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"prosody-0.12", "prosody-13", "jitsi"})
  void fixturesMatchProsody(String fixture) throws Exception {
    compare(ConfigFiles.FIXTURES.resolve(fixture).resolve("prosody.cfg.lua"));
  }

  @Test
  void trickyConfigurationMatchesProsody() throws Exception {
    ConfigFiles files = new ConfigFiles(root);
    files.write(
        "sites/a.cfg.lua",
        "VirtualHost \"A.Example\"\n"
            + "  storage = { roster = \"sql\" }\n"
            + "Include \"nested/b.cfg.lua\"\n"
            + "  password_hash = \"SHA-256\"\n");
    files.write("sites/nested/b.cfg.lua", "Component \"B.example\"\n  component_secret = \"s\"\n");
    files.write("sites/.hidden.cfg.lua", "VirtualHost \"hidden.example\"\n");
    files.write(
        "prosody.cfg.lua",
        "authentication = \"internal_plain\"\n"
            + "storage = \"sql2\"\n"
            + "default_storage = \"memory\"\n"
            + "data_path = \"data\"\n"
            + "VirtualHost \"Stra\u00dfe.example.\" { authentication = \"anonymous\" }\n"
            + "enabled = false\n"
            + "VirtualHost \"on.example\"\n"
            + "  enabled = true\n"
            + "  storage = { accounts = \"internal\" }\n"
            + "Component \"muc.example\" \"muc\" { storage = \"memory\" }\n"
            + "Include \"sites/*.cfg.lua\"\n"
            + "VirtualHost \"a.example\"\n"
            + "  authentication = \"internal_hashed\"\n");

    compare(root.resolve("prosody.cfg.lua"));
  }

  private static void compare(Path file) throws Exception {
    ProsodyJudge.assumeAvailable();
    assertTrue(
        Files.isRegularFile(CONFIG_MANAGER), "Prosody is installed without " + CONFIG_MANAGER);
    Map<String, ProsodyHost> expected = new TreeMap<>();
    String dataPath = runProsody(file, expected);

    ProsodyConfig config = ProsodyConfig.load(file, Map.of());

    assertEquals(expected.keySet(), new TreeMap<>(config.hosts()).keySet());
    assertEquals(dataPath, config.dataPath().orElse("nil"));
    for (HostConfig host : config.hosts().values()) {
      ProsodyHost prosody = expected.get(host.name());
      String label = file + ": " + host.name();
      assertEquals(prosody.componentModule(), host.componentModule().orElse("nil"), label);
      assertEquals(!prosody.enabled().equals("false"), host.enabled(), label);
      assertEquals(
          orDefault(prosody.authentication(), "internal_hashed"), host.authentication(), label);
      assertEquals(prosody.passwordHash(), host.passwordHash().orElse("nil"), label);
      assertEquals(accountsDriver(prosody), host.accountsStorage(), label);
    }
  }

  /** Applies storagemanager's rule to the options as Prosody reported them. */
  private static String accountsDriver(ProsodyHost prosody) {
    String driver = null;
    if (prosody.storage().startsWith("{")) {
      Matcher accounts = Pattern.compile("[{,]accounts=([^,}]*)").matcher(prosody.storage());
      driver = accounts.find() ? accounts.group(1) : null;
    } else if (!prosody.storage().equals("nil")) {
      driver = prosody.storage();
    }
    if (driver == null) {
      driver = orDefault(prosody.defaultStorage(), "internal");
    }
    return driver.equals("sql2") ? "sql" : driver;
  }

  private static String orDefault(String value, String fallback) {
    return value.equals("nil") ? fallback : value;
  }

  /** Runs Prosody's loader; fills {@code hosts} and returns the data_path it reports. */
  private static String runProsody(Path file, Map<String, ProsodyHost> hosts) throws Exception {
    Path script = Files.createTempFile("dump-config", ".lua");
    try (InputStream resource =
        ProsodyLoaderComparisonTest.class.getResourceAsStream("/prosody/dump-config.lua")) {
      Files.write(script, resource.readAllBytes());
      return parse(run(script, file), hosts);
    } finally {
      Files.deleteIfExists(script);
    }
  }

  private static List<String> run(Path script, Path file) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                LUA.toString(),
                script.toString(),
                ProsodyJudge.PROSODY_SOURCE.toString(),
                file.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("Prosody's configmanager did not finish in 60 s");
    }
    if (process.exitValue() != 0) {
      fail("Prosody's configmanager failed on " + file + ":\n" + output);
    }
    return List.of(output.split("\n"));
  }

  private static String parse(List<String> lines, Map<String, ProsodyHost> hosts) {
    String dataPath = null;
    List<String> unexpected = new ArrayList<>();
    for (String line : lines) {
      String[] fields = line.split("\t", -1);
      if (fields[0].equals("HOST") && fields.length == 8) {
        hosts.put(
            fields[1],
            new ProsodyHost(fields[2], fields[3], fields[4], fields[5], fields[6], fields[7]));
      } else if (fields[0].equals("GLOBAL") && fields.length == 3) {
        dataPath = fields[2];
      } else {
        unexpected.add(line);
      }
    }
    assertEquals(List.of(), unexpected, "unexpected output from Prosody's configmanager");
    return Optional.ofNullable(dataPath).orElseThrow();
  }
}
