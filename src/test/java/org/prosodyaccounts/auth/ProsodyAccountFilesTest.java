package org.prosodyaccounts.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.prosodyaccounts.lua.LuaTable;
import org.prosodyaccounts.prep.Jid;

/** Checks verification against the account files that real Prosody 0.12.3 and 13.0.1 wrote. */
class ProsodyAccountFilesTest {

  static Stream<PasswordsFixture.Row> existingAccounts() {
    return PasswordsFixture.rows().stream().filter(row -> !isDeleted(row));
  }

  static Stream<PasswordsFixture.Row> deletedAccounts() {
    return PasswordsFixture.rows().stream().filter(ProsodyAccountFilesTest::isDeleted);
  }

  static Stream<PasswordsFixture.Row> allAccounts() {
    return PasswordsFixture.rows().stream();
  }

  private static boolean isDeleted(PasswordsFixture.Row row) {
    return row.note().contains("NO account file") || row.note().contains("NO files left");
  }

  @Test
  void passwordsTableCoversBothVersions() {
    List<PasswordsFixture.Row> rows = PasswordsFixture.rows();
    assertEquals(30, rows.size());
    assertEquals(28, existingAccounts().count());
    assertEquals(2, deletedAccounts().count());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("existingAccounts")
  void rightPasswordMatches(PasswordsFixture.Row row) throws Exception {
    LuaTable record = AccountFileFixture.read(row.file());
    Verification expected =
        AccountRecords.isDisabled(record) ? Verification.DISABLED : Verification.MATCH;

    assertEquals(expected, AccountRecords.verify(record, row.password(), row.settings()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("existingAccounts")
  void wrongPasswordMismatches(PasswordsFixture.Row row) throws Exception {
    LuaTable record = AccountFileFixture.read(row.file());
    AuthSettings settings = row.settings();

    if (AccountRecords.isDisabled(record)) {
      assertEquals(
          Verification.DISABLED, AccountRecords.verify(record, row.password() + "x", settings));
      record.remove(AccountRecords.DISABLED);
      assertEquals(Verification.MATCH, AccountRecords.verify(record, row.password(), settings));
    }
    String otherWrong = row.password().isEmpty() ? "pw" : "";
    assertEquals(
        Verification.MISMATCH, AccountRecords.verify(record, row.password() + "x", settings));
    assertEquals(Verification.MISMATCH, AccountRecords.verify(record, otherWrong, settings));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("existingAccounts")
  void recordKindFitsHostSettings(PasswordsFixture.Row row) throws Exception {
    RecordSummary summary = AccountRecords.describe(AccountFileFixture.read(row.file()));

    if (row.hash().equals("plain")) {
      assertEquals(RecordKind.PLAIN, summary.kind());
      assertEquals(Optional.empty(), summary.impliedHash());
    } else {
      assertEquals(RecordKind.HASHED, summary.kind());
      assertEquals(Optional.of(row.settings().hash()), summary.impliedHash());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("existingAccounts")
  void wrongHashIsUnusable(PasswordsFixture.Row row) throws Exception {
    LuaTable record = AccountFileFixture.read(row.file());
    AuthSettings settings = row.settings();
    if (settings.provider() == AuthProvider.INTERNAL_PLAIN || AccountRecords.isDisabled(record)) {
      return;
    }
    HashAlgorithm other =
        settings.hash() == HashAlgorithm.SHA_1 ? HashAlgorithm.SHA_256 : HashAlgorithm.SHA_1;
    AuthSettings wrong = new AuthSettings(AuthProvider.INTERNAL_HASHED, other, 10000);

    assertEquals(Verification.UNUSABLE, AccountRecords.verify(record, row.password(), wrong));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deletedAccounts")
  void deletedAccountHasNoFile(PasswordsFixture.Row row) {
    assertFalse(Files.exists(row.file()), row.file().toString());
    assertTrue(Files.isDirectory(row.file().getParent().getParent()), "host directory exists");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allAccounts")
  void typedJidPrepsToStoredJid(PasswordsFixture.Row row) throws Exception {
    Jid jid = Jid.parsePrepped(row.jidAsTyped());

    assertEquals(row.jid(), jid.toString());
    assertEquals(encodeAsProsody(jid.node()) + ".dat", row.file().getFileName().toString());
    String hostDirectory = row.file().getParent().getParent().getFileName().toString();
    assertEquals(encodeAsProsody(jid.host()), hostDirectory);
  }

  /** Encodes a name as Prosody's datamanager does: every byte except [A-Za-z0-9] as %xx. */
  private static String encodeAsProsody(String name) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      boolean alphanumeric =
          (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (alphanumeric) {
        encoded.append((char) c);
      } else {
        encoded.append(String.format("%%%02x", c));
      }
    }
    return encoded.toString();
  }
}
