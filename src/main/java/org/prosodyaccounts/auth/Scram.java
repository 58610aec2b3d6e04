package org.prosodyaccounts.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
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
 * <p>PBKDF2 runs on one {@link Mac} per thread and hash, without allocation inside the iteration
 * loop. Intermediate secrets are overwritten with zeros before a method returns. All methods are
 * thread-safe.
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

  /** The per-thread JCA objects for one hash. */
  private static final class Engine {
    private final int length;
    private final Mac mac;
    private final MessageDigest digest;
    private final RawKey blankKey;

    Engine(HashAlgorithm hash) {
      this.length = hash.byteLength();
      try {
        this.mac = Mac.getInstance(hash.macAlgorithm());
        this.digest = MessageDigest.getInstance(hash.digestAlgorithm());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(hash.configName() + " is not available in this JVM", e);
      }
      this.blankKey = new RawKey(new byte[0], hash.macAlgorithm());
    }

    ScramKeys derive(byte[] password, byte[] salt, int iterations) {
      byte[] salted = new byte[length];
      byte[] block = new byte[length];
      byte[] clientKey = new byte[length];
      byte[] storedKey = new byte[length];
      byte[] serverKey = new byte[length];
      RawKey passwordKey = new RawKey(password, mac.getAlgorithm());
      RawKey saltedKey = null;
      try {
        mac.init(passwordKey);
        mac.update(salt);
        mac.update(FIRST_BLOCK);
        mac.doFinal(block, 0);
        System.arraycopy(block, 0, salted, 0, length);
        for (int i = 1; i < iterations; i++) {
          mac.update(block, 0, length);
          mac.doFinal(block, 0);
          for (int k = 0; k < length; k++) {
            salted[k] ^= block[k];
          }
        }

        saltedKey = new RawKey(salted, mac.getAlgorithm());
        mac.init(saltedKey);
        mac.update(CLIENT_KEY);
        mac.doFinal(clientKey, 0);
        digest.update(clientKey);
        digest.digest(storedKey, 0, length);
        mac.update(SERVER_KEY);
        mac.doFinal(serverKey, 0);

        return new ScramKeys(
            Hex.encodeHexString(storedKey, true), Hex.encodeHexString(serverKey, true));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HMAC computation failed", e);
      } finally {
        Secrets.wipe(salted, block, clientKey, storedKey, serverKey);
        passwordKey.destroy();
        if (saltedKey != null) {
          saltedKey.destroy();
        }
        digest.reset();
        clearMac();
      }
    }

    /** Replaces the HMAC pads derived from the last key with ones from an empty key. */
    private void clearMac() {
      try {
        mac.init(blankKey);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HMAC initialization failed", e);
      }
    }
  }

  /**
   * A raw HMAC key whose bytes can be wiped, unlike {@link javax.crypto.spec.SecretKeySpec}, which
   * also rejects the empty key that an empty password needs.
   */
  private static final class RawKey implements SecretKey {
    private static final long serialVersionUID = 1L;

    private final byte[] key;
    private final String algorithm;
    private boolean destroyed;

    RawKey(byte[] key, String algorithm) {
      this.key = key.clone();
      this.algorithm = algorithm;
    }

    @Override
    public String getAlgorithm() {
      return algorithm;
    }

    @Override
    public String getFormat() {
      return "RAW";
    }

    /** Returns a copy, which the SunJCE HMAC of JDK 17 overwrites with zeros after reading. */
    @Override
    public byte[] getEncoded() {
      if (destroyed) {
        throw new IllegalStateException("the key was destroyed");
      }
      return key.clone();
    }

    @Override
    public void destroy() {
      Arrays.fill(key, (byte) 0);
      destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
      return destroyed;
    }

    @Override
    public String toString() {
      return "RawKey[" + algorithm + ", redacted]";
    }
  }
}
