package org.prosodyaccounts.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.prosodyaccounts.prep.Stringprep;

class ScramTest {

  static final Pattern UUID_V4 =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

  /**
   * Keys from account files that Prosody 0.12.3 wrote with 10000 iterations. The last row is the
   * password {@code q"u'o\te b\\s é 日本 😀} (literal backslashes) registered on a hashed host.
   */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
SHA_1   | S3cret          | 0f8a2e66-0c16-4375-9060-907f248ab16e | e5802321ddad32bcc835c901bb61682e92d0b82c | 94d0cb2fc735dfa6cb65fbcf2ae5a082ecc64e16
SHA_1   | pw1             | 49a1bddb-ecab-4675-b2cb-33d5f05e9c61 | 9cafe968408dd83c197fa1f39e332978e3539eff | 432405481ea10b021513ad9b0748661006b14d3e
SHA_1   | ``              | 8b5aaf8d-bd44-4b58-a201-80c15a7e1d8c | 21911983df2980dd4d23292af1ccd8fd28857fe5 | cbbd761d90d04229f1c30440a23b40ac06884eab
SHA_1   | a\u00A0b\u00ADc | d63be095-8952-49bc-85a4-71503dbe2ce5 | 9a17bba7b78b5cdf1af1840bec0073cf21ccf694 | d3e3b7bbbaef0596819a7deade407c1a9a1462a5
SHA_256 | pencil          | 669eb4e2-29ac-4cd6-bb2f-a4892c7c6086 | b9fb99f25ddabb6a9e7ec707c11924010a5cb25ad3e4b88a508a2c1f97eb405b | 39c40adc4803b0ffecef54b18e22364aa5e22d441cc5db4bcf25f5cb486bec3a
SHA_1   | q"u'o\\te b\\\\s \u00E9 \u65E5\u672C \uD83D\uDE00 | 8bc593eb-2014-46bf-aa27-34882e909065 | c1f6fed97539a6a43186246bebbdcc0d34e73298 | ed8d647eece7e2cbd88a16b2fd4d80149d250126
""")
  void deriveMatchesProsodyVectors(
      HashAlgorithm hash, String password, String salt, String storedKey, String serverKey)
      throws Exception {
    String prepped = Stringprep.saslprep(password);
    byte[] saltBytes = salt.getBytes(StandardCharsets.US_ASCII);

    ScramKeys keys = Scram.derive(prepped, saltBytes, 10000, hash);

    assertEquals(storedKey, keys.storedKeyHex());
    assertEquals(serverKey, keys.serverKeyHex());
  }

  @Test
  void saslprepOfVectorPasswordGivesSpaceForm() throws Exception {
    assertEquals("a bc", Stringprep.saslprep("a\u00A0b\u00ADc"));
  }

  @Test
  void byteAndStringFormsAgree() {
    byte[] salt = "salt".getBytes(StandardCharsets.US_ASCII);
    byte[] password = "p\u00E4ss".getBytes(StandardCharsets.UTF_8);

    ScramKeys fromBytes = Scram.derive(password, salt, 50, HashAlgorithm.SHA_256);
    ScramKeys fromString = Scram.derive("p\u00E4ss", salt, 50, HashAlgorithm.SHA_256);

    assertEquals(fromString, fromBytes);
    assertEquals("p\u00E4ss", new String(password, StandardCharsets.UTF_8), "input unchanged");
  }

  /** Cross-checks the PBKDF2 loop against the JDK's own PBKDF2, for ASCII passwords. */
  @ParameterizedTest(name = "{0} {1} iterations={3}")
  @CsvSource({
    "SHA_1, password, salt, 1",
    "SHA_1, password, salt, 2",
    "SHA_1, password, salt, 4096",
    "SHA_256, password, salt, 1",
    "SHA_256, passwordPASSWORDpassword, saltSALTsaltSALTsaltSALTsaltSALTsalt, 4096",
    "SHA_1, a-password-longer-than-the-64-byte-hmac-block-so-the-key-is-hashed-first, s, 3",
    "SHA_1, a-password-of-exactly-64-bytes-one-hmac-block-used-as-the-key-xy, s, 3",
    "SHA_256, a-password-of-exactly-64-bytes-one-hmac-block-used-as-the-key-xy, s, 3",
    "SHA_256, a-password-longer-than-the-64-byte-hmac-block-so-the-key-is-hashed-first, s, 3",
  })
  void deriveAgreesWithJdkPbkdf2(HashAlgorithm hash, String password, String salt, int iterations)
      throws Exception {
    byte[] saltBytes = salt.getBytes(StandardCharsets.US_ASCII);
    SecretKeyFactory factory =
        SecretKeyFactory.getInstance("PBKDF2WithHmac" + hash.configName().replace("-", ""));
    byte[] salted =
        factory
            .generateSecret(
                new PBEKeySpec(
                    password.toCharArray(), saltBytes, iterations, 8 * hash.byteLength()))
            .getEncoded();
    Mac mac = Mac.getInstance(hash.macAlgorithm());
    mac.init(new SecretKeySpec(salted, hash.macAlgorithm()));
    byte[] clientKey = mac.doFinal("Client Key".getBytes(StandardCharsets.US_ASCII));
    byte[] serverKey = mac.doFinal("Server Key".getBytes(StandardCharsets.US_ASCII));
    byte[] storedKey =
        java.security.MessageDigest.getInstance(hash.digestAlgorithm()).digest(clientKey);

    ScramKeys keys = Scram.derive(password, saltBytes, iterations, hash);

    assertEquals(Hex.encodeHexString(storedKey), keys.storedKeyHex());
    assertEquals(Hex.encodeHexString(serverKey), keys.serverKeyHex());
  }

  @Test
  void keyLengthFollowsHash() {
    byte[] salt = {1, 2, 3};
    assertEquals(40, Scram.derive("pw", salt, 1, HashAlgorithm.SHA_1).storedKeyHex().length());
    assertEquals(64, Scram.derive("pw", salt, 1, HashAlgorithm.SHA_256).serverKeyHex().length());
  }

  @Test
  void saltBytesMatter() {
    ScramKeys first = Scram.derive("pw", new byte[] {1}, 5, HashAlgorithm.SHA_1);
    ScramKeys second = Scram.derive("pw", new byte[] {2}, 5, HashAlgorithm.SHA_1);
    assertNotEquals(first.storedKeyHex(), second.storedKeyHex());
  }

  @Test
  void emptySaltIsAllowed() {
    ScramKeys keys = Scram.derive("pw", new byte[0], 5, HashAlgorithm.SHA_1);
    assertEquals(40, keys.storedKeyHex().length());
  }

  @Test
  void deriveRejectsBadArguments() {
    byte[] salt = {1};
    assertThrows(
        IllegalArgumentException.class, () -> Scram.derive("pw", salt, 0, HashAlgorithm.SHA_1));
    assertThrows(
        IllegalArgumentException.class, () -> Scram.derive("pw", salt, -5, HashAlgorithm.SHA_1));
    assertThrows(
        NullPointerException.class,
        () -> Scram.derive("pw", (byte[]) null, 1, HashAlgorithm.SHA_1));
    assertThrows(NullPointerException.class, () -> Scram.derive("pw", salt, 1, null));
  }

  @Test
  void deriveRejectsUnpairedSurrogateWithoutEcho() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Scram.derive("hunter\uD800", new byte[] {1}, 1, HashAlgorithm.SHA_1));
    assertFalse(e.getMessage().contains("hunter"), e.getMessage());
  }

  @Test
  void parallelDerivationsAgree() throws Exception {
    byte[] salt = "0f8a2e66-0c16-4375-9060-907f248ab16e".getBytes(StandardCharsets.US_ASCII);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<ScramKeys>> results = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        HashAlgorithm hash = i % 2 == 0 ? HashAlgorithm.SHA_1 : HashAlgorithm.SHA_256;
        results.add(pool.submit(() -> Scram.derive("S3cret", salt, 10000, hash)));
      }
      for (int i = 0; i < results.size(); i++) {
        String expected =
            i % 2 == 0
                ? "e5802321ddad32bcc835c901bb61682e92d0b82c"
                : Scram.derive("S3cret", salt, 10000, HashAlgorithm.SHA_256).storedKeyHex();
        assertEquals(expected, results.get(i).get().storedKeyHex());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void newSaltIsLowercaseV4Uuid() {
    SecureRandom random = new SecureRandom();
    Set<String> salts = new HashSet<>();
    Set<Character> variants = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      String salt = Scram.newSalt(random);
      assertEquals(36, salt.length());
      assertTrue(UUID_V4.matcher(salt).matches(), salt);
      salts.add(salt);
      variants.add(salt.charAt(19));
    }
    assertEquals(2000, salts.size());
    assertEquals(Set.of('8', '9', 'a', 'b'), variants);
  }

  @Test
  void scramKeysToStringHidesKeys() {
    ScramKeys keys =
        new ScramKeys(
            "e5802321ddad32bcc835c901bb61682e92d0b82c", "94d0cb2fc735dfa6cb65fbcf2ae5a082ecc64e16");
    assertFalse(keys.toString().contains("e58023"), keys.toString());
    assertFalse(keys.toString().contains("94d0cb"), keys.toString());
  }

  @Test
  void scramKeysRejectsNonLowercaseHex() {
    String lower = "e5802321ddad32bcc835c901bb61682e92d0b82c";
    assertThrows(IllegalArgumentException.class, () -> new ScramKeys(lower.toUpperCase(), lower));
    assertThrows(IllegalArgumentException.class, () -> new ScramKeys(lower, "xyz0"));
    assertThrows(IllegalArgumentException.class, () -> new ScramKeys(lower, lower + "00"));
    assertThrows(IllegalArgumentException.class, () -> new ScramKeys("", ""));
  }
}
