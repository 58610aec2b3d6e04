package org.prosodyaccounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.prosodyaccounts.auth.AuthProvider;
import org.prosodyaccounts.auth.AuthSettings;
import org.prosodyaccounts.auth.HashAlgorithm;
import org.prosodyaccounts.auth.Verification;

/**
 * The accounts that real Prosody 0.12.3 and 13.0.1 wrote, with their known passwords, read and
 * verified through the public API.
 */
class FixtureAccountsTest {

  private static final Path TESTDATA = Path.of("testdata");

  /** One row of testdata/PASSWORDS.tsv. */
  record Row(String version, String jid, String password, String hash, String note) {

    String user() {
      return jid.substring(0, jid.indexOf('@'));
    }

    String host() {
      return jid.substring(jid.indexOf('@') + 1);
    }

    Path dataPath() {
      return TESTDATA.resolve(version.equals("13") ? "prosody-13/data" : "prosody-0.12/data");
    }

    boolean deleted() {
      return note.contains("NO account file") || note.contains("NO files left");
    }

    AuthSettings settings() {
      return switch (hash) {
        case "plain" -> new AuthSettings(AuthProvider.INTERNAL_PLAIN, HashAlgorithm.SHA_1, 10000);
        case "SHA-256" -> new AuthSettings(AuthProvider.INTERNAL_HASHED, HashAlgorithm.SHA_256, 10000);
        default -> new AuthSettings(AuthProvider.INTERNAL_HASHED, HashAlgorithm.SHA_1, 10000);
      };
    }

    @Override
    public String toString() {
      return version + " " + jid;
    }
  }

  static List<Row> rows() throws IOException {
    List<Row> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(TESTDATA.resolve("PASSWORDS.tsv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] fields = line.split("\t", -1);
      rows.add(new Row(fields[0], fields[1], JsonString.parse(fields[3]), fields[4], fields[5]));
    }
    return rows;
  }

  static Stream<Row> existingRows() throws IOException {
    return rows().stream().filter(row -> !row.deleted());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("existingRows")
  void knownPasswordVerifies(Row row) throws Exception {
    HostAccounts host = ProsodyAccounts.open(row.dataPath()).host(row.host(), row.settings());
    boolean disabled = row.note().contains("disabled = true");

    Verification right = host.verify(row.user(), row.password());
    Verification wrong = host.verify(row.user(), row.password() + "!");

    assertEquals(disabled ? Verification.DISABLED : Verification.MATCH, right);
    assertEquals(disabled ? Verification.DISABLED : Verification.MISMATCH, wrong);
    assertTrue(host.exists(row.user()));
    assertTrue(host.list().users().contains(row.user()), host.list().toString());
  }

  @Test
  void deletedAccountsHaveNoFile() throws Exception {
    List<Row> deleted = rows().stream().filter(Row::deleted).toList();

    assertEquals(2, deleted.size(), deleted.toString());
    for (Row row : deleted) {
      HostAccounts host = ProsodyAccounts.open(row.dataPath()).host(row.host(), row.settings());
      assertFalse(host.exists(row.user()), row.toString());
    }
  }

  @Test
  void prosodyJudgeAgreesOnFixtures() throws Exception {
    ProsodyJudge.assumeAvailable();
    for (String version : List.of("0.12", "13")) {
      List<Row> rows = existingRows().filter(row -> row.version().equals(version)).toList();
      List<ProsodyJudge.Case> cases = new ArrayList<>();
      for (Row row : rows) {
        cases.add(new ProsodyJudge.Case(row.host(), row.user(), row.hash(), row.password()));
      }

      List<ProsodyJudge.Verdict> verdicts = ProsodyJudge.check(rows.get(0).dataPath().toAbsolutePath(), cases);

      for (int i = 0; i < rows.size(); i++) {
        String expected = rows.get(i).note().contains("disabled = true") ? "DISABLED" : "OK";
        assertEquals(expected, verdicts.get(i).status(), rows.get(i).toString());
      }
    }
  }

  /** Decodes the JSON string literals of PASSWORDS.tsv: escapes {@code \" \\ \/ \b \f \n \r \t \\uXXXX}. */
  static final class JsonString {

    private static final Map<Character, Character> ESCAPES =
        Map.of('"', '"', '\\', '\\', '/', '/', 'b', '\b', 'f', '\f', 'n', '\n', 'r', '\r', 't', '\t');

    static String parse(String literal) {
      StringBuilder out = new StringBuilder();
      for (int i = 1; i < literal.length() - 1; i++) {
        char c = literal.charAt(i);
        if (c != '\\') {
          out.append(c);
        } else if (literal.charAt(i + 1) == 'u') {
          out.append((char) Integer.parseInt(literal.substring(i + 2, i + 6), 16));
          i += 5;
        } else {
          out.append(ESCAPES.get(literal.charAt(++i)));
        }
      }
      return out.toString();
    }
  }
}
