package org.prosodyaccounts.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test fixture helper: reads {@code testdata/PASSWORDS.tsv}, the known passwords of the accounts in
 * the real Prosody data directories under {@code testdata}.
 */
final class PasswordsFixture {

  static final Path TESTDATA = Path.of("testdata");

  private static final Pattern FILE_IN_NOTE =
      Pattern.compile("(prosody-(?:0\\.12|13)/data/[^ ;]+\\.dat)");

  /**
   * One row of the file.
   *
   * @param version the Prosody version that wrote the file: {@code 0.12} or {@code 13}
   * @param jid the JID after prepping, as stored
   * @param jidAsTyped the JID as given to prosodyctl
   * @param password the password, decoded from its JSON string literal
   * @param hash {@code plain}, {@code SHA-1} or {@code SHA-256}
   * @param file the account file, which no longer exists for deleted accounts
   */
  record Row(
      String version,
      String jid,
      String jidAsTyped,
      String password,
      String hash,
      Path file,
      String note) {

    AuthSettings settings() {
      if (hash.equals("plain")) {
        return new AuthSettings(
            AuthProvider.INTERNAL_PLAIN, HashAlgorithm.SHA_1, Scram.DEFAULT_ITERATIONS);
      }
      return new AuthSettings(
          AuthProvider.INTERNAL_HASHED,
          HashAlgorithm.fromConfigName(hash).orElseThrow(),
          Scram.DEFAULT_ITERATIONS);
    }

    /** Returns a short name for test reports, without the password. */
    @Override
    public String toString() {
      return version + " " + jid + " (" + hash + ")";
    }
  }

  private PasswordsFixture() {}

  static List<Row> rows() {
    List<String> lines;
    try {
      lines = Files.readAllLines(TESTDATA.resolve("PASSWORDS.tsv"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!lines.get(0).equals("version\tjid\tjid_as_typed\tpassword_json\thash\tnote")) {
      throw new IllegalStateException("unexpected header: " + lines.get(0));
    }
    List<Row> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] columns = line.split("\t", -1);
      if (columns.length != 6) {
        throw new IllegalStateException("expected 6 columns: " + line);
      }
      Matcher file = FILE_IN_NOTE.matcher(columns[5]);
      if (!file.find()) {
        throw new IllegalStateException("no account file in note: " + columns[5]);
      }
      rows.add(
          new Row(
              columns[0],
              columns[1],
              columns[2],
              decodeJsonString(columns[3]),
              columns[4],
              TESTDATA.resolve(file.group(1)),
              columns[5]));
    }
    return rows;
  }

  /** Decodes a JSON string literal, including {@code \\uXXXX} escapes. */
  static String decodeJsonString(String literal) {
    if (literal.length() < 2 || literal.charAt(0) != '"' || !literal.endsWith("\"")) {
      throw new IllegalArgumentException("not a JSON string: " + literal);
    }
    StringBuilder text = new StringBuilder();
    for (int i = 1; i < literal.length() - 1; i++) {
      char c = literal.charAt(i);
      if (c != '\\') {
        text.append(c);
        continue;
      }
      char next = literal.charAt(++i);
      switch (next) {
        case '"', '\\', '/' -> text.append(next);
        case 'b' -> text.append('\b');
        case 'f' -> text.append('\f');
        case 'n' -> text.append('\n');
        case 'r' -> text.append('\r');
        case 't' -> text.append('\t');
        case 'u' -> {
          text.append((char) Integer.parseInt(literal.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> throw new IllegalArgumentException("invalid JSON escape \\" + next);
      }
    }
    return text.toString();
  }
}
