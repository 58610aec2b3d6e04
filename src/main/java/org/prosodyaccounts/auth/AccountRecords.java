package org.prosodyaccounts.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.prosodyaccounts.lua.LuaBoolean;
import org.prosodyaccounts.lua.LuaData;
import org.prosodyaccounts.lua.LuaFloat;
import org.prosodyaccounts.lua.LuaInteger;
import org.prosodyaccounts.lua.LuaString;
import org.prosodyaccounts.lua.LuaTable;
import org.prosodyaccounts.prep.PrepException;
import org.prosodyaccounts.prep.Stringprep;

/**
 * Creates, changes and checks account records of Prosody's {@code accounts} store the way {@code
 * mod_auth_internal_plain} and {@code mod_auth_internal_hashed} do in Prosody 0.12 and 13.0.
 *
 * <p>A record is the {@link LuaTable} stored in {@code accounts/<node>.dat}. Plain records contain
 * {@code password} (the SASLprepped password). Hashed records contain {@code salt}, {@code
 * iteration_count}, {@code stored_key} and {@code server_key} (lowercase hex). Prosody 13.0 adds
 * {@code created} and {@code updated} (integer Unix seconds) and may add {@code disabled} and
 * {@code disabled_meta}. The file does not record the SCRAM hash, so every method takes the host's
 * {@link AuthSettings}.
 *
 * <p>No method changes its {@code LuaTable} argument. Do not print a record with {@link
 * LuaTable#toString()}, which shows the password. Use {@link #toRedactedString(LuaTable)} instead.
 */
public final class AccountRecords {

  /** Field with the SASLprepped password of a plain record. */
  public static final String PASSWORD = "password";

  /**
   * The largest {@code iteration_count} that {@link #verify} derives keys for. At the 2.7 ms per
   * 10,000 SHA-1 iterations measured on one core of a 2-core AMD EPYC VM, that is an estimated
   * 3 s. Prosody has no limit, and real records hold 4096 or 10000.
   */
  public static final int MAX_VERIFIED_ITERATIONS = 10_000_000;

  /** Field with the SCRAM salt: the text of a version 4 UUID when Prosody writes it. */
  public static final String SALT = "salt";

  /** Field with the PBKDF2 iteration count, an integer. */
  public static final String ITERATION_COUNT = "iteration_count";

  /** Field with the SCRAM StoredKey in lowercase hex. */
  public static final String STORED_KEY = "stored_key";

  /** Field with the SCRAM ServerKey in lowercase hex. */
  public static final String SERVER_KEY = "server_key";

  /** Field with the creation time in integer Unix seconds (Prosody 13.0). */
  public static final String CREATED = "created";

  /** Field with the time of the last password or state change in Unix seconds (Prosody 13.0). */
  public static final String UPDATED = "updated";

  /** Field that disables the account when true (Prosody 13.0). */
  public static final String DISABLED = "disabled";

  /** Field with the table passed to Prosody 13.0's {@code disable()}. */
  public static final String DISABLED_META = "disabled_meta";

  private static final Set<String> SCRAM_FIELDS =
      Set.of(SALT, ITERATION_COUNT, STORED_KEY, SERVER_KEY);
  private static final Set<String> SECRET_FIELDS = Set.of(PASSWORD, STORED_KEY, SERVER_KEY);

  private AccountRecords() {}

  /**
   * Builds the record that the provider's {@code create_user} writes, which replaces any existing
   * record as a whole. This is also what prosodyctl 0.12 {@code passwd} and {@code register} do.
   *
   * <p>Plain: {@code {password}} with the SASLprepped password. Hashed: {@code {iteration_count,
   * salt, server_key, stored_key}} with a new UUID salt and {@code settings.iterations()}.
   *
   * @param withTimestamps true to add {@code created} and {@code updated}, as Prosody 13.0 does
   * @param nowEpochSeconds the time for the timestamps, in Unix seconds
   * @param random the source of the salt, unused for plain records
   * @throws PrepException if the password fails SASLprep. The exception does not contain the
   *     password.
   */
  public static LuaTable newRecord(
      String password,
      AuthSettings settings,
      boolean withTimestamps,
      long nowEpochSeconds,
      SecureRandom random)
      throws PrepException {
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(random, "random");
    String prepped = Stringprep.saslprep(password);

    LuaTable record = new LuaTable();
    if (withTimestamps) {
      record.put(CREATED, nowEpochSeconds);
    }
    if (settings.provider() == AuthProvider.INTERNAL_PLAIN) {
      record.put(PASSWORD, prepped);
    } else {
      putScramFields(record, prepped, settings.iterations(), settings.hash(), random);
    }
    if (withTimestamps) {
      record.put(UPDATED, nowEpochSeconds);
    }
    return record;
  }

  /**
   * Builds the record that Prosody 13.0's {@code create_user} writes when no password is given:
   * {@code {created, updated, disabled = true}}. Prosody 0.12 writes no record in that case.
   *
   * @param nowEpochSeconds the time for {@code created} and {@code updated}, in Unix seconds
   */
  public static LuaTable newPasswordlessRecord(long nowEpochSeconds) {
    return new LuaTable()
        .put(CREATED, nowEpochSeconds)
        .put(DISABLED, true)
        .put(UPDATED, nowEpochSeconds);
  }

  /**
   * Returns a copy of {@code record} with a new password, as the provider's {@code set_password}
   * changes a record in place. Fields it does not write ({@code disabled}, {@code created}, {@code
   * disabled_meta} and any unknown field) are kept.
   *
   * <p>Plain: {@code password} is replaced by the SASLprepped password, and SCRAM fields are kept
   * as Prosody keeps them. Hashed: a new UUID salt, {@code iteration_count = max(old, configured)},
   * new keys, and {@code password} removed. An old {@code iteration_count} that is not an integer
   * from 1 to {@link Integer#MAX_VALUE} counts as absent.
   *
   * @param withTimestamps true to set {@code updated = now}, as Prosody 13.0 does. {@code updated}
   *     is also set when the record already has it.
   * @param now the time for {@code updated}, in Unix seconds
   * @param random the source of the salt, unused for plain records
   * @throws PrepException if the password fails SASLprep. The exception does not contain the
   *     password.
   */
  public static LuaTable withPassword(
      LuaTable record,
      String password,
      AuthSettings settings,
      boolean withTimestamps,
      long now,
      SecureRandom random)
      throws PrepException {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(random, "random");
    String prepped = Stringprep.saslprep(password);

    LuaTable updated = LuaTable.copyOf(record);
    if (settings.provider() == AuthProvider.INTERNAL_PLAIN) {
      updated.put(PASSWORD, prepped);
    } else {
      int oldIterations = iterationCount(record.get(ITERATION_COUNT)).orElse(0);
      int iterations = Math.max(oldIterations, settings.iterations());
      putScramFields(updated, prepped, iterations, settings.hash(), random);
      updated.remove(PASSWORD);
    }
    if (withTimestamps || record.containsKey(UPDATED)) {
      updated.put(UPDATED, now);
    }
    return updated;
  }

  private static void putScramFields(
      LuaTable record, String prepped, int iterations, HashAlgorithm hash, SecureRandom random) {
    String salt = Scram.newSalt(random);
    ScramKeys keys =
        Scram.derive(prepped, salt.getBytes(StandardCharsets.US_ASCII), iterations, hash);
    record.put(ITERATION_COUNT, (long) iterations);
    record.put(SALT, salt);
    record.put(SERVER_KEY, keys.serverKeyHex());
    record.put(STORED_KEY, keys.storedKeyHex());
  }

  /**
   * Checks a password against a record as the provider's {@code test_password} does, which is the
   * check behind SASL PLAIN logins.
   *
   * <ol>
   *   <li>A true {@code disabled} field gives {@link Verification#DISABLED}, as in Prosody 13.0.
   *   <li>A record that cannot authenticate with these settings gives {@link
   *       Verification#UNUSABLE}, and {@link #unusableReason} returns why.
   *   <li>A password that fails SASLprep gives {@link Verification#MISMATCH}.
   *   <li>Plain host: the SASLprepped password is compared with the SASLprepped {@code password}
   *       field.
   *   <li>Hashed host: a non-empty {@code password} field is compared as on a plain host (Prosody
   *       then rewrites the record with keys). Otherwise the keys are derived with the record's
   *       salt and iteration count, and both are compared as hex text. The comparison is
   *       case-sensitive, as in Prosody's {@code test_password}, so uppercase hex keys give {@link
   *       Verification#MISMATCH} even though Prosody's SCRAM mechanisms accept them.
   * </ol>
   *
   * <p>Comparisons use {@link MessageDigest#isEqual}, whose running time does not depend on where
   * the inputs differ. Unlike Prosody, this method derives no keys for an {@code iteration_count}
   * above {@link #MAX_VERIFIED_ITERATIONS} and returns {@link Verification#UNUSABLE} instead, so
   * that a hostile record cannot make it run for minutes. Wrongly typed fields never cause an
   * exception.
   *
   * <p>{@link Verification#MATCH} for an empty password does not mean a client can log in with it:
   * Prosody's SASL PLAIN mechanism (0.12.3 and 13.0.1) rejects an empty password before it calls
   * {@code test_password}.
   */
  public static Verification verify(LuaTable record, String password, AuthSettings settings) {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(settings, "settings");
    if (isDisabled(record)) {
      return Verification.DISABLED;
    }
    Credential credential = credential(record, settings);
    if (credential instanceof Unusable) {
      return Verification.UNUSABLE;
    }

    String prepped;
    try {
      prepped = Stringprep.saslprep(password);
    } catch (PrepException e) {
      return Verification.MISMATCH;
    }
    return credential.matches(prepped, settings.hash())
        ? Verification.MATCH
        : Verification.MISMATCH;
  }

  /**
   * Returns why {@link #verify} would return {@link Verification#UNUSABLE} for this record, or
   * empty when the record can authenticate. The reason names fields and types, never their values.
   * The {@code disabled} field is not considered.
   */
  public static Optional<String> unusableReason(LuaTable record, AuthSettings settings) {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(settings, "settings");
    return credential(record, settings) instanceof Unusable unusable
        ? Optional.of(unusable.reason)
        : Optional.empty();
  }

  /**
   * Returns whether the record is disabled: it has a {@code disabled} field with any value that Lua
   * treats as true, which is every value except {@code false}.
   */
  public static boolean isDisabled(LuaTable record) {
    Objects.requireNonNull(record, "record");
    return record.get(DISABLED).map(value -> !LuaBoolean.FALSE.equals(value)).orElse(false);
  }

  /** Describes the credentials a record contains and the hash its key length implies. */
  public static RecordSummary describe(LuaTable record) {
    Objects.requireNonNull(record, "record");
    Optional<LuaData> password = record.get(PASSWORD);
    boolean hasPassword = password.filter(LuaString.class::isInstance).isPresent();
    boolean anyScramField = SCRAM_FIELDS.stream().anyMatch(record::containsKey);
    boolean completeScram =
        record.get(SALT).filter(LuaString.class::isInstance).isPresent()
            && record.get(ITERATION_COUNT).filter(AccountRecords::isNumber).isPresent()
            && record.get(STORED_KEY).filter(LuaString.class::isInstance).isPresent()
            && record.get(SERVER_KEY).filter(LuaString.class::isInstance).isPresent();

    RecordKind kind;
    if (hasPassword) {
      kind = anyScramField ? RecordKind.MIXED : RecordKind.PLAIN;
    } else if (password.isPresent()) {
      kind = RecordKind.UNKNOWN;
    } else if (completeScram) {
      kind = RecordKind.HASHED;
    } else {
      kind = anyScramField ? RecordKind.UNKNOWN : RecordKind.NO_CREDENTIALS;
    }

    OptionalInt keyHexLength = OptionalInt.empty();
    Optional<LuaString> storedKey = record.getString(STORED_KEY);
    Optional<LuaString> serverKey = record.getString(SERVER_KEY);
    if (storedKey.isPresent()
        && serverKey.isPresent()
        && storedKey.get().length() == serverKey.get().length()) {
      keyHexLength = OptionalInt.of(storedKey.get().length());
    }
    Optional<HashAlgorithm> impliedHash =
        keyHexLength.isPresent()
            ? HashAlgorithm.fromHexLength(keyHexLength.getAsInt())
            : Optional.empty();
    return new RecordSummary(kind, keyHexLength, impliedHash, isDisabled(record));
  }

  /**
   * Returns the record as text with the values of {@code password}, {@code stored_key} and {@code
   * server_key} replaced by their length, for logs and error messages.
   */
  public static String toRedactedString(LuaTable record) {
    Objects.requireNonNull(record, "record");
    StringBuilder text = new StringBuilder("{");
    String separator = "";
    for (Map.Entry<LuaData, LuaData> entry : record.entries().entrySet()) {
      text.append(separator).append(entry.getKey()).append('=');
      boolean secret =
          entry.getKey() instanceof LuaString key && SECRET_FIELDS.contains(key.toString());
      if (secret && entry.getValue() instanceof LuaString value) {
        text.append("<redacted, ").append(value.length()).append(" bytes>");
      } else if (secret) {
        text.append("<redacted ").append(entry.getValue().typeName()).append('>');
      } else {
        text.append(entry.getValue());
      }
      separator = ", ";
    }
    return text.append('}').toString();
  }

  // ---- Reading credentials ----

  private static Credential credential(LuaTable record, AuthSettings settings) {
    Optional<LuaData> password = record.get(PASSWORD);
    if (settings.provider() == AuthProvider.INTERNAL_PLAIN) {
      if (password.isEmpty()) {
        String scramHint =
            SCRAM_FIELDS.stream().anyMatch(record::containsKey)
                ? ", and internal_plain does not use its SCRAM fields"
                : "";
        return new Unusable("the record has no password field" + scramHint);
      }
      return plainCredential(password.get());
    }

    if (password.isPresent()) {
      if (!(password.get() instanceof LuaString text)) {
        return new Unusable("the password field is a " + password.get().typeName());
      }
      if (text.length() > 0) {
        return plainCredential(text);
      }
    }
    return scramCredential(record, settings.hash());
  }

  private static Credential plainCredential(LuaData value) {
    if (!(value instanceof LuaString stored)) {
      return new Unusable("the password field is a " + value.typeName());
    }
    Optional<String> text = stored.toUtf8();
    if (text.isEmpty()) {
      return new Unusable("the password field is not valid UTF-8");
    }
    try {
      return new PlainCredential(Secrets.utf8(Stringprep.saslprep(text.get())));
    } catch (PrepException e) {
      return new Unusable("the stored password fails SASLprep (" + e.reason() + ")");
    }
  }

  private static Credential scramCredential(LuaTable record, HashAlgorithm hash) {
    Optional<LuaData> salt = record.get(SALT);
    if (salt.isEmpty()) {
      return new Unusable("the record has no salt field");
    }
    if (!(salt.get() instanceof LuaString saltText) || saltText.length() == 0) {
      return new Unusable("the salt field is not a non-empty string");
    }

    Optional<LuaData> count = record.get(ITERATION_COUNT);
    if (count.isEmpty()) {
      return new Unusable("the record has no iteration_count field");
    }
    OptionalInt iterations = iterationCount(count);
    if (iterations.isEmpty()) {
      return new Unusable(
          "the iteration_count field is not an integer from 1 to " + Integer.MAX_VALUE);
    }
    if (iterations.getAsInt() > MAX_VERIFIED_ITERATIONS) {
      return new Unusable(
          "the iteration_count "
              + iterations.getAsInt()
              + " is above "
              + MAX_VERIFIED_ITERATIONS
              + ", the most this tool derives, so that a hostile record cannot stall it");
    }

    Optional<byte[]> storedKey = hexKey(record, STORED_KEY, hash);
    Optional<byte[]> serverKey = hexKey(record, SERVER_KEY, hash);
    if (storedKey.isEmpty() || serverKey.isEmpty()) {
      String field = storedKey.isEmpty() ? STORED_KEY : SERVER_KEY;
      return new Unusable(
          "the "
              + field
              + " field is not a string of "
              + hash.hexLength()
              + " hex digits, as "
              + hash.configName()
              + " needs");
    }
    return new ScramCredential(
        saltText.bytes(), iterations.getAsInt(), storedKey.get(), serverKey.get());
  }

  /** Returns the count when the value is an integral number from 1 to Integer.MAX_VALUE. */
  private static OptionalInt iterationCount(Optional<LuaData> value) {
    if (value.isEmpty()) {
      return OptionalInt.empty();
    }
    long count;
    if (value.get() instanceof LuaInteger integer) {
      count = integer.value();
    } else if (value.get() instanceof LuaFloat number
        && number.value() == Math.rint(number.value())
        && Math.abs(number.value()) <= Integer.MAX_VALUE) {
      count = (long) number.value();
    } else {
      return OptionalInt.empty();
    }
    return count >= 1 && count <= Integer.MAX_VALUE
        ? OptionalInt.of((int) count)
        : OptionalInt.empty();
  }

  /** Returns the bytes of a hex key field of the right length, in either case. */
  private static Optional<byte[]> hexKey(LuaTable record, String field, HashAlgorithm hash) {
    Optional<LuaString> value = record.getString(field);
    if (value.isEmpty() || value.get().length() != hash.hexLength()) {
      return Optional.empty();
    }
    byte[] bytes = value.get().bytes();
    for (byte b : bytes) {
      boolean hexDigit = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
      if (!hexDigit) {
        return Optional.empty();
      }
    }
    return Optional.of(bytes);
  }

  private static boolean isNumber(LuaData value) {
    return value instanceof LuaInteger || value instanceof LuaFloat;
  }

  private abstract static class Credential {
    /** Returns whether the SASLprepped password matches, then wipes the buffers it used. */
    abstract boolean matches(String preppedPassword, HashAlgorithm hash);
  }

  private static final class Unusable extends Credential {
    final String reason;

    Unusable(String reason) {
      this.reason = reason;
    }

    @Override
    boolean matches(String preppedPassword, HashAlgorithm hash) {
      return false;
    }
  }

  private static final class PlainCredential extends Credential {
    private final byte[] preppedStored;

    PlainCredential(byte[] preppedStored) {
      this.preppedStored = preppedStored;
    }

    @Override
    boolean matches(String preppedPassword, HashAlgorithm hash) {
      byte[] given = Secrets.utf8(preppedPassword);
      try {
        // JDK 17's isEqual loops over the length of its first argument, so the given password
        // goes first and the time does not reveal the stored length.
        return MessageDigest.isEqual(given, preppedStored);
      } finally {
        Secrets.wipe(given, preppedStored);
      }
    }
  }

  private static final class ScramCredential extends Credential {
    private final byte[] salt;
    private final int iterations;
    private final byte[] storedKeyHex;
    private final byte[] serverKeyHex;

    ScramCredential(byte[] salt, int iterations, byte[] storedKeyHex, byte[] serverKeyHex) {
      this.salt = salt;
      this.iterations = iterations;
      this.storedKeyHex = storedKeyHex;
      this.serverKeyHex = serverKeyHex;
    }

    @Override
    boolean matches(String preppedPassword, HashAlgorithm hash) {
      ScramKeys derived = Scram.derive(preppedPassword, salt, iterations, hash);
      byte[] derivedStored = derived.storedKeyHex().getBytes(StandardCharsets.US_ASCII);
      byte[] derivedServer = derived.serverKeyHex().getBytes(StandardCharsets.US_ASCII);
      // Both comparisons always run, so the time does not show which key differs.
      boolean storedMatches = MessageDigest.isEqual(derivedStored, storedKeyHex);
      boolean serverMatches = MessageDigest.isEqual(derivedServer, serverKeyHex);
      Secrets.wipe(derivedStored, derivedServer);
      return storedMatches & serverMatches;
    }
  }
}
