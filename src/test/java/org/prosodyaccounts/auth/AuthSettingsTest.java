package org.prosodyaccounts.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthSettingsTest {

  @Test
  void defaultsMatchProsody() {
    AuthSettings defaults = AuthSettings.defaults();

    assertEquals(AuthProvider.INTERNAL_HASHED, defaults.provider());
    assertEquals(HashAlgorithm.SHA_1, defaults.hash());
    assertEquals(10000, defaults.iterations());
  }

  @Test
  void iterationsBelowOneRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new AuthSettings(AuthProvider.INTERNAL_HASHED, HashAlgorithm.SHA_1, 0));
    assertThrows(NullPointerException.class, () -> new AuthSettings(null, HashAlgorithm.SHA_1, 1));
    assertThrows(
        NullPointerException.class, () -> new AuthSettings(AuthProvider.INTERNAL_PLAIN, null, 1));
  }

  @Test
  void providerConfigNamesAreExact() {
    assertEquals(
        Optional.of(AuthProvider.INTERNAL_PLAIN), AuthProvider.fromConfigName("internal_plain"));
    assertEquals(
        Optional.of(AuthProvider.INTERNAL_HASHED), AuthProvider.fromConfigName("internal_hashed"));
    assertEquals(Optional.empty(), AuthProvider.fromConfigName("Internal_Hashed"));
    assertEquals(Optional.empty(), AuthProvider.fromConfigName("anonymous"));
    assertEquals("internal_hashed", AuthProvider.INTERNAL_HASHED.configName());
  }

  @Test
  void hashConfigNamesAreExact() {
    assertEquals(Optional.of(HashAlgorithm.SHA_1), HashAlgorithm.fromConfigName("SHA-1"));
    assertEquals(Optional.of(HashAlgorithm.SHA_256), HashAlgorithm.fromConfigName("SHA-256"));
    assertEquals(Optional.empty(), HashAlgorithm.fromConfigName("sha-256"));
    assertEquals(Optional.empty(), HashAlgorithm.fromConfigName("SHA-512"));
    assertEquals("SHA-256", HashAlgorithm.SHA_256.configName());
  }

  @Test
  void hashLengths() {
    assertEquals(40, HashAlgorithm.SHA_1.hexLength());
    assertEquals(64, HashAlgorithm.SHA_256.hexLength());
    assertEquals(Optional.of(HashAlgorithm.SHA_256), HashAlgorithm.fromHexLength(64));
    assertEquals(Optional.empty(), HashAlgorithm.fromHexLength(32));
  }
}
