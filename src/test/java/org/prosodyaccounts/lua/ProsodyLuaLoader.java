package org.prosodyaccounts.lua;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Test helper that loads data files and serializes values with real Prosody: its own {@code
 * util.envload} and {@code util.serialization} under {@code lua5.4}. Many requests go to one
 * {@code lua5.4} process, so a batch of thousands takes well under a second.
 *
 * <p>Files load exactly as Prosody's {@code datamanager} loads them: {@code envloadfile(path, {})}
 * then {@code pcall} for {@code .dat} files, and an environment holding only {@code item} for
 * {@code .list} files. So only trusted files may be given: a file with an endless loop would hang
 * until the timeout.
 */
final class ProsodyLuaLoader {

  /** The Lua 5.4 interpreter; the system property {@code prosody.lua} overrides it. */
  static final Path LUA = Path.of(System.getProperty("prosody.lua", "/usr/bin/lua5.4"));

  /** Prosody's module directory; the system property {@code prosody.dir} overrides it. */
  static final Path PROSODY_DIR = Path.of(System.getProperty("prosody.dir", "/usr/lib/prosody"));

  static final String REQUIRE_VARIABLE = "PROSODY_ACCOUNTS_REQUIRE_PROSODY";

  private static final long TIMEOUT_SECONDS = 60;

  /** What Prosody's loader returned for a {@code .dat} file: a value, nothing, or an error. */
  record ChunkLoad(Optional<LuaData> value, Optional<String> error) {}

  /** What Prosody's list loader returned for a {@code .list} file: the items or an error. */
  record ListLoad(List<LuaData> items, Optional<String> error) {}

  private ProsodyLuaLoader() {}

  /** Returns whether {@code lua5.4} and Prosody's modules are installed here. */
  static boolean isAvailable() {
    return Files.isExecutable(LUA)
        && Files.isRegularFile(PROSODY_DIR.resolve("util/envload.lua"))
        && Files.isRegularFile(PROSODY_DIR.resolve("util/serialization.lua"));
  }

  /**
   * Skips the calling test when Prosody is missing, or fails it when the environment variable
   * {@value #REQUIRE_VARIABLE} is {@code 1}.
   */
  static void assumeAvailable() {
    if (isAvailable()) {
      return;
    }
    String message =
        "real Prosody is needed for this check but "
            + LUA
            + " or "
            + PROSODY_DIR.resolve("util/envload.lua")
            + " is missing; install it with: apt-get install prosody lua5.4";
    if ("1".equals(System.getenv(REQUIRE_VARIABLE))) {
      fail(message + " (" + REQUIRE_VARIABLE + "=1 makes this a failure)");
    }
    assumeTrue(false, message);
  }

  /** Loads each {@code .dat} file as Prosody's {@code datamanager.load} does. */
  static List<ChunkLoad> loadChunks(List<Path> files) throws IOException, InterruptedException {
    ByteArrayOutputStream requests = new ByteArrayOutputStream();
    for (Path file : files) {
      LuaDump.writeAscii(requests, "Ld");
      LuaDump.writeString(
          requests, file.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
    }
    LuaDump.Parser responses = run(requests.toByteArray());
    List<ChunkLoad> results = new ArrayList<>();
    for (int k = 0; k < files.size(); k++) {
      char tag = responses.next();
      if (tag == 'V') {
        results.add(new ChunkLoad(responses.value(), Optional.empty()));
      } else {
        results.add(new ChunkLoad(Optional.empty(), Optional.of(error(tag, responses))));
      }
    }
    return results;
  }

  /** Loads each {@code .list} file as Prosody's {@code datamanager.list_load} does. */
  static List<ListLoad> loadLists(List<Path> files) throws IOException, InterruptedException {
    ByteArrayOutputStream requests = new ByteArrayOutputStream();
    for (Path file : files) {
      LuaDump.writeAscii(requests, "Ll");
      LuaDump.writeString(
          requests, file.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
    }
    LuaDump.Parser responses = run(requests.toByteArray());
    List<ListLoad> results = new ArrayList<>();
    for (int k = 0; k < files.size(); k++) {
      if (responses.peek() == 'l') {
        results.add(new ListLoad(responses.list(), Optional.empty()));
      } else {
        results.add(new ListLoad(List.of(), Optional.of(error(responses.next(), responses))));
      }
    }
    return results;
  }

  /**
   * Returns the {@code .dat} file content that Prosody's {@code datamanager.store} writes for each
   * value: {@code "return " .. serialize(value) .. ";\n"}.
   */
  static List<byte[]> serializeWithProsody(List<LuaData> values)
      throws IOException, InterruptedException {
    ByteArrayOutputStream requests = new ByteArrayOutputStream();
    for (LuaData value : values) {
      requests.write('S');
      LuaDump.write(value, requests);
    }
    LuaDump.Parser responses = run(requests.toByteArray());
    List<byte[]> results = new ArrayList<>();
    for (int k = 0; k < values.size(); k++) {
      char tag = responses.next();
      if (tag != 's') {
        throw new IllegalStateException(
            "Prosody could not serialize value " + k + ": " + error(tag, responses));
      }
      results.add(responses.stringBody());
    }
    return results;
  }

  /**
   * Loads each {@code .dat} file as {@link #loadChunks} does and serializes the value again with
   * Prosody's serializer, as Prosody does when it loads a record, changes nothing and stores it.
   *
   * @return per file, the new file content, or the error of the load or the serializer
   */
  static List<Reserialized> reserializeWithProsody(List<Path> files) throws IOException, InterruptedException {
    ByteArrayOutputStream requests = new ByteArrayOutputStream();
    for (Path file : files) {
      requests.write('R');
      LuaDump.writeString(requests, file.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
    }
    LuaDump.Parser responses = run(requests.toByteArray());
    List<Reserialized> results = new ArrayList<>();
    for (int k = 0; k < files.size(); k++) {
      char tag = responses.next();
      if (tag == 's') {
        results.add(new Reserialized(Optional.of(responses.stringBody()), Optional.empty()));
      } else {
        results.add(new Reserialized(Optional.empty(), Optional.of(error(tag, responses))));
      }
    }
    return results;
  }

  /** What Prosody wrote back for a {@code .dat} file it loaded: the new content or an error. */
  record Reserialized(Optional<byte[]> content, Optional<String> error) {}

  /** Returns each number as Lua's {@code string.format("%.18g", value)} prints it. */
  static List<String> formatWithLua(List<Double> values) throws IOException, InterruptedException {
    ByteArrayOutputStream requests = new ByteArrayOutputStream();
    for (double value : values) {
      requests.write('G');
      LuaDump.write(LuaFloat.of(value), requests);
    }
    LuaDump.Parser responses = run(requests.toByteArray());
    List<String> results = new ArrayList<>();
    for (int k = 0; k < values.size(); k++) {
      responses.next();
      results.add(new String(responses.stringBody(), StandardCharsets.US_ASCII));
    }
    return results;
  }

  private static String error(char tag, LuaDump.Parser responses) {
    if (tag != 'E') {
      throw new IllegalStateException("unexpected response tag '" + tag + "'");
    }
    responses.next();
    return new String(responses.stringBody(), StandardCharsets.UTF_8);
  }

  private static LuaDump.Parser run(byte[] requests) throws IOException, InterruptedException {
    Path work = Files.createTempDirectory("prosody-lua-loader");
    try {
      Path script = work.resolve("prosody_loader.lua");
      try (InputStream resource =
          ProsodyLuaLoader.class.getResourceAsStream("prosody_loader.lua")) {
        if (resource == null) {
          throw new IOException("test resource prosody_loader.lua is missing");
        }
        Files.copy(resource, script);
      }
      Path input = Files.write(work.resolve("requests"), requests);
      Path output = work.resolve("responses");
      Path errors = work.resolve("errors");

      Process process =
          new ProcessBuilder(LUA.toString(), script.toString(), PROSODY_DIR.toString())
              .redirectInput(input.toFile())
              .redirectOutput(output.toFile())
              .redirectError(errors.toFile())
              .start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("lua5.4 did not finish within " + TIMEOUT_SECONDS + " s");
      }
      if (process.exitValue() != 0) {
        throw new IOException(
            "lua5.4 exited with "
                + process.exitValue()
                + ": "
                + Files.readString(errors, StandardCharsets.UTF_8));
      }
      return new LuaDump.Parser(Files.readAllBytes(output));
    } finally {
      deleteRecursively(work);
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    try (var paths = Files.walk(directory)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
