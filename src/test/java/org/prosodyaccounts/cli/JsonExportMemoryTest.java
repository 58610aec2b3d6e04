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
import org.prosodyaccounts.ExportMemoryTest;

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
    ExportMemoryTest.writeAccounts(data, ACCOUNTS);
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
