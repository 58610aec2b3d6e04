package org.prosodyaccounts;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;
import org.prosodyaccounts.auth.AccountRecords;
import org.prosodyaccounts.auth.RecordKind;
import org.prosodyaccounts.lua.LuaData;
import org.prosodyaccounts.lua.LuaFloat;
import org.prosodyaccounts.lua.LuaInteger;
import org.prosodyaccounts.lua.LuaString;
import org.prosodyaccounts.lua.LuaTable;
import org.prosodyaccounts.store.CorruptFileException;

/**
 * Writes the accounts of a host as JSON Lines, one object per account, streaming: each record is
 * read, written and dropped before the next, so memory use does not depend on the number of
 * accounts.
 *
 * <p>Each object has {@code jid}, {@code kind} ({@code hashed}, {@code plain}, {@code mixed},
 * {@code no_credentials} or {@code unknown}, from {@link AccountRecords#describe}), and, when the
 * record has them, {@code iteration_count}, {@code created}, {@code updated} and
 * {@code disabled}. Secrets ({@code password}, {@code salt}, {@code stored_key},
 * {@code server_key}) are written only when asked for; such output can be imported again with
 * {@link ImportReader}. Lines come in the order of the folder's entries, which is not sorted.
 */
public final class AccountExport {

  /** Receives the files that are skipped because they are not readable accounts. */
  @FunctionalInterface
  public interface SkippedFiles {
    /**
     * Receives a skipped file.
     *
     * @param problem why the record cannot be read, or null for a file whose name Prosody can
     *     never load
     */
    void skipped(Path file, CorruptFileException problem);
  }

  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  private AccountExport() {}

  /**
   * Writes every account of {@code accounts} to {@code out} and flushes it; {@code out} is not
   * closed.
   *
   * @return the number of accounts written
   */
  public static long write(HostAccounts accounts, OutputStream out, boolean withSecrets, SkippedFiles skipped)
      throws IOException {
    try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      json.setRootValueSeparator(null);
      long count = write(accounts, json, withSecrets, skipped, true);
      json.flush();
      return count;
    }
  }

  /**
   * Writes every account of {@code accounts} to {@code json} as the same objects, one value each
   * in the generator's current context, such as an array the caller opened. The generator is not
   * flushed or closed.
   *
   * @return the number of accounts written
   */
  public static long write(HostAccounts accounts, JsonGenerator json, boolean withSecrets, SkippedFiles skipped)
      throws IOException {
    return write(accounts, json, withSecrets, skipped, false);
  }

  private static long write(
      HostAccounts accounts, JsonGenerator json, boolean withSecrets, SkippedFiles skipped, boolean lines)
      throws IOException {
    return accounts.forEachAccount(
        new HostAccounts.AccountVisitor() {
          @Override
          public void account(String user, LuaTable record) throws IOException {
            writeAccount(json, accounts.jid(user), record, withSecrets);
            if (lines) {
              json.writeRaw('\n');
            }
          }

          @Override
          public void skipped(Path file, CorruptFileException problem) {
            skipped.skipped(file, problem);
          }
        });
  }

  private static void writeAccount(JsonGenerator json, String jid, LuaTable record, boolean withSecrets)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("jid", jid);
    json.writeStringField("kind", kindName(AccountRecords.describe(record).kind()));
    writeNumber(json, AccountRecords.ITERATION_COUNT, record);
    writeNumber(json, AccountRecords.CREATED, record);
    writeNumber(json, AccountRecords.UPDATED, record);
    if (AccountRecords.isDisabled(record)) {
      json.writeBooleanField(AccountRecords.DISABLED, true);
    }
    if (withSecrets) {
      writeString(json, AccountRecords.PASSWORD, record);
      writeString(json, AccountRecords.SALT, record);
      writeString(json, AccountRecords.STORED_KEY, record);
      writeString(json, AccountRecords.SERVER_KEY, record);
    }
    json.writeEndObject();
  }

  private static String kindName(RecordKind kind) {
    return kind.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static void writeNumber(JsonGenerator json, String field, LuaTable record) throws IOException {
    Optional<LuaData> value = record.get(field);
    if (value.isEmpty()) {
      return;
    }
    if (value.get() instanceof LuaInteger integer) {
      json.writeNumberField(field, integer.value());
    } else if (value.get() instanceof LuaFloat number && Double.isFinite(number.value())) {
      json.writeNumberField(field, number.value());
    }
  }

  private static void writeString(JsonGenerator json, String field, LuaTable record) throws IOException {
    Optional<LuaString> value = record.getString(field);
    if (value.isPresent()) {
      // NOTE: a value that is not valid UTF-8 is written with U+FFFD in place of the invalid bytes.
      json.writeStringField(field, value.get().toString());
    }
  }
}
