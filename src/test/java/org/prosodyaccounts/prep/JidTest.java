package org.prosodyaccounts.prep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JidTest {

  // ---- parse: util.jid.split ----

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          user@host            | user     | host        | -
          host                 | -        | host        | -
          user@host/res        | user     | host        | res
          host/res             | -        | host        | res
          u@h/r/s@t            | u        | h           | r/s@t
          a/b@c                | -        | a           | b@c
          Bad User@Host.       | Bad User | Host.       | -
          u@.                  | u        | .           | -
          """)
  void parseSplitsLikeProsody(String jid, String node, String host, String resource)
      throws Exception {
    Jid parsed = Jid.parse(jid);
    assertEquals(node, parsed.node());
    assertEquals(host, parsed.host());
    assertEquals(resource, parsed.resource());
    assertEquals(jid, parsed.toString());
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"", "a@b@h", "@h", "u@", "h/", "u@/r", "/r", "u@h@", "@"})
  void parseRejectsMalformed(String jid) {
    InvalidJidException e = assertThrows(InvalidJidException.class, () -> Jid.parse(jid));
    assertEquals(InvalidJidException.Reason.MALFORMED, e.reason());
    assertEquals(Optional.empty(), e.prepFailure());
  }

  @Test
  void parseDoesNotPrep() throws Exception {
    Jid jid = Jid.parse("Bad User@H");
    assertEquals("Bad User", jid.node());
    assertEquals("H", jid.host());
  }

  // ---- parsePrepped: util.jid.prepped_split ----

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          FOCUS@Auth.MEET.EXAMPLE.ORG.          | focus@auth.meet.example.org
          Stra\u00DFe@meet.example.org          | strasse@meet.example.org
          \u00C9lodie@meet.example.org          | \u00E9lodie@meet.example.org
          John.Doe-X_Y@meet.example.org         | john.doe-x_y@meet.example.org
          Auth.Meet.Example.Org                 | auth.meet.example.org
          u@H/Phone Home                        | u@h/Phone Home
          u@..                                  | u@.
          """)
  void parsePreppedNormalizes(String typed, String expected) throws Exception {
    assertEquals(expected, Jid.parsePrepped(typed).toString());
  }

  @Test
  void parsePreppedAllowsUnassignedInNode() throws Exception {
    assertEquals("x\uD83D\uDE00@h", Jid.parsePrepped("X\uD83D\uDE00@H").toString());
  }

  @Test
  void parsePreppedHostOnlyHasNoNode() throws Exception {
    Jid jid = Jid.parsePrepped("Hashed.Test");
    assertEquals(Optional.empty(), jid.optionalNode());
    assertNull(jid.node());
    assertEquals("hashed.test", jid.host());
  }

  @Test
  void parsePreppedRejectsSpaceInNode() {
    InvalidJidException e =
        assertThrows(InvalidJidException.class, () -> Jid.parsePrepped("bad user@h"));
    assertEquals(InvalidJidException.Reason.INVALID_NODE, e.reason());
    assertEquals(PrepException.Reason.PROHIBITED, e.prepFailure().orElseThrow().reason());
    assertTrue(e.getMessage().contains("bad user"), e.getMessage());
  }

  @Test
  void parsePreppedRejectsTwoAtSigns() {
    InvalidJidException e =
        assertThrows(InvalidJidException.class, () -> Jid.parsePrepped("a@b@h"));
    assertEquals(InvalidJidException.Reason.MALFORMED, e.reason());
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"u@.", "."})
  void parsePreppedRejectsRootHost(String jid) {
    InvalidJidException e = assertThrows(InvalidJidException.class, () -> Jid.parsePrepped(jid));
    assertEquals(InvalidJidException.Reason.INVALID_HOST, e.reason());
  }

  @Test
  void parsePreppedRejectsEmptyHost() {
    InvalidJidException e =
        assertThrows(InvalidJidException.class, () -> Jid.parsePrepped("user@"));
    assertEquals(InvalidJidException.Reason.MALFORMED, e.reason());
  }

  @Test
  void parsePreppedRejectsHostEmptyAfterNameprep() {
    InvalidJidException e =
        assertThrows(InvalidJidException.class, () -> Jid.parsePrepped("u@\u00AD"));
    assertEquals(InvalidJidException.Reason.INVALID_HOST, e.reason());
  }

  @Test
  void parsePreppedRejectsHostMappedToSlash() {
    // Nameprep maps U+FF0F FULLWIDTH SOLIDUS to '/'.
    InvalidJidException e =
        assertThrows(InvalidJidException.class, () -> Jid.parsePrepped("u@a\uFF0Fb"));
    assertEquals(InvalidJidException.Reason.INVALID_HOST, e.reason());
  }

  @Test
  void parsePreppedRejectsNodeEmptyAfterNodeprep() {
    InvalidJidException e =
        assertThrows(InvalidJidException.class, () -> Jid.parsePrepped("\u00AD@h"));
    assertEquals(InvalidJidException.Reason.INVALID_NODE, e.reason());
  }

  @Test
  void parsePreppedRejectsBadResource() {
    InvalidJidException e =
        assertThrows(InvalidJidException.class, () -> Jid.parsePrepped("u@h/a\u0007b"));
    assertEquals(InvalidJidException.Reason.INVALID_RESOURCE, e.reason());
  }

  @Test
  void parsePreppedChecksHostBeforeNode() {
    InvalidJidException e =
        assertThrows(InvalidJidException.class, () -> Jid.parsePrepped("bad user@a\u2028b"));
    assertEquals(InvalidJidException.Reason.INVALID_HOST, e.reason());
  }

  @Test
  void parsePreppedLimitsNodeTo1023Bytes() throws Exception {
    assertEquals(1023, Jid.parsePrepped("a".repeat(1023) + "@h").node().length());
    InvalidJidException e =
        assertThrows(InvalidJidException.class, () -> Jid.parsePrepped("a".repeat(1024) + "@h"));
    assertEquals(InvalidJidException.Reason.INVALID_NODE, e.reason());
    assertEquals(PrepException.Reason.TOO_LONG, e.prepFailure().orElseThrow().reason());
  }

  @Test
  void parsePreppedStripsDotBeforeHostLimit() throws Exception {
    String host = "h".repeat(1023);
    assertEquals(host, Jid.parsePrepped("u@" + host + ".").host());
    InvalidJidException e =
        assertThrows(InvalidJidException.class, () -> Jid.parsePrepped("u@" + host + "h"));
    assertEquals(InvalidJidException.Reason.INVALID_HOST, e.reason());
  }

  // ---- prepareHost and prepareNode ----

  @Test
  void prepareHostStripsOneTrailingDot() throws Exception {
    assertEquals("upper.test", Jid.prepareHost("Upper.Test."));
    assertEquals("upper.test.", Jid.prepareHost("Upper.Test.."));
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"", ".", "a@b", "a/b"})
  void prepareHostRejects(String host) {
    InvalidJidException e = assertThrows(InvalidJidException.class, () -> Jid.prepareHost(host));
    assertEquals(InvalidJidException.Reason.INVALID_HOST, e.reason());
  }

  @Test
  void prepareNodeStrictRejectsEmoji() throws Exception {
    assertEquals("\uD83D\uDE00", Jid.prepareNode("\uD83D\uDE00", false));
    InvalidJidException e =
        assertThrows(InvalidJidException.class, () -> Jid.prepareNode("\uD83D\uDE00", true));
    assertEquals(InvalidJidException.Reason.INVALID_NODE, e.reason());
    assertEquals(PrepException.Reason.UNASSIGNED, e.prepFailure().orElseThrow().reason());
  }

  @Test
  void prepareNodeRejectsEmpty() {
    InvalidJidException e =
        assertThrows(InvalidJidException.class, () -> Jid.prepareNode("", false));
    assertEquals(InvalidJidException.Reason.INVALID_NODE, e.reason());
  }

  // ---- record ----

  @Test
  void constructorRejectsBrokenParts() {
    assertThrows(NullPointerException.class, () -> new Jid("u", null, null));
    assertThrows(IllegalArgumentException.class, () -> new Jid("u", "", null));
    assertThrows(IllegalArgumentException.class, () -> new Jid("u", "h/x", null));
    assertThrows(IllegalArgumentException.class, () -> new Jid("a@b", "h", null));
    assertThrows(IllegalArgumentException.class, () -> new Jid("", "h", null));
    assertThrows(IllegalArgumentException.class, () -> new Jid("u", "h", ""));
  }

  @Test
  void bareDropsResource() throws Exception {
    Jid full = Jid.parse("u@h/r");
    assertEquals("u@h", full.bare().toString());
    assertEquals(Optional.of("r"), full.optionalResource());
    Jid bare = Jid.parse("u@h");
    assertSame(bare, bare.bare());
    assertFalse(bare.optionalResource().isPresent());
  }
}
