package org.prosodyaccounts.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NameEncodingTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "auth.meet.example.org|auth%2emeet%2eexample%2eorg",
        "john.doe-x_y|john%2edoe%2dx%5fy",
        "élodie|%c3%a9lodie",
        "ünïcode|%c3%bcn%c3%afcode",
        "a b|a%20b",
        "100%|100%25",
        "A b|A%20b",
        "jvb|jvb",
        "😀|%f0%9f%98%80",
        "../etc|%2e%2e%2fetc",
      })
  void encodesLikeProsody(String name, String encoded) {
    assertEquals(encoded, NameEncoding.encode(name));
    assertArrayEquals(name.getBytes(StandardCharsets.UTF_8), NameEncoding.decode(encoded));
    assertTrue(NameEncoding.isCanonical(encoded));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {"accounts|accounts", "account_roles|account_roles", "my-store.x|my%2dstore%2ex", "muc_log|muc_log"})
  void encodesStoreNamesKeepingUnderscore(String store, String encoded) {
    assertEquals(encoded, NameEncoding.encodeStore(store));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"auth%2Emeet", "a.b", "%c3", "%ff%fe", "x%2"})
  void marksNamesProsodyCannotLoad(String stem) {
    assertFalse(NameEncoding.isCanonical(stem), stem);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {"%2E|.", "%2e|.", "%zz|%zz", "%4|%4", "a%|a%", "%41%42|AB"})
  void decodesEitherHexCaseAndKeepsStrayPercent(String stem, String decoded) {
    assertEquals(decoded, new String(NameEncoding.decode(stem), StandardCharsets.UTF_8));
  }

  @org.junit.jupiter.api.Test
  void decodesToNulAndSlashBytesWithoutInterpreting() {
    assertArrayEquals(new byte[] {'a', 0, '/', 'b'}, NameEncoding.decode("a%00%2fb"));
  }
}
