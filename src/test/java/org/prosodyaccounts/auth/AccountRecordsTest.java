package org.prosodyaccounts.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.prosodyaccounts.lua.LuaBoolean;
import org.prosodyaccounts.lua.LuaData;
import org.prosodyaccounts.lua.LuaFloat;
import org.prosodyaccounts.lua.LuaInteger;
import org.prosodyaccounts.lua.LuaString;
import org.prosodyaccounts.lua.LuaTable;
import org.prosodyaccounts.prep.PrepException;
import org.prosodyaccounts.prep.StringprepProfile;

class AccountRecordsTest {

  private static final long NOW = 1796414336L;
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final AuthSettings HASHED_SHA1 = AuthSettings.defaults();
  private static final AuthSettings HASHED_SHA256 =
      new AuthSettings(AuthProvider.INTERNAL_HASHED, HashAlgorithm.SHA_256, 10000);
  private static final AuthSettings PLAIN =
      new AuthSettings(AuthProvider.INTERNAL_PLAIN, HashAlgorithm.SHA_1, 10000);

  /** Few iterations keep the hand-built records fast to check. */
  private static final AuthSettings HASHED_FAST =
      new AuthSettings(AuthProvider.INTERNAL_HASHED, HashAlgorithm.SHA_1, 16);

  /** Returns the 0.12.3 record of {@code focus@auth.meet.test}, password {@code S3cret}. */
  private static LuaTable focusRecord() {
    return new LuaTable()
        .put("iteration_count", 10000)
        .put("salt", "0f8a2e66-0c16-4375-9060-907f248ab16e")
        .put("server_key", "94d0cb2fc735dfa6cb65fbcf2ae5a082ecc64e16")
        .put("stored_key", "e5802321ddad32bcc835c901bb61682e92d0b82c");
  }

  private static Set<String> keysOf(LuaTable record) {
    return record.entries().keySet().stream().map(Object::toString).collect(Collectors.toSet());
  }

  private static String string(LuaTable record, String key) {
    return record.getString(key).orElseThrow().toString();
  }

  // ---- newRecord ----

  @Test
  void verifyRejectsHostileIterationCountQuickly() {
    LuaTable record =
        new LuaTable()
            .put("salt", "s")
            .put("iteration_count", Integer.MAX_VALUE)
            .put("stored_key", "0".repeat(40))
            .put("server_key", "0".repeat(40));
    long start = System.nanoTime();

    Verification result = AccountRecords.verify(record, "pw", HASHED_SHA1);

    assertEquals(Verification.UNUSABLE, result);
    assertTrue(System.nanoTime() - start < 1_000_000_000L, "must not derive 2^31 iterations");
    assertTrue(
        AccountRecords.unusableReason(record, HASHED_SHA1).orElseThrow().contains("is above 10000000"));
  }

  @Test
  void newHashedRecordHasScramFields() throws Exception {
    LuaTable record = AccountRecords.newRecord("pw1", HASHED_SHA1, false, NOW, RANDOM);

    assertEquals(Set.of("iteration_count", "salt", "server_key", "stored_key"), keysOf(record));
    assertEquals(LuaInteger.of(10000), record.get("iteration_count").orElseThrow());
    String salt = string(record, "salt");
    assertTrue(ScramTest.UUID_V4.matcher(salt).matches(), salt);
    assertTrue(string(record, "stored_key").matches("[0-9a-f]{40}"));
    assertTrue(string(record, "server_key").matches("[0-9a-f]{40}"));

    ScramKeys expected =
        Scram.derive("pw1", salt.getBytes(StandardCharsets.US_ASCII), 10000, HashAlgorithm.SHA_1);
    assertEquals(expected.storedKeyHex(), string(record, "stored_key"));
    assertEquals(expected.serverKeyHex(), string(record, "server_key"));
  }

  @Test
  void newHashedRecordRoundTrips() throws Exception {
    LuaTable record = AccountRecords.newRecord("pw1", HASHED_SHA1, false, NOW, RANDOM);

    assertEquals(Verification.MATCH, AccountRecords.verify(record, "pw1", HASHED_SHA1));
    assertEquals(Verification.MISMATCH, AccountRecords.verify(record, "pw2", HASHED_SHA1));
    assertEquals(Verification.UNUSABLE, AccountRecords.verify(record, "pw1", PLAIN));
  }

  @Test
  void newSha256RecordHas64HexKeys() throws Exception {
    LuaTable record = AccountRecords.newRecord("pencil", HASHED_SHA256, false, NOW, RANDOM);

    assertTrue(string(record, "stored_key").matches("[0-9a-f]{64}"));
    assertTrue(string(record, "server_key").matches("[0-9a-f]{64}"));
    assertEquals(Verification.MATCH, AccountRecords.verify(record, "pencil", HASHED_SHA256));
    assertEquals(Verification.UNUSABLE, AccountRecords.verify(record, "pencil", HASHED_SHA1));
  }

  @Test
  void newRecordUsesConfiguredIterations() throws Exception {
    LuaTable record = AccountRecords.newRecord("pw", HASHED_FAST, false, NOW, RANDOM);

    assertEquals(LuaInteger.of(16), record.get("iteration_count").orElseThrow());
    assertEquals(Verification.MATCH, AccountRecords.verify(record, "pw", HASHED_FAST));
  }

  @Test
  void newRecordsGetDistinctSalts() throws Exception {
    LuaTable first = AccountRecords.newRecord("pw", HASHED_FAST, false, NOW, RANDOM);
    LuaTable second = AccountRecords.newRecord("pw", HASHED_FAST, false, NOW, RANDOM);

    assertNotEquals(string(first, "salt"), string(second, "salt"));
    assertNotEquals(string(first, "stored_key"), string(second, "stored_key"));
  }

  @Test
  void newPlainRecordStoresPreppedPassword() throws Exception {
    LuaTable record = AccountRecords.newRecord("a\u00A0b\u00ADc", PLAIN, false, NOW, RANDOM);

    assertEquals(Set.of("password"), keysOf(record));
    assertEquals(LuaString.of("a bc"), record.get("password").orElseThrow());
    assertEquals(Verification.MATCH, AccountRecords.verify(record, "a\u00A0b\u00ADc", PLAIN));
    assertEquals(Verification.MATCH, AccountRecords.verify(record, "a bc", PLAIN));
    assertEquals(Verification.MISMATCH, AccountRecords.verify(record, "abc", PLAIN));
  }

  @Test
  void newRecordWithTimestamps() throws Exception {
    LuaTable hashed = AccountRecords.newRecord("pw", HASHED_FAST, true, NOW, RANDOM);
    LuaTable plain = AccountRecords.newRecord("pw", PLAIN, true, NOW, RANDOM);

    assertEquals(
        Set.of("created", "iteration_count", "salt", "server_key", "stored_key", "updated"),
        keysOf(hashed));
    assertEquals(LuaInteger.of(NOW), hashed.get("created").orElseThrow());
    assertEquals(LuaInteger.of(NOW), hashed.get("updated").orElseThrow());
    assertEquals(Set.of("created", "password", "updated"), keysOf(plain));
    assertEquals(LuaInteger.of(NOW), plain.get("created").orElseThrow());
    assertEquals(LuaInteger.of(NOW), plain.get("updated").orElseThrow());
  }

  @Test
  void newRecordRejectsPasswordFailingSaslprep() {
    for (AuthSettings settings : List.of(PLAIN, HASHED_FAST)) {
      PrepException e =
          assertThrows(
              PrepException.class,
              () -> AccountRecords.newRecord("hunter2\nsecret", settings, false, NOW, RANDOM));
      assertEquals(StringprepProfile.SASLPREP, e.profile());
      assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }
  }

  @Test
  void newPasswordlessRecordIsDisabled() {
    LuaTable record = AccountRecords.newPasswordlessRecord(NOW);

    assertEquals(Set.of("created", "disabled", "updated"), keysOf(record));
    assertEquals(LuaBoolean.TRUE, record.get("disabled").orElseThrow());
    assertEquals(Verification.DISABLED, AccountRecords.verify(record, "", HASHED_SHA1));
    assertEquals(RecordKind.NO_CREDENTIALS, AccountRecords.describe(record).kind());
  }

  // ---- withPassword ----

  @Test
  void withPasswordKeepsUnknownFields() throws Exception {
    LuaTable meta = new LuaTable().put("reason", "spam");
    LuaTable record =
        focusRecord()
            .put("created", 1700000000L)
            .put("updated", 1700000000L)
            .put("disabled", true)
            .put(LuaString.of("disabled_meta"), meta)
            .put("x_custom", "kept")
            .put("password", "old-plain");
    LuaTable before = LuaTable.copyOf(record);

    LuaTable changed =
        AccountRecords.withPassword(record, "Looking-Glass-2", HASHED_FAST, false, NOW, RANDOM);

    assertEquals(before, record, "argument unchanged");
    assertEquals(LuaInteger.of(1700000000L), changed.get("created").orElseThrow());
    assertEquals(LuaBoolean.TRUE, changed.get("disabled").orElseThrow());
    assertEquals(meta, changed.get("disabled_meta").orElseThrow());
    assertEquals(LuaString.of("kept"), changed.get("x_custom").orElseThrow());
    assertFalse(changed.containsKey("password"));
    assertEquals(LuaInteger.of(NOW), changed.get("updated").orElseThrow());
    assertNotEquals(string(record, "salt"), string(changed, "salt"));
    assertTrue(ScramTest.UUID_V4.matcher(string(changed, "salt")).matches());

    changed.remove("disabled");
    assertEquals(
        Verification.MATCH, AccountRecords.verify(changed, "Looking-Glass-2", HASHED_FAST));
    assertEquals(Verification.MISMATCH, AccountRecords.verify(changed, "S3cret", HASHED_FAST));
  }

  @Test
  void withPasswordKeepsHigherIterationCount() throws Exception {
    LuaTable record = focusRecord().put("iteration_count", 20000);
    AuthSettings settings = new AuthSettings(AuthProvider.INTERNAL_HASHED, HashAlgorithm.SHA_1, 16);

    LuaTable changed = AccountRecords.withPassword(record, "pw", settings, false, NOW, RANDOM);

    assertEquals(LuaInteger.of(20000), changed.get("iteration_count").orElseThrow());
    assertEquals(Verification.MATCH, AccountRecords.verify(changed, "pw", settings));
  }

  @Test
  void withPasswordRaisesLowerIterationCount() throws Exception {
    LuaTable record = focusRecord().put("iteration_count", 4096);

    LuaTable changed = AccountRecords.withPassword(record, "pw", HASHED_SHA1, false, NOW, RANDOM);

    assertEquals(LuaInteger.of(10000), changed.get("iteration_count").orElseThrow());
  }

  @Test
  void withPasswordIgnoresInvalidIterationCount() throws Exception {
    LuaTable record = focusRecord().put("iteration_count", "99999");

    LuaTable changed = AccountRecords.withPassword(record, "pw", HASHED_FAST, false, NOW, RANDOM);

    assertEquals(LuaInteger.of(16), changed.get("iteration_count").orElseThrow());
  }

  @Test
  void withPasswordTimestampRules() throws Exception {
    LuaTable without = focusRecord();
    LuaTable withUpdated = focusRecord().put("updated", 5L);

    LuaTable untouched =
        AccountRecords.withPassword(without, "pw", HASHED_FAST, false, NOW, RANDOM);
    LuaTable added = AccountRecords.withPassword(without, "pw", HASHED_FAST, true, NOW, RANDOM);
    LuaTable refreshed =
        AccountRecords.withPassword(withUpdated, "pw", HASHED_FAST, false, NOW, RANDOM);

    assertFalse(untouched.containsKey("updated"));
    assertFalse(added.containsKey("created"), "set_password never adds created");
    assertEquals(LuaInteger.of(NOW), added.get("updated").orElseThrow());
    assertEquals(LuaInteger.of(NOW), refreshed.get("updated").orElseThrow());
  }

  @Test
  void withPasswordOnPlainHostReplacesPassword() throws Exception {
    LuaTable record =
        new LuaTable().put("password", "old").put("created", 7L).put("disabled", true);
    record.put("stored_key", "e5802321ddad32bcc835c901bb61682e92d0b82c");

    LuaTable changed = AccountRecords.withPassword(record, "n\u00A0w", PLAIN, true, NOW, RANDOM);

    assertEquals(LuaString.of("n w"), changed.get("password").orElseThrow());
    assertEquals(LuaInteger.of(7), changed.get("created").orElseThrow());
    assertEquals(LuaBoolean.TRUE, changed.get("disabled").orElseThrow());
    assertTrue(changed.containsKey("stored_key"), "plain set_password keeps other fields");
    assertEquals(LuaInteger.of(NOW), changed.get("updated").orElseThrow());
    assertEquals(LuaString.of("old"), record.get("password").orElseThrow(), "argument unchanged");
  }

  @Test
  void withPasswordRejectsPasswordFailingSaslprep() {
    assertThrows(
        PrepException.class,
        () -> AccountRecords.withPassword(focusRecord(), "a\tb", HASHED_FAST, false, NOW, RANDOM));
  }

  // ---- verify ----

  @Test
  void verifyChecksRealProsodyRecord() {
    assertEquals(Verification.MATCH, AccountRecords.verify(focusRecord(), "S3cret", HASHED_SHA1));
    assertEquals(
        Verification.MISMATCH, AccountRecords.verify(focusRecord(), "s3cret", HASHED_SHA1));
  }

  @Test
  void verifyTreatsPrepFailureAsMismatch() {
    assertEquals(
        Verification.MISMATCH, AccountRecords.verify(focusRecord(), "S3cret\n", HASHED_SHA1));
    LuaTable plain = new LuaTable().put("password", "pw");
    assertEquals(Verification.MISMATCH, AccountRecords.verify(plain, "pw\u007F", PLAIN));
  }

  @Test
  void hashedRecordOnPlainHostIsUnusable() {
    assertEquals(Verification.UNUSABLE, AccountRecords.verify(focusRecord(), "S3cret", PLAIN));
    String reason = AccountRecords.unusableReason(focusRecord(), PLAIN).orElseThrow();
    assertTrue(reason.contains("no password field"), reason);
  }

  @Test
  void uppercaseHexKeysMismatch() {
    // Prosody's SCRAM mechanisms lowercase the stored hex and accept this record, but its
    // test_password (SASL PLAIN) compares the hex text and rejects it.
    LuaTable record = focusRecord();
    record.put("stored_key", string(record, "stored_key").toUpperCase());
    record.put("server_key", string(record, "server_key").toUpperCase());

    assertEquals(Optional.empty(), AccountRecords.unusableReason(record, HASHED_SHA1));
    assertEquals(Verification.MISMATCH, AccountRecords.verify(record, "S3cret", HASHED_SHA1));
  }

  @Test
  void plainRecordOnHashedHostMatches() {
    // Prosody's internal_hashed accepts a plain record and rewrites it with SCRAM keys.
    LuaTable record = new LuaTable().put("password", "plainpw");

    assertEquals(Verification.MATCH, AccountRecords.verify(record, "plainpw", HASHED_SHA1));
    assertEquals(Verification.MISMATCH, AccountRecords.verify(record, "other", HASHED_SHA1));
  }

  @Test
  void mixedRecordPrefersPasswordOnHashedHost() {
    LuaTable record = focusRecord().put("password", "plainpw");

    assertEquals(Verification.MATCH, AccountRecords.verify(record, "plainpw", HASHED_SHA1));
    assertEquals(Verification.MISMATCH, AccountRecords.verify(record, "S3cret", HASHED_SHA1));
    assertEquals(RecordKind.MIXED, AccountRecords.describe(record).kind());
  }

  @Test
  void emptyPasswordFieldFallsBackToKeys() {
    LuaTable record = focusRecord().put("password", "");

    assertEquals(Verification.MATCH, AccountRecords.verify(record, "S3cret", HASHED_SHA1));
    assertEquals(Verification.MISMATCH, AccountRecords.verify(record, "", HASHED_SHA1));
  }

  @Test
  void emptyPlainPasswordMatchesEmpty() {
    LuaTable record = new LuaTable().put("password", "");

    assertEquals(Verification.MATCH, AccountRecords.verify(record, "", PLAIN));
    assertEquals(Verification.MISMATCH, AccountRecords.verify(record, " ", PLAIN));
  }

  @Test
  void storedPasswordIsPreppedBeforeComparing() {
    LuaTable record = new LuaTable().put("password", "\uFF21b");

    assertEquals(Verification.MATCH, AccountRecords.verify(record, "Ab", PLAIN));
  }

  @Test
  void integralFloatIterationCountWorks() {
    LuaTable record = focusRecord().put(LuaString.of("iteration_count"), LuaFloat.of(10000.0));
    // A file with iteration_count = 10000.0 gives a float value in Lua 5.3+ too.
    assertInstanceOf(LuaFloat.class, record.get("iteration_count").orElseThrow());

    assertEquals(Verification.MATCH, AccountRecords.verify(record, "S3cret", HASHED_SHA1));
  }

  @Test
  void disabledIsCheckedFirst() {
    LuaTable record = new LuaTable().put("disabled", true).put("password", 42L);

    assertEquals(Verification.DISABLED, AccountRecords.verify(record, "x", PLAIN));
    assertEquals(Verification.DISABLED, AccountRecords.verify(record, "x\t", HASHED_SHA1));
  }

  @Test
  void disabledFollowsLuaTruth() {
    assertTrue(AccountRecords.isDisabled(new LuaTable().put("disabled", true)));
    assertTrue(AccountRecords.isDisabled(new LuaTable().put("disabled", "no")));
    assertTrue(AccountRecords.isDisabled(new LuaTable().put("disabled", 0L)));
    assertFalse(AccountRecords.isDisabled(new LuaTable().put("disabled", false)));
    assertFalse(AccountRecords.isDisabled(new LuaTable()));
    LuaTable enabled = focusRecord().put("disabled", false);
    assertEquals(Verification.MATCH, AccountRecords.verify(enabled, "S3cret", HASHED_SHA1));
  }

  /** Changes to a valid record that make it unusable on the host it was made for. */
  static List<Consumer<LuaTable>> breakages() {
    return List.of(
        record -> record.remove("salt"),
        record -> record.put("salt", ""),
        record -> record.put("salt", 42L),
        record -> record.put("salt", true),
        record -> record.remove("iteration_count"),
        record -> record.put("iteration_count", "10000"),
        record -> record.put("iteration_count", 0L),
        record -> record.put("iteration_count", -1L),
        record -> record.put("iteration_count", 1L << 40),
        record -> record.put(LuaString.of("iteration_count"), LuaFloat.of(2.5)),
        record -> record.put(LuaString.of("iteration_count"), LuaFloat.of(Double.NaN)),
        record -> record.put(LuaString.of("iteration_count"), LuaFloat.of(1e300)),
        record -> record.put(LuaString.of("iteration_count"), new LuaTable()),
        record -> record.remove("stored_key"),
        record -> record.remove("server_key"),
        record -> record.put("stored_key", 5L),
        record -> record.put("server_key", "94d0cb2fc735dfa6cb65fbcf2ae5a082ecc64e1"),
        record -> record.put("server_key", "94d0cb2fc735dfa6cb65fbcf2ae5a082ecc64e16aa"),
        record -> record.put("stored_key", "g5802321ddad32bcc835c901bb61682e92d0b82c"),
        record -> record.put("password", 42L),
        record -> record.put(LuaString.of("password"), new LuaTable()));
  }

  @Test
  void strangeHashedRecordsAreUnusable() {
    List<Consumer<LuaTable>> breakages = breakages();
    for (int i = 0; i < breakages.size(); i++) {
      LuaTable record = focusRecord();
      breakages.get(i).accept(record);
      String label = "breakage " + i + ": " + AccountRecords.toRedactedString(record);

      assertEquals(
          Verification.UNUSABLE, AccountRecords.verify(record, "S3cret", HASHED_SHA1), label);
      assertTrue(AccountRecords.unusableReason(record, HASHED_SHA1).isPresent(), label);
    }
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"pw\tx", "pw\u0000"})
  void storedPasswordFailingSaslprepIsUnusable(String stored) {
    LuaTable record = new LuaTable().put("password", stored);

    assertEquals(Verification.UNUSABLE, AccountRecords.verify(record, stored, PLAIN));
    assertEquals(Verification.UNUSABLE, AccountRecords.verify(record, stored, HASHED_SHA1));
  }

  @Test
  void invalidUtf8PasswordIsUnusable() {
    LuaData invalid = LuaString.of(new byte[] {'p', (byte) 0xC3, 'w'});
    LuaTable record = new LuaTable().put(LuaString.of("password"), invalid);

    assertEquals(Verification.UNUSABLE, AccountRecords.verify(record, "p\u00C3w", PLAIN));
  }

  @Test
  void wrongTypedPlainPasswordIsUnusable() {
    LuaTable record = new LuaTable().put("password", true);

    assertEquals(Verification.UNUSABLE, AccountRecords.verify(record, "true", PLAIN));
    assertEquals(RecordKind.UNKNOWN, AccountRecords.describe(record).kind());
  }

  @Test
  void nonUtf8SaltIsUsedAsBytes() {
    byte[] salt = {(byte) 0xFF, 0, 'x'};
    ScramKeys keys = Scram.derive("pw", salt, 3, HashAlgorithm.SHA_1);
    LuaTable record =
        new LuaTable()
            .put(LuaString.of("salt"), LuaString.of(salt))
            .put("iteration_count", 3L)
            .put("stored_key", keys.storedKeyHex())
            .put("server_key", keys.serverKeyHex());

    assertEquals(Verification.MATCH, AccountRecords.verify(record, "pw", HASHED_SHA1));
  }

  // ---- describe and toRedactedString ----

  @Test
  void describeRecognizesKinds() {
    RecordSummary hashed = AccountRecords.describe(focusRecord());
    assertEquals(RecordKind.HASHED, hashed.kind());
    assertEquals(OptionalInt.of(40), hashed.keyHexLength());
    assertEquals(Optional.of(HashAlgorithm.SHA_1), hashed.impliedHash());
    assertFalse(hashed.disabled());

    RecordSummary plain = AccountRecords.describe(new LuaTable().put("password", "x"));
    assertEquals(RecordKind.PLAIN, plain.kind());
    assertEquals(OptionalInt.empty(), plain.keyHexLength());

    LuaTable partial = new LuaTable().put("salt", "s").put("disabled", true);
    RecordSummary unknown = AccountRecords.describe(partial);
    assertEquals(RecordKind.UNKNOWN, unknown.kind());
    assertTrue(unknown.disabled());

    LuaTable oddKeys = focusRecord().put("server_key", "abcd");
    assertEquals(OptionalInt.empty(), AccountRecords.describe(oddKeys).keyHexLength());

    LuaTable longKeys =
        focusRecord().put("stored_key", "ab".repeat(16)).put("server_key", "cd".repeat(16));
    assertEquals(Optional.empty(), AccountRecords.describe(longKeys).impliedHash());
    assertEquals(OptionalInt.of(32), AccountRecords.describe(longKeys).keyHexLength());
  }

  @Test
  void redactedStringHidesSecrets() {
    LuaTable record = focusRecord().put("password", "hunter2").put("created", 5L);

    String text = AccountRecords.toRedactedString(record);

    assertFalse(text.contains("hunter2"), text);
    assertFalse(text.contains("e5802321"), text);
    assertFalse(text.contains("94d0cb2f"), text);
    assertTrue(text.contains("salt=0f8a2e66-0c16-4375-9060-907f248ab16e"), text);
    assertTrue(text.contains("password=<redacted, 7 bytes>"), text);
    assertTrue(text.contains("created=5"), text);
  }

  @Test
  void unusableReasonNamesNoValues() {
    LuaTable record = new LuaTable().put("password", "hunter2\t");

    String reason = AccountRecords.unusableReason(record, PLAIN).orElseThrow();

    assertFalse(reason.contains("hunter2"), reason);
    assertTrue(reason.contains("SASLprep"), reason);
  }

  @Test
  void verifyRejectsNullArguments() {
    assertThrows(NullPointerException.class, () -> AccountRecords.verify(null, "pw", HASHED_SHA1));
    assertThrows(
        NullPointerException.class, () -> AccountRecords.verify(focusRecord(), null, HASHED_SHA1));
    assertThrows(
        NullPointerException.class, () -> AccountRecords.verify(focusRecord(), "pw", null));
  }
}
