package org.prosodyaccounts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Parses and checks the documents that {@code --json} prints, as docs/json-output.md describes them. */
final class JsonDocuments {

  /** The error codes docs/json-output.md lists, which scripts compare. */
  static final List<String> ERROR_CODES =
      List.of(
          "usage",
          "invalid_jid",
          "invalid_password",
          "no_password",
          "account_exists",
          "no_such_account",
          "no_such_host",
          "host_rejected",
          "password_mismatch",
          "account_disabled",
          "account_unusable",
          "corrupt_file",
          "io_error",
          "configuration",
          "problems_found",
          "import_invalid",
          "manifest_invalid",
          "internal");

  private static final Set<String> TOP_LEVEL_FIELDS =
      Set.of("schema", "command", "ok", "exit_code", "dry_run", "result", "warnings", "error");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonDocuments() {}

  /**
   * Parses the run's standard output as exactly one document, checks the fields that every
   * document has, and checks that none of {@code secrets} appears on standard output or error.
   */
  static JsonNode parse(CliRun run, String... secrets) {
    JsonNode document;
    try (JsonParser parser = MAPPER.createParser(run.out)) {
      document = MAPPER.readTree(parser);
      assertNull(parser.nextToken(), "standard output holds more than one document: " + run);
    } catch (IOException e) {
      throw new UncheckedIOException("standard output is not one JSON document: " + run, e);
    }
    assertTrue(run.out.endsWith("}\n"), "the document does not end with its own line: " + run);
    for (String secret : secrets) {
      assertFalse(run.out.contains(secret), "standard output contains a secret: " + run);
      assertFalse(run.err.contains(secret), "standard error contains a secret: " + run);
    }
    checkTopLevel(document, run);
    return document;
  }

  private static void checkTopLevel(JsonNode document, CliRun run) {
    assertTrue(document.isObject(), run.toString());
    Set<String> fields = new HashSet<>();
    for (Iterator<String> names = document.fieldNames(); names.hasNext(); ) {
      fields.add(names.next());
    }
    assertTrue(TOP_LEVEL_FIELDS.containsAll(fields), "unknown top-level fields " + fields + ": " + run);

    assertTrue(document.path("schema").isInt(), run.toString());
    assertEquals(1, document.get("schema").intValue(), run.toString());
    assertTrue(document.has("command"), run.toString());
    assertTrue(document.get("command").isTextual() || document.get("command").isNull(), run.toString());
    assertTrue(document.path("exit_code").isInt(), run.toString());
    assertEquals(run.exitCode, document.get("exit_code").intValue(), run.toString());
    assertTrue(document.path("ok").isBoolean(), run.toString());
    assertEquals(run.exitCode == 0, document.get("ok").booleanValue(), run.toString());
    assertTrue(document.path("dry_run").isBoolean(), run.toString());
    assertTrue(document.path("warnings").isArray(), run.toString());
    for (JsonNode warning : document.get("warnings")) {
      assertTrue(warning.isTextual(), run.toString());
    }
    if (document.has("result")) {
      assertTrue(document.get("result").isObject(), run.toString());
    }

    if (run.exitCode == 0) {
      assertFalse(document.has("error"), run.toString());
      return;
    }
    JsonNode error = document.path("error");
    assertTrue(error.isObject(), "a failed run has no error object: " + run);
    assertTrue(ERROR_CODES.contains(error.path("code").asText()), "unknown error code: " + run);
    assertTrue(error.path("message").isTextual(), run.toString());
    assertFalse(error.get("message").asText().isBlank(), "the error message is empty: " + run);
  }

  /** Returns the document's error code, or null when it has none. */
  static String errorCode(JsonNode document) {
    return document.has("error") ? document.get("error").get("code").asText() : null;
  }

  /** Returns the texts of a JSON array of strings. */
  static List<String> texts(JsonNode array) {
    assertTrue(array.isArray(), array.toString());
    List<String> texts = new java.util.ArrayList<>();
    for (JsonNode item : array) {
      texts.add(item.asText());
    }
    return texts;
  }
}
