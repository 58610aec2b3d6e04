package org.prosodyaccounts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PasswordPromptTest {

  private static PasswordPrompt prompt(String input) {
    return new PasswordPrompt(
        new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        null);
  }

  @Test
  void readLineKeepsLongLinesWhole() throws IOException {
    String longLine = "é-".repeat(300) + "end";
    PasswordPrompt prompt = prompt(longLine + "\nsecond\r\n\nlast");

    assertEquals(longLine, prompt.readLine());
    assertEquals("second\r", prompt.readLine());
    assertEquals("", prompt.readLine());
    assertEquals("last", prompt.readLine());
    assertNull(prompt.readLine());
  }
}
