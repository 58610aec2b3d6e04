package org.prosodyaccounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.prosodyaccounts.auth.AuthSettings;
import org.prosodyaccounts.reliability.TreeSnapshot;

/**
 * Each rule that {@link Manifest#read} and {@link ProsodyAccounts#apply} check before writing: the
 * problem names the item's JSON path, JID and line:column, never shows a password, and the data
 * directory is left byte for byte as it was.
 */
class ManifestTest {

  private static final String AUTH = "auth.meet.example.org";

  @TempDir Path root;
  private Path data;
  private Path secrets;

  @BeforeEach
  void createDataDirectory() throws Exception {
    data = Files.createDirectory(root.resolve("data"));
    secrets = Files.createDirectory(root.resolve("secrets"));
    Files.writeString(secrets.resolve("focus"), "focus-secret\n");
    ProsodyAccounts.open(data).host(AUTH, AuthSettings.defaults()).register("existing", "existing-secret");
  }

  /** Reads and applies {@code json}, expects a rejection and checks that nothing was written. */
  private ManifestException rejected(String json, Map<String, String> environment, String stdin) throws Exception {
    Path file = Files.writeString(root.resolve("manifest.json"), json);
    Map<String, String> before = TreeSnapshot.of(data);
    ManifestException e =
        assertThrows(
            ManifestException.class,
            () -> {
              Manifest manifest =
                  Manifest.read(file, environment, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
              ProsodyAccounts.open(data).apply(manifest, host -> AuthSettings.defaults());
            });
    assertEquals(before, TreeSnapshot.of(data), "the data directory changed");
    return e;
  }

  private ManifestException rejected(String json) throws Exception {
    return rejected(json, Map.of(), "");
  }

  private static ManifestProblem only(ManifestException e) {
    assertEquals(1, e.problems().size(), e.problems().toString());
    return e.problems().get(0);
  }

  private static void assertProblem(
      ManifestProblem problem, String path, String jid, int line, int column, String messagePart) {
    assertEquals(path, problem.path(), problem.toString());
    assertEquals(jid, problem.jid(), problem.toString());
    assertEquals(line, problem.line(), problem.toString());
    assertEquals(column, problem.column(), problem.toString());
    assertTrue(problem.message().contains(messagePart), problem.toString());
  }

  private static String account(String user, String password) {
    return "{\"hosts\": [{\"host\": \"" + AUTH + "\", \"accounts\": [\n"
        + "{\"user\": \"" + user + "\", \"password\": " + password + "}\n"
        + "]}]}";
  }

  @Test
  void syntaxErrorHasPositionWithoutText() throws Exception {
    ManifestException e = rejected("{\"hosts\": [\n{\"host\": \"a.org\", \"accounts\": [{\"user\": \"x\","
        + " \"password\": {\"file\": hunter2}}]}]}");

    ManifestProblem problem = only(e);
    assertEquals(ManifestProblem.Kind.SCHEMA, problem.kind());
    assertEquals(2, problem.line());
    assertTrue(problem.column() > 50, problem.toString());
    assertTrue(problem.message().startsWith("invalid JSON"), problem.toString());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void duplicateFieldIsSyntaxError() throws Exception {
    ManifestProblem problem = only(rejected("{\"hosts\": [], \"hosts\": []}"));

    assertEquals(ManifestProblem.Kind.SCHEMA, problem.kind());
    assertTrue(problem.message().contains("a field appears twice"), problem.toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "top level | {\"hosts\": [], \"extra\": 1} | extra | 1 | 15",
        "host | {\"hosts\": [{\"host\": \"a.org\", \"purge\": true}]} | hosts[0].purge | 1 | 30",
        "account | {\"hosts\": [{\"host\": \"a.org\", \"accounts\": [{\"user\": \"x\", \"password\": {\"env\": \"X\"}, \"rol\": \"r\"}]}]} | hosts[0].accounts[0].rol | 1 | 83",
        "password source | {\"hosts\": [{\"host\": \"a.org\", \"accounts\": [{\"user\": \"x\", \"password\": {\"path\": \"f\"}}]}]} | hosts[0].accounts[0].password.path | 1 | 70",
        "roster | {\"hosts\": [], \"rosters\": [{\"user\": \"a.org\", \"contact\": \"x@a.org\", \"both\": true}]} | rosters[0].both | 1 | 67",
      })
  void unknownFieldIsNamed(String where, String json, String path, int line, int column) throws Exception {
    // The item of an unknown field is still checked, so its password variable must be set.
    ManifestProblem problem = only(rejected(json, Map.of("X", "secret"), ""));

    assertEquals(ManifestProblem.Kind.SCHEMA, problem.kind());
    assertProblem(problem, path, "", line, column, "unknown field");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "manifest not an object | [] | '' | found an array where an object is expected",
        "hosts not an array | {\"hosts\": {}} | hosts | found an object where an array is expected",
        "host name a number | {\"hosts\": [{\"host\": 5}]} | hosts[0].host | found a number where a string is expected",
        "prune a string | {\"hosts\": [{\"host\": \"a.org\", \"prune\": \"yes\"}]} | hosts[0].prune | found a string where true or false is expected",
        "stdin false | {\"hosts\": [{\"host\": \"a.org\", \"accounts\": [{\"user\": \"x\", \"password\": {\"stdin\": false}}]}]} | hosts[0].accounts[0].password.stdin | \"stdin\" must be true",
        "two sources | {\"hosts\": [{\"host\": \"a.org\", \"accounts\": [{\"user\": \"x\", \"password\": {\"env\": \"A\", \"stdin\": true}}]}]} | hosts[0].accounts[0].password | exactly one of file, env and stdin",
        "missing host | {\"hosts\": [{\"accounts\": []}]} | hosts[0] | has no \"host\" field",
        "missing password | {\"hosts\": [{\"host\": \"a.org\", \"accounts\": [{\"user\": \"x\"}]}]} | hosts[0].accounts[0] | has no \"password\" field",
        "missing hosts | {\"rosters\": []} | '' | has no \"hosts\" field",
      })
  void wrongFormIsSchemaProblem(String caseName, String json, String path, String messagePart) throws Exception {
    ManifestProblem problem = only(rejected(json));

    assertEquals(ManifestProblem.Kind.SCHEMA, problem.kind());
    assertEquals(path, problem.path(), problem.toString());
    assertEquals(1, problem.line(), problem.toString());
    assertTrue(problem.message().contains(messagePart), problem.toString());
  }

  @Test
  void literalPasswordRejectedWithoutShowingIt() throws Exception {
    ManifestException e = rejected(account("jvb", "\"jvb-literal-secret\""));

    ManifestProblem problem = only(e);
    assertEquals(ManifestProblem.Kind.SCHEMA, problem.kind());
    assertProblem(problem, "hosts[0].accounts[0].password", "", 2, 29, "{\"file\": PATH}, {\"env\": VARIABLE} or {\"stdin\": true}");
    assertFalse(e.getMessage().contains("jvb-literal-secret"), e.getMessage());
  }

  @Test
  void duplicateHostAfterNameprep() throws Exception {
    ManifestProblem problem = only(rejected("{\"hosts\": [\n{\"host\": \"" + AUTH + "\"},\n{\"host\": \"Auth.Meet.Example.ORG\"}\n]}"));

    assertEquals(ManifestProblem.Kind.INVALID, problem.kind());
    assertProblem(problem, "hosts[1].host", AUTH, 3, 10, "duplicate host: hosts[0].host lists it already");
  }

  @Test
  void duplicateAccountAfterNodeprep() throws Exception {
    String json = "{\"hosts\": [{\"host\": \"" + AUTH + "\", \"accounts\": [\n"
        + "{\"user\": \"focus\", \"password\": {\"file\": \"secrets/focus\"}},\n"
        + "  {\"user\": \"Focus\", \"password\": {\"file\": \"secrets/focus\"}}\n]}]}";

    ManifestProblem problem = only(rejected(json));

    assertProblem(problem, "hosts[0].accounts[1]", "focus@" + AUTH, 3, 3, "duplicate account: hosts[0].accounts[0]");
  }

  @Test
  void invalidUserNamed() throws Exception {
    ManifestProblem problem = only(rejected(account("a b", "{\"file\": \"secrets/focus\"}")));

    assertEquals(ManifestProblem.Kind.INVALID, problem.kind());
    assertProblem(problem, "hosts[0].accounts[0]", "", 2, 1, "\"a b\"");
  }

  @Test
  void invalidHostNamed() throws Exception {
    ManifestProblem problem = only(rejected("{\"hosts\": [{\"host\": \"bad@host.org\"}]}"));

    assertEquals(ManifestProblem.Kind.INVALID, problem.kind());
    assertProblem(problem, "hosts[0].host", "", 1, 21, "bad@host.org");
  }

  @Test
  void missingPasswordFile() throws Exception {
    ManifestProblem problem = only(rejected(account("jvb", "{\"file\": \"secrets/jvb\"}")));

    assertProblem(problem, "hosts[0].accounts[0]", "jvb@" + AUTH, 2, 1,
        "password file " + root.resolve("secrets/jvb") + " does not exist");
  }

  @Test
  void unreadablePasswordFile() throws Exception {
    ManifestProblem problem = only(rejected(account("jvb", "{\"file\": \"secrets\"}")));

    assertProblem(problem, "hosts[0].accounts[0]", "jvb@" + AUTH, 2, 1, "password file " + secrets + " cannot be read");
  }

  @ParameterizedTest(name = "content {0}")
  @CsvSource({"''", "'\n'"})
  void emptyPasswordFile(String content) throws Exception {
    Files.writeString(secrets.resolve("jvb"), content);

    ManifestProblem problem = only(rejected(account("jvb", "{\"file\": \"secrets/jvb\"}")));

    assertProblem(problem, "hosts[0].accounts[0]", "jvb@" + AUTH, 2, 1, "empty");
  }

  @Test
  void passwordFileOfTwoLines() throws Exception {
    Files.writeString(secrets.resolve("jvb"), "one\ntwo\n");

    ManifestProblem problem = only(rejected(account("jvb", "{\"file\": \"secrets/jvb\"}")));

    assertProblem(problem, "hosts[0].accounts[0]", "jvb@" + AUTH, 2, 1, "contains more than one line");
  }

  @Test
  void passwordFailingSaslprep() throws Exception {
    Files.writeString(secrets.resolve("jvb"), "tab\there\n");

    ManifestException e = rejected(account("jvb", "{\"file\": \"secrets/jvb\"}"));

    assertProblem(only(e), "hosts[0].accounts[0]", "jvb@" + AUTH, 2, 1, "the password fails SASLprep");
    assertFalse(e.getMessage().contains("tab\there"), e.getMessage());
  }

  @Test
  void environmentVariableUnsetOrEmpty() throws Exception {
    String json = "{\"hosts\": [{\"host\": \"" + AUTH + "\", \"accounts\": [\n"
        + "{\"user\": \"jvb\", \"password\": {\"env\": \"JVB_AUTH_PASSWORD\"}},\n"
        + "{\"user\": \"jibri\", \"password\": {\"env\": \"JIBRI_XMPP_PASSWORD\"}}\n]}]}";

    ManifestException e = rejected(json, Map.of("JIBRI_XMPP_PASSWORD", ""), "");

    assertEquals(2, e.problems().size(), e.problems().toString());
    assertProblem(e.problems().get(0), "hosts[0].accounts[0]", "jvb@" + AUTH, 2, 1,
        "environment variable JVB_AUTH_PASSWORD is not set");
    assertProblem(e.problems().get(1), "hosts[0].accounts[1]", "jibri@" + AUTH, 3, 1,
        "environment variable JIBRI_XMPP_PASSWORD is empty");
  }

  @Test
  void notEnoughStdinLines() throws Exception {
    String json = "{\"hosts\": [{\"host\": \"" + AUTH + "\", \"accounts\": [\n"
        + "{\"user\": \"jibri\", \"password\": {\"stdin\": true}},\n"
        + "{\"user\": \"jigasi\", \"password\": {\"stdin\": true}}\n]}]}";

    ManifestProblem problem = only(rejected(json, Map.of(), "jibri-secret\n"));

    assertProblem(problem, "hosts[0].accounts[1]", "jigasi@" + AUTH, 3, 1, "standard input has no line 2");
  }

  @Test
  void stdinUnavailableWhenManifestIsStdin() throws Exception {
    byte[] json = account("jibri", "{\"stdin\": true}").getBytes(StandardCharsets.UTF_8);

    ManifestException e =
        assertThrows(
            ManifestException.class, () -> Manifest.read(new ByteArrayInputStream(json), root, Map.of(), null));

    assertProblem(only(e), "hosts[0].accounts[0]", "jibri@" + AUTH, 2, 1,
        "cannot be used when the manifest itself is read from standard input");
  }

  @Test
  void rosterAccountMissing() throws Exception {
    String json = "{\"hosts\": [], \"rosters\": [\n"
        + "{\"user\": \"focus.meet.example.org\", \"contact\": \"focus@" + AUTH + "\"}\n]}";

    ManifestProblem problem = only(rejected(json));

    assertEquals(ManifestProblem.Kind.INVALID, problem.kind());
    assertProblem(problem, "rosters[0]", "focus@" + AUTH, 2, 1, "has no account, and the manifest does not list it");
  }

  @Test
  void rosterAccountDeletedByPrune() throws Exception {
    String json = "{\"hosts\": [{\"host\": \"" + AUTH + "\", \"prune\": true, \"accounts\": []}], \"rosters\": [\n"
        + "{\"user\": \"focus.meet.example.org\", \"contact\": \"existing@" + AUTH + "\"}\n]}";

    ManifestProblem problem = only(rejected(json));

    assertProblem(problem, "rosters[0]", "existing@" + AUTH, 2, 1, "deleted by \"prune\"");
  }

  @Test
  void rosterContactMustBeAccount() throws Exception {
    String json = "{\"hosts\": [], \"rosters\": [\n"
        + "{\"user\": \"focus@" + AUTH + "\", \"contact\": \"focus.meet.example.org\"}\n]}";

    ManifestProblem problem = only(rejected(json));

    assertProblem(problem, "rosters[0]", "focus.meet.example.org", 2, 1, "the contact must be an account");
  }

  @Test
  void invalidRoleNamed() throws Exception {
    String json = "{\"hosts\": [{\"host\": \"" + AUTH + "\", \"accounts\": [\n"
        + "{\"user\": \"focus\", \"password\": {\"file\": \"secrets/focus\"}, \"role\": \" \"}\n]}]}";

    ManifestProblem problem = only(rejected(json));

    assertProblem(problem, "hosts[0].accounts[0]", "focus@" + AUTH, 2, 1, "invalid role");
  }

  @Test
  void everyProblemReported() throws Exception {
    String json = "{\"hosts\": [\n"
        + "{\"host\": \"" + AUTH + "\", \"accounts\": [\n"
        + "{\"user\": \"focus\", \"password\": \"literal\"},\n"
        + "{\"user\": \"jvb\", \"password\": {\"env\": \"UNSET\"}},\n"
        + "{\"user\": \"a b\", \"password\": {\"file\": \"secrets/focus\"}}\n"
        + "]},\n"
        + "{\"host\": \"" + AUTH + "\"}\n"
        + "]}";

    ManifestException e = rejected(json);

    List<String> paths = e.problems().stream().map(ManifestProblem::path).toList();
    assertEquals(List.of("hosts[0].accounts[0].password", "hosts[0].accounts[1]", "hosts[0].accounts[2]", "hosts[1].host"),
        paths, e.problems().toString());
    assertTrue(e.hasSchemaProblem());
    assertFalse(e.getMessage().contains("literal\""), e.getMessage());
  }

  @Test
  void builderChecksNames() {
    ManifestException e =
        assertThrows(
            ManifestException.class,
            () -> Manifest.builder().account(AUTH, "focus", "a").account(AUTH, "FOCUS", "b").account("bad@host", "x", "c")
                .build());

    assertEquals(2, e.problems().size(), e.problems().toString());
    assertProblem(e.problems().get(0), "hosts[0].accounts[1]", "focus@" + AUTH, 0, 0, "duplicate account");
    assertProblem(e.problems().get(1), "hosts[1].host", "", 0, 0, "bad@host");
  }

  @Test
  void builderEmptyPasswordMessage() {
    ManifestException one =
        assertThrows(ManifestException.class, () -> Manifest.builder().account(AUTH, "focus", "").build());
    ManifestException two =
        assertThrows(
            ManifestException.class,
            () -> Manifest.builder().account(AUTH, "focus", "").account(AUTH, "jvb", "").build());
    ManifestException three =
        assertThrows(
            ManifestException.class,
            () -> Manifest.builder().account(AUTH, "focus", "").account(AUTH, "jvb", "").account(AUTH, "a b", "x")
                .build());

    assertEquals("hosts[0].accounts[0] (focus@" + AUTH + "): the password is empty: give a non-empty one",
        one.getMessage());
    assertTrue(two.getMessage().endsWith("give a non-empty one; 1 more problem"), two.getMessage());
    assertTrue(three.getMessage().endsWith("give a non-empty one; 2 more problems"), three.getMessage());
  }

  @Test
  void builderNullRoleLeavesRoleAlone() throws Exception {
    Manifest manifest = Manifest.builder().account(AUTH, "focus", "focus-secret", null).build();

    assertEquals(Optional.empty(), manifest.hosts().get(0).accounts().get(0).role());
  }

  @Test
  void invalidItemsKeepValidItems() throws Exception {
    String json = "{\"hosts\": [\n"
        + "{\"host\": \"" + AUTH + "\", \"accounts\": [{\"user\": \"a b\", \"password\": {\"file\": \"secrets/focus\"}}]},\n"
        + "{\"host\": \"other.example.org\", \"accounts\": [{\"user\": \"jvb\", \"password\": {\"file\": \"secrets/focus\"}}]}\n"
        + "]}";
    Path file = Files.writeString(root.resolve("manifest.json"), json);

    ManifestException e =
        assertThrows(ManifestException.class, () -> Manifest.read(file, Map.of(), new ByteArrayInputStream(new byte[0])));

    Manifest valid = e.validItems().orElseThrow();
    assertEquals(List.of(AUTH, "other.example.org"), valid.hosts().stream().map(Manifest.Host::name).toList());
    assertEquals(List.of("jvb"), valid.hosts().get(1).accounts().stream().map(Manifest.Account::user).toList());
    assertThrows(
        IllegalArgumentException.class, () -> ProsodyAccounts.open(data).apply(valid, host -> AuthSettings.defaults()));
  }

  @Test
  void manifestToStringHidesPasswords() throws Exception {
    Manifest manifest = Manifest.builder().account(AUTH, "focus", "visible-secret", "prosody:admin").build();

    assertFalse(manifest.toString().contains("visible-secret"), manifest.toString());
    assertTrue(manifest.toString().contains("focus"), manifest.toString());
  }

  @Test
  void relativeFileBesideManifest() throws IOException, ManifestException {
    Path file = Files.writeString(root.resolve("manifest.json"), account("focus", "{\"file\": \"secrets/focus\"}"));

    Manifest manifest = Manifest.read(file, Map.of(), new ByteArrayInputStream(new byte[0]));

    assertEquals("focus-secret", manifest.hosts().get(0).accounts().get(0).password());
  }
}
