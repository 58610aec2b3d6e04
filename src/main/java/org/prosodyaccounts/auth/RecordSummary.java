package org.prosodyaccounts.auth;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A description of an account record for diagnostics, without any secret.
 *
 * @param kind the kind of credentials the record contains
 * @param keyHexLength the length of {@code stored_key} and {@code server_key} when both are strings
 *     of the same length
 * @param impliedHash the hash that {@code keyHexLength} implies (40 for SHA-1, 64 for SHA-256).
 *     Prosody itself takes the hash from the host's {@code password_hash} option, not the record.
 * @param disabled whether the record has a {@code disabled} field that Lua treats as true
 */
public record RecordSummary(
    RecordKind kind,
    OptionalInt keyHexLength,
    Optional<HashAlgorithm> impliedHash,
    boolean disabled) {

  /** Checks that no component is null. */
  public RecordSummary {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(keyHexLength, "keyHexLength");
    Objects.requireNonNull(impliedHash, "impliedHash");
  }
}
