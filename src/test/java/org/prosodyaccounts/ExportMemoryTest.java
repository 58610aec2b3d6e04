package org.prosodyaccounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prosodyaccounts.auth.AuthSettings;

/**
 * Export of 20,000 accounts in a child JVM whose heap is 12 MiB. Holding all 20,000 records of
 * this test as Java objects needs about 17 MiB of heap (measured with OpenJDK 17 and the serial
 * collector). So the export only fits when it streams, which runs in 8 MiB.
 */
public class ExportMemoryTest {

  private static final int ACCOUNTS = 20_000;
  private static final String HOST = "example.org";

  @TempDir Path data;

  /** Exports {@code args[1]} of data directory {@code args[0]} with secrets to nowhere and prints the count. */
  public static void main(String[] args) throws Exception {
    HostAccounts accounts = ProsodyAccounts.open(Path.of(args[0])).host(args[1], AuthSettings.defaults());
    long count = accounts.exportAccounts(OutputStream.nullOutputStream(), true, (file, problem) -> {});
    System.out.println(count);
  }

  /** Writes {@code count} hashed account files of host example.org, each with its own salt and keys. */
  public static void writeAccounts(Path data, int count) throws IOException {
    Path folder = Files.createDirectories(data.resolve("example%2eorg/accounts"));
    for (int i = 0; i < count; i++) {
      String salt = String.format("%08d-0000-4000-8000-000000000000", i);
      String record =
          "return {\n\t[\"iteration_count\"] = 10000;\n\t[\"salt\"] = \"" + salt + "\";\n\t[\"server_key\"] = \""
              + "%040d".formatted(i) + "\";\n\t[\"stored_key\"] = \"" + "%040d".formatted(i + 1) + "\";\n};\n";
      Files.writeString(folder.resolve("user" + i + ".dat"), record, StandardCharsets.US_ASCII);
    }
  }

  @Test
  void exportStaysWithin12MiB() throws Exception {
    writeAccounts(data, ACCOUNTS);

    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(), "-Xmx12m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                ExportMemoryTest.class.getName(), data.toString(), HOST)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the export did not end in 120 s");

    assertEquals(0, process.exitValue(), output);
    assertEquals(Integer.toString(ACCOUNTS), output.strip());
  }
}
