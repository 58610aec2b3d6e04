package org.prosodyaccounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link ImportReader}: formats, detection and the line numbers of problems. */
class ImportReaderTest {

  private static List<ImportEntry> read(String text, Optional<ImportReader.Format> format) throws Exception {
    return ImportReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), format);
  }

  private static ImportException rejected(String text) {
    return assertThrows(ImportException.class, () -> read(text, Optional.empty()));
  }

  @Test
  void jsonLinesDetected() throws Exception {
    List<ImportEntry> entries =
        read("{\"jid\": \"jvb@auth.example.org\", \"password\": \"s\\u00e9cret\"}\r\n\n{\"password\": \"x\", \"jid\": \"a@b\"}\n", Optional.empty());

    assertEquals(2, entries.size());
    assertEquals(1, entries.get(0).line());
    assertEquals("jvb@auth.example.org", entries.get(0).jid());
    assertEquals("s\u00e9cret", entries.get(0).password());
    assertEquals(3, entries.get(1).line());
    assertEquals("a@b", entries.get(1).jid());
  }

  @Test
  void tabSeparatedKeepsPasswordAfterFirstTab() throws Exception {
    List<ImportEntry> entries = read("jvb@auth.example.org\tpass\tword {x}\nfocus@auth.example.org\t\n", Optional.empty());

    assertEquals("pass\tword {x}", entries.get(0).password());
    assertEquals("", entries.get(1).password());
    assertEquals(2, entries.get(1).line());
  }

  @Test
  void formatOptionOverridesDetection() throws Exception {
    List<ImportEntry> entries = read("{odd}@example.org\tpw\n", Optional.of(ImportReader.Format.TAB_SEPARATED));

    assertEquals("{odd}@example.org", entries.get(0).jid());
  }

  @Test
  void hashedKeysRead() throws Exception {
    ImportEntry entry =
        read("{\"jid\":\"a@b\",\"kind\":\"hashed\",\"iteration_count\":4096,\"created\":1,\"disabled\":true,"
            + "\"salt\":\"s\",\"stored_key\":\"aa\",\"server_key\":\"bb\"}\n", Optional.empty()).get(0);

    assertNull(entry.password());
    assertEquals(new ImportEntry.HashedKeys("s", 4096, "aa", "bb"), entry.keys());
  }

  @Test
  void problemsNameTheirLines() {
    ImportException thrown =
        rejected("{\"jid\": \"a@b\", \"password\": \"ok\"}\n"
            + "{\"jid\": \"a@b\", \"pasword\": \"typo\"}\n"
            + "{\"jid\": \"a@b\"}\n"
            + "{\"jid\": \"a@b\", \"password\": \"secret-value\"\n"
            + "[1]\n"
            + "{\"jid\": 5, \"password\": \"x\"}\n"
            + "{\"jid\": \"a@b\", \"password\": \"x\"} {}\n"
            + "{\"jid\": \"a@b\", \"password\": \"x\", \"salt\": \"s\"}\n"
            + "{\"jid\": \"a@b\", \"salt\": \"s\"}\n"
            + "{\"jid\": \"a@b\", \"jid\": \"c@d\", \"password\": \"x\"}\n");

    List<ImportProblem> problems = thrown.problems();
    assertEquals(List.of(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), problems.stream().map(ImportProblem::line).toList());
    assertTrue(problems.get(0).message().contains("unknown field \"pasword\""), problems.toString());
    assertTrue(problems.get(1).message().contains("no \"password\""), problems.toString());
    assertFalse(problems.get(2).message().contains("secret-value"), problems.toString());
    assertTrue(problems.get(3).message().contains("not a JSON object"), problems.toString());
    assertTrue(problems.get(4).message().contains("\"jid\" is not a string"), problems.toString());
    assertTrue(problems.get(5).message().contains("text after"), problems.toString());
    assertTrue(problems.get(6).message().contains("both"), problems.toString());
    assertTrue(problems.get(7).message().contains("need all of"), problems.toString());
  }

  @Test
  void tabLineWithoutTabRejected() {
    ImportException thrown = rejected("a@b\tx\nno-tab-here\n\tpw\n");

    assertEquals(List.of(2L, 3L), thrown.problems().stream().map(ImportProblem::line).toList());
  }

  @Test
  void invalidUtf8Rejected() {
    byte[] bytes = {'a', '@', 'b', '\t', (byte) 0xff, '\n'};

    ImportException thrown =
        assertThrows(ImportException.class, () -> ImportReader.read(new ByteArrayInputStream(bytes), Optional.empty()));

    assertTrue(thrown.getMessage().contains("UTF-8"), thrown.getMessage());
  }
}
