package org.prosodyaccounts.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretsTest {

  @Test
  void utf8EncodesLikeString() {
    String text = "p\u00E4ss \u65E5 \uD83D\uDE00";

    assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), Secrets.utf8(text));
    assertArrayEquals(new byte[0], Secrets.utf8(""));
  }

  @Test
  void utf8RejectsUnpairedSurrogate() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Secrets.utf8("secret\uDC00"));
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
  }

  @Test
  void wipeZeroesArrays() {
    byte[] first = {1, 2, 3};
    byte[] second = {4};
    char[] chars = {'p', 'w'};

    Secrets.wipe(first, null, second);
    Secrets.wipe(chars);
    Secrets.wipe((char[]) null);

    assertArrayEquals(new byte[3], first);
    assertArrayEquals(new byte[1], second);
    assertArrayEquals(new char[2], chars);
  }
}
