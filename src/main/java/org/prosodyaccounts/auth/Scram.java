package org.prosodyaccounts.auth;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.commons.codec.binary.Hex;

/**
 * SCRAM key derivation (RFC 5802) as Prosody's {@code util.sasl.scram} computes it for {@code
 * internal_hashed} accounts, and salt generation as Prosody's {@code util.uuid}.
 *
 * <pre>
 * SaltedPassword = PBKDF2-HMAC-H(password as UTF-8, salt, iterations, dkLen = hash length)
 * stored_key     = H(HMAC(SaltedPassword, "Client Key"))
 * server_key     = HMAC(SaltedPassword, "Server Key")
 * </pre>
 *
 * <p>PBKDF2 runs on one HMAC per thread and hash, built on {@link MessageDigest}. Intermediate
 * secrets are overwritten with zeros before a method returns. All methods are thread-safe.
 */
public final class Scram {

  /** Prosody's {@code default_iteration_count} since 0.12 (0.9 to 0.11 used 4096). */
  public static final int DEFAULT_ITERATIONS = 10000;

  private static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);

  /** PBKDF2 block index 1, big-endian: dkLen equals the hash length, so one block suffices. */
  private static final byte[] FIRST_BLOCK = {0, 0, 0, 1};

  private static final Map<HashAlgorithm, ThreadLocal<Engine>> ENGINES =
      new EnumMap<>(HashAlgorithm.class);

  static {
    for (HashAlgorithm hash : HashAlgorithm.values()) {
      ENGINES.put(hash, ThreadLocal.withInitial(() -> new Engine(hash)));
    }
  }

  private Scram() {}

  /**
   * Derives the SCRAM keys of a password that is already SASLprepped.
   *
   * @param preppedPassword the result of {@link org.prosodyaccounts.prep.Stringprep#saslprep},
   *     which is encoded as UTF-8
   * @param salt the raw salt bytes. Prosody uses the 36 ASCII bytes of a UUID text as the salt, not
   *     the 16 bytes the UUID stands for. An empty salt is allowed here, although Prosody refuses
   *     to verify a record whose salt is empty.
   * @param iterations the PBKDF2 iteration count, at least 1
   * @throws IllegalArgumentException if {@code iterations} is less than 1 or the password contains
   *     an unpaired surrogate
   */
  public static ScramKeys derive(
      String preppedPassword, byte[] salt, int iterations, HashAlgorithm hash) {
    Objects.requireNonNull(preppedPassword, "preppedPassword");
    byte[] password = Secrets.utf8(preppedPassword);
    try {
      return derive(password, salt, iterations, hash);
    } finally {
      Secrets.wipe(password);
    }
  }

  /**
   * Derives the SCRAM keys of a SASLprepped password given as UTF-8 bytes. The array is neither
   * changed nor kept.
   *
   * @throws IllegalArgumentException if {@code iterations} is less than 1
   * @see #derive(String, byte[], int, HashAlgorithm)
   */
  public static ScramKeys derive(
      byte[] preppedPasswordUtf8, byte[] salt, int iterations, HashAlgorithm hash) {
    Objects.requireNonNull(preppedPasswordUtf8, "preppedPasswordUtf8");
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(hash, "hash");
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be at least 1, was " + iterations);
    }
    return ENGINES.get(hash).get().derive(preppedPasswordUtf8, salt, iterations);
  }

  /**
   * Returns a new random version 4 UUID as 36 lowercase characters, the salt format of Prosody's
   * {@code util.uuid.generate()}: {@code xxxxxxxx-xxxx-4xxx-Yxxx-xxxxxxxxxxxx} where Y is one of
   * {@code 8 9 a b}.
   */
  public static String newSalt(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    long high = random.nextLong();
    long low = random.nextLong();
    high = (high & ~0xF000L) | 0x4000L;
    low = (low & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
  }

  /** The per-thread digests for one hash. */
  private static final class Engine {
    private final int length;
    private final Hmac hmac;
    private final MessageDigest digest;

    Engine(HashAlgorithm hash) {
      this.length = hash.byteLength();
      try {
        this.hmac = new Hmac(hash);
        this.digest = MessageDigest.getInstance(hash.digestAlgorithm());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(hash.configName() + " is not available in this JVM", e);
      }
    }

    ScramKeys derive(byte[] password, byte[] salt, int iterations) {
      byte[] salted = new byte[length];
      byte[] block = new byte[length];
      byte[] clientKey = new byte[length];
      byte[] storedKey = new byte[length];
      byte[] serverKey = new byte[length];
      try {
        hmac.init(password);
        hmac.compute(block, salt, FIRST_BLOCK);
        System.arraycopy(block, 0, salted, 0, length);
        for (int i = 1; i < iterations; i++) {
          hmac.compute(block, block);
          for (int k = 0; k < length; k++) {
            salted[k] ^= block[k];
          }
        }

        hmac.init(salted);
        hmac.compute(clientKey, CLIENT_KEY);
        digest.update(clientKey);
        digest.digest(storedKey, 0, length);
        hmac.compute(serverKey, SERVER_KEY);

        return new ScramKeys(
            Hex.encodeHexString(storedKey, true), Hex.encodeHexString(serverKey, true));
      } catch (DigestException e) {
        throw new IllegalStateException("HMAC computation failed", e);
      } finally {
        Secrets.wipe(salted, block, clientKey, storedKey, serverKey);
        digest.reset();
        hmac.clear();
      }
    }
  }

  /**
   * HMAC (RFC 2104) on a {@link MessageDigest}. The digest states after the inner and the outer
   * padded key are computed once per key and cloned for each message, so each HMAC of a short
   * message hashes two blocks where the JDK's {@code Mac} hashes four. In a new JVM it also
   * avoids loading the JCE provider framework. Not thread-safe.
   */
  private static final class Hmac {
    /** The block size of SHA-1 and SHA-256 in bytes. */
    private static final int BLOCK_SIZE = 64;

    private static final byte INNER_PAD = 0x36;
    private static final byte OUTER_PAD = 0x5c;

    private final int length;
    private final MessageDigest inner;
    private final MessageDigest outer;

    Hmac(HashAlgorithm hash) throws GeneralSecurityException {
      this.length = hash.byteLength();
      this.inner = MessageDigest.getInstance(hash.digestAlgorithm());
      this.outer = MessageDigest.getInstance(hash.digestAlgorithm());
      if (!(inner instanceof Cloneable)) {
        throw new NoSuchAlgorithmException(hash.digestAlgorithm() + " digests cannot be cloned");
      }
    }

    /** Starts HMACs with {@code key}, which is neither changed nor kept. */
    void init(byte[] key) {
      byte[] hashedKey = null;
      byte[] pad = new byte[BLOCK_SIZE];
      try {
        if (key.length > BLOCK_SIZE) {
          hashedKey = inner.digest(key);
          key = hashedKey;
        }
        inner.reset();
        outer.reset();
        for (int i = 0; i < BLOCK_SIZE; i++) {
          pad[i] = (byte) ((i < key.length ? key[i] : 0) ^ INNER_PAD);
        }
        inner.update(pad);
        for (int i = 0; i < BLOCK_SIZE; i++) {
          pad[i] = (byte) ((i < key.length ? key[i] : 0) ^ OUTER_PAD);
        }
        outer.update(pad);
      } finally {
        Secrets.wipe(pad);
        if (hashedKey != null) {
          Secrets.wipe(hashedKey);
        }
      }
    }

    /**
     * Writes the HMAC of the concatenated {@code parts} to the start of {@code out}. {@code out}
     * may be one of the parts.
     */
    void compute(byte[] out, byte[]... parts) throws DigestException {
      // JDK 17's digests keep their last state and message block after returning a result, until
      // the next use. reset() wipes both, so no discarded copy keeps key-derived data.
      MessageDigest message = copy(inner);
      for (byte[] part : parts) {
        message.update(part);
      }
      message.digest(out, 0, length);
      message.reset();
      MessageDigest result = copy(outer);
      result.update(out, 0, length);
      result.digest(out, 0, length);
      result.reset();
    }

    /** Replaces the digest states derived from the last key with initial ones. */
    void clear() {
      inner.reset();
      outer.reset();
    }

    private static MessageDigest copy(MessageDigest digest) {
      try {
        return (MessageDigest) digest.clone();
      } catch (CloneNotSupportedException e) {
        throw new AssertionError("the constructor checked that the digest can be cloned", e);
      }
    }
  }
}
