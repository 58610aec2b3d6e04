package org.prosodyaccounts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the input of an import: JSON Lines, one object per line such as
 * {@code {"jid": "jvb@auth.meet.example.org", "password": "secret"}}, or tab-separated lines
 * {@code jid<TAB>password}. Blank lines are skipped and a carriage return before the line feed is
 * removed. The input must be UTF-8.
 *
 * <p>A JSON object contains {@code jid} and either {@code password} or the four SCRAM fields
 * {@code salt}, {@code iteration_count}, {@code stored_key} and {@code server_key}, as
 * {@code export --with-secrets} writes them. The fields {@code kind}, {@code created},
 * {@code updated} and {@code disabled} that {@code export} also writes are accepted and ignored;
 * any other field is an error, so that a misspelled {@code password} is not taken for a missing
 * one. In the tab-separated format the password is everything after the first tab.
 */
public final class ImportReader {

  /** The input formats. */
  public enum Format {
    /** One JSON object per line. */
    JSON_LINES,
    /** {@code jid<TAB>password} per line. */
    TAB_SEPARATED;

    /**
     * Parses a format name: {@code jsonl} (or {@code json}) or {@code tsv}.
     *
     * @return the format, or empty for an unknown name
     */
    public static Optional<Format> fromName(String name) {
      switch (name.toLowerCase(Locale.ROOT)) {
        case "jsonl":
        case "json":
          return Optional.of(JSON_LINES);
        case "tsv":
          return Optional.of(TAB_SEPARATED);
        default:
          return Optional.empty();
      }
    }
  }

  /** The maximum number of problems listed; reading goes on past it and counts the rest. */
  static final int MAX_PROBLEMS = 100;

  private static final Set<String> IGNORED_FIELDS = Set.of("kind", "created", "updated", "disabled");

  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private ImportReader() {}

  /**
   * Reads every entry of {@code input}.
   *
   * @param format the format, or empty to detect it from the first non-blank line: JSON Lines when
   *     it starts with <code>{</code>, else tab-separated
   * @throws ImportException with the line number and reason of each line that cannot be parsed
   *     (at most {@value #MAX_PROBLEMS} of them). Each line is parsed on its own, so reading goes
   *     on after an invalid line, and {@link ImportException#readEntries()} returns the entries of
   *     the other lines, for {@link BulkImport#withEntryProblems}.
   * @throws IOException if the input cannot be read
   */
  public static List<ImportEntry> read(InputStream input, Optional<Format> format)
      throws ImportException, IOException {
    BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                input,
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)));
    List<ImportEntry> entries = new ArrayList<>();
    Problems problems = new Problems();
    Format chosen = format.orElse(null);
    long lineNumber = 0;
    while (true) {
      String line;
      try {
        line = reader.readLine();
      } catch (CharacterCodingException e) {
        problems.add(lineNumber + 1, "the input is not valid UTF-8 at or after this line");
        break;
      }
      if (line == null) {
        break;
      }
      lineNumber++;
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.isBlank()) {
        continue;
      }
      if (chosen == null) {
        chosen = line.stripLeading().startsWith("{") ? Format.JSON_LINES : Format.TAB_SEPARATED;
      }
      try {
        entries.add(chosen == Format.JSON_LINES ? parseJson(lineNumber, line) : parseTab(lineNumber, line));
      } catch (InvalidLine e) {
        problems.add(lineNumber, e.getMessage());
      }
    }
    problems.throwIfAny(entries);
    return entries;
  }

  private static ImportEntry parseTab(long lineNumber, String line) throws InvalidLine {
    int tab = line.indexOf('\t');
    if (tab < 0) {
      throw new InvalidLine("no tab: a tab-separated line is jid<TAB>password");
    }
    String jid = line.substring(0, tab);
    if (jid.isEmpty()) {
      throw new InvalidLine("the JID before the tab is empty");
    }
    return ImportEntry.withPassword(lineNumber, jid, line.substring(tab + 1));
  }

  private static ImportEntry parseJson(long lineNumber, String line) throws InvalidLine {
    String jid = null;
    String password = null;
    String salt = null;
    Long iterations = null;
    String storedKey = null;
    String serverKey = null;
    try (JsonParser parser = JSON.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidLine("not a JSON object: each line must contain one object such as {\"jid\": \"user@host\", \"password\": \"...\"}");
      }
      for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "jid":
            jid = text(parser, value, field);
            break;
          case "password":
            password = text(parser, value, field);
            break;
          case "salt":
            salt = text(parser, value, field);
            break;
          case "stored_key":
            storedKey = text(parser, value, field);
            break;
          case "server_key":
            serverKey = text(parser, value, field);
            break;
          case "iteration_count":
            if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
              throw new InvalidLine("iteration_count is not a whole number");
            }
            iterations = parser.getLongValue();
            break;
          default:
            if (!IGNORED_FIELDS.contains(field)) {
              throw new InvalidLine("unknown field \"" + field + "\": the fields are jid and password, or jid, salt,"
                  + " iteration_count, stored_key and server_key");
            }
            parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw new InvalidLine("text after the JSON object: give one object per line");
      }
    } catch (JsonProcessingException e) {
      // The parser's own message may quote the line, which may contain a password.
      throw new InvalidLine("invalid JSON at column " + e.getLocation().getColumnNr());
    } catch (IOException e) {
      throw new InvalidLine("invalid JSON: " + e.getClass().getSimpleName());
    }

    if (jid == null) {
      throw new InvalidLine("no \"jid\" field");
    }
    boolean anyKey = salt != null || iterations != null || storedKey != null || serverKey != null;
    if (password != null && anyKey) {
      throw new InvalidLine("both a password and hashed keys: give one of them");
    }
    if (password != null) {
      return ImportEntry.withPassword(lineNumber, jid, password);
    }
    if (!anyKey) {
      throw new InvalidLine("no \"password\" field (an export without --with-secrets has no passwords to import)");
    }
    if (salt == null || iterations == null || storedKey == null || serverKey == null) {
      throw new InvalidLine("hashed keys need all of salt, iteration_count, stored_key and server_key");
    }
    return ImportEntry.withKeys(lineNumber, jid, new ImportEntry.HashedKeys(salt, iterations, storedKey, serverKey));
  }

  private static String text(JsonParser parser, JsonToken value, String field) throws IOException, InvalidLine {
    if (value != JsonToken.VALUE_STRING) {
      throw new InvalidLine("\"" + field + "\" is not a string");
    }
    return parser.getText();
  }

  /** An invalid input line; the message never contains the line's text. */
  private static final class InvalidLine extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidLine(String message) {
      super(message, null, false, false);
    }
  }

  /** Collects problems, added in line order, up to {@link #MAX_PROBLEMS} and counts the rest. */
  static final class Problems {
    private final List<ImportProblem> list = new ArrayList<>();
    private long omitted;

    void add(long line, String message) {
      add(new ImportProblem(line, message));
    }

    private void add(ImportProblem problem) {
      if (list.size() < MAX_PROBLEMS) {
        list.add(problem);
      } else {
        omitted++;
      }
    }

    boolean isEmpty() {
      return list.isEmpty();
    }

    /**
     * Returns the problems of two collectors in line order. The listed problems of the result are
     * the first {@link #MAX_PROBLEMS} of both together, because each collector left out only
     * problems after its own last listed line.
     */
    static Problems merge(Problems first, Problems second) {
      Problems merged = new Problems();
      int i = 0;
      int j = 0;
      while (i < first.list.size() || j < second.list.size()) {
        boolean takeFirst =
            j == second.list.size() || (i < first.list.size() && first.list.get(i).line() <= second.list.get(j).line());
        merged.add(takeFirst ? first.list.get(i++) : second.list.get(j++));
      }
      merged.omitted += first.omitted + second.omitted;
      return merged;
    }

    void throwIfAny() throws ImportException {
      throwIfAny(List.of());
    }

    /** Throws with the problems and {@code readEntries}, the entries of the lines without one. */
    void throwIfAny(List<ImportEntry> readEntries) throws ImportException {
      if (!list.isEmpty()) {
        throw toException(readEntries);
      }
    }

    /** Counts {@code count} more problems that were found elsewhere and not listed. */
    void addOmitted(long count) {
      omitted += count;
    }

    /** Returns an exception with the problems, of which there must be at least one. */
    ImportException toException(List<ImportEntry> readEntries) {
      return new ImportException(list, omitted, readEntries);
    }
  }
}
