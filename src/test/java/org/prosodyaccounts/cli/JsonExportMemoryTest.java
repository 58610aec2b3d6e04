package org.prosodyaccounts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --json} of 20,000 accounts in a child JVM whose heap is 12 MiB, as
 * ExportMemoryTest does for the library. Holding all 20,000 records as Java objects needs about
 * 17 MiB, so the command only passes when it streams the accounts into the document.
 */
class JsonExportMemoryTest {

  private static final int ACCOUNTS = 20_000;

  @TempDir Path root;

  @Test
  void exportJsonStaysWithin12MiB() throws Exception {
    Path data = root.resolve("data");
    Path folder = Files.createDirectories(data.resolve("example%2eorg/accounts"));
    for (int i = 0; i < ACCOUNTS; i++) {
      String salt = String.format("%08d-0000-4000-8000-000000000000", i);
      String record =
          "return {\n\t[\"iteration_count\"] = 10000;\n\t[\"salt\"] = \"" + salt + "\";\n\t[\"server_key\"] = \""
              + "%040d".formatted(i) + "\";\n\t[\"stored_key\"] = \"" + "%040d".formatted(i + 1) + "\";\n};\n";
      Files.writeString(folder.resolve("user" + i + ".dat"), record, StandardCharsets.US_ASCII);
    }
    Path output = root.resolve("export.json");

    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(), "-Xmx12m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--data-path", data.toString(), "--json", "export", "--with-secrets", "example.org")
            .redirectOutput(output.toFile())
            .redirectError(ProcessBuilder.Redirect.PIPE)
            .start();
    String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the export did not end in 120 s");

    assertEquals(0, process.exitValue(), errors);
    assertEquals(ACCOUNTS, countAccounts(output));
  }

  /** Counts the objects of the document's {@code result.accounts} and checks the document ends there. */
  private static int countAccounts(Path document) throws IOException {
    try (JsonParser parser = new JsonFactory().createParser(document.toFile())) {
      int count = 0;
      int depth = 0;
      boolean inAccounts = false;
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.FIELD_NAME && depth == 2 && parser.currentName().equals("accounts")) {
          inAccounts = true;
        } else if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          depth++;
          if (inAccounts && depth == 4 && token == JsonToken.START_OBJECT) {
            count++;
          }
        } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          depth--;
          if (depth == 2) {
            inAccounts = false;
          }
        }
      }
      assertEquals(0, depth, "the document is not closed");
      return count;
    }
  }
}
