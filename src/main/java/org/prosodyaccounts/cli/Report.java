package org.prosodyaccounts.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The output of one command, in text or in JSON. Commands write through it instead of the raw
 * streams: text lines for standard output, notes for standard error, result fields and the error.
 *
 * <p>In text mode it prints at once exactly what the commands printed before it existed, and
 * result fields are dropped. In JSON mode ({@code --json}) it prints nothing until
 * {@link #finish}, which writes one document on standard output (schema version 1, described in
 * docs/json-output.md): notes become {@code warnings}, and text lines are dropped because the
 * result fields carry the same facts. A command whose result is too large to hold in memory
 * ({@code export}) streams it through {@link #streamResult}.
 *
 * <p>Not thread-safe: a command writes from one thread.
 */
final class Report {

  /** The version of the JSON document's layout, its {@code schema} field. */
  static final int SCHEMA = 1;

  /** Holds the JSON factory, so that text mode never loads Jackson. */
  private static final class Json {
    static final JsonFactory FACTORY = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();
  }

  private final String programName;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean json;

  private String command;
  private boolean dryRun;
  private final Map<String, Object> result = new LinkedHashMap<>();
  private boolean hasResult;
  private final List<String> warnings = new ArrayList<>();
  private ErrorCode errorCode;
  private String errorMessage;
  /** Text-mode lines that JSON mode dropped: the message of an error no command described. */
  private final List<String> droppedErrorText = new ArrayList<>();
  private JsonGenerator stream;

  /**
   * @param json true for one JSON document on {@code out}, false for text
   */
  Report(String programName, PrintStream out, PrintStream err, boolean json) {
    this.programName = programName;
    this.out = out;
    this.err = err;
    this.json = json;
  }

  boolean json() {
    return json;
  }

  String programName() {
    return programName;
  }

  /** Returns standard output, for a text-mode result that is streamed, such as {@code export}'s JSON Lines. */
  PrintStream standardOutput() {
    return out;
  }

  /** Returns standard error, for a progress line on a terminal. */
  PrintStream standardError() {
    return err;
  }

  /**
   * Returns the stream for password prompts without a terminal: standard output, where prosodyctl
   * writes them, or standard error in JSON mode, where standard output contains only the document.
   */
  PrintStream promptStream() {
    return json ? err : out;
  }

  /** Sets the document's {@code command}: the command word, such as {@code roster subscribe}. */
  void command(String name) {
    this.command = name;
  }

  /** Marks the run as a dry run, for the document's {@code dry_run}. */
  void dryRun(boolean dryRun) {
    this.dryRun = dryRun;
  }

  /**
   * Ends a dry run in text mode: prints on standard error the changes the result reports, when
   * {@code describeChanges} is true, and then that nothing was written. JSON mode prints nothing,
   * because its result and {@code dry_run} carry the same facts.
   */
  void endDryRun(boolean describeChanges) {
    if (json) {
      return;
    }
    if (describeChanges) {
      for (String change : dryRunChanges()) {
        err.println(programName + ": dry run: " + change);
      }
    }
    err.println(programName + ": dry run: nothing was written");
  }

  /**
   * Returns what the result of {@code register}, {@code adduser}, {@code passwd},
   * {@code unregister} or {@code deluser} would change, one sentence per account or deleted file.
   */
  private List<String> dryRunChanges() {
    Object jid = result.get("jid");
    Object action = result.get("action");
    List<String> changes = new ArrayList<>();
    if ("created".equals(action)) {
      changes.add("would create " + jid);
    } else if ("replaced".equals(action)) {
      changes.add("would replace the record of " + jid);
    } else if ("updated".equals(action)) {
      changes.add("would change the password of " + jid);
    } else if ("deleted".equals(action) && result.get("files") instanceof List<?> files) {
      for (Object file : files) {
        changes.add("would delete " + file);
      }
    }
    return changes;
  }

  /** Prints a line on standard output in text mode; JSON mode drops it. */
  void println(String line) {
    if (json) {
      return;
    }
    out.println(line);
  }

  /**
   * Reports a note that prosodyctl prints on standard output: there in text mode, an item of
   * {@code warnings} in JSON mode.
   */
  void noteOut(String line) {
    if (json) {
      warnings.add(line);
      return;
    }
    out.println(line);
  }

  /** Prints a line on standard error as it is, in text mode; JSON mode keeps it for an undescribed error. */
  void printErr(String line) {
    if (json) {
      droppedErrorText.add(line);
      return;
    }
    err.println(line);
  }

  /**
   * Reports a note or warning: {@code PROGRAM: message} on standard error in text mode, an item of
   * {@code warnings} in JSON mode.
   */
  void warn(String message) {
    if (json) {
      warnings.add(message);
      return;
    }
    err.println(programName + ": " + message);
  }

  /** Sets a field of the document's {@code result}; text mode ignores it. */
  Report put(String field, Object value) {
    hasResult = true;
    result.put(field, value);
    return this;
  }

  /** Appends {@code item} to the list in the result field {@code field}, creating the list. */
  @SuppressWarnings("unchecked")
  Report append(String field, Object item) {
    hasResult = true;
    ((List<Object>) result.computeIfAbsent(field, key -> new ArrayList<>())).add(item);
    return this;
  }

  /** Returns an ordered map for a nested result object. */
  static Map<String, Object> object() {
    return new LinkedHashMap<>();
  }

  /**
   * Records the failure and returns {@code exitCode}. Text mode prints {@code PROGRAM: message}
   * on standard error.
   */
  int fail(int exitCode, ErrorCode code, String message) {
    recordError(code, message);
    if (!json) {
      err.println(programName + ": " + message);
    }
    return exitCode;
  }

  /**
   * Records the failure and returns {@code exitCode}. Text mode prints {@code line} on standard
   * output, where prosodyctl prints its messages.
   */
  int failOut(int exitCode, ErrorCode code, String line) {
    recordError(code, line);
    println(line);
    return exitCode;
  }

  /**
   * Records the failure and returns {@code exitCode} without printing anything, for a failure
   * whose text the command prints itself.
   */
  int failed(int exitCode, ErrorCode code, String message) {
    recordError(code, message);
    return exitCode;
  }

  /**
   * Reports usage text: in text mode its lines on standard output or standard error; in JSON mode
   * the text as the result's {@code usage} when {@code exitCode} is 0, else as a {@code usage}
   * error.
   */
  int usage(int exitCode, boolean onStandardOutput, List<String> lines) {
    String text = String.join("\n", lines);
    if (json) {
      if (exitCode == ExitCode.OK) {
        put("usage", text);
      } else {
        recordError(ErrorCode.USAGE, text);
      }
      return exitCode;
    }
    PrintStream stream = onStandardOutput ? out : err;
    for (String line : lines) {
      stream.println(line);
    }
    return exitCode;
  }

  /** Keeps the first error: a later one is usually a consequence, such as a summary line. */
  private void recordError(ErrorCode code, String message) {
    if (errorCode == null) {
      errorCode = code;
      errorMessage = message;
    }
  }

  /**
   * Starts the document and its {@code result} object, and returns the generator to write the
   * result's fields to. {@link #finish} closes the result and writes the rest of the document.
   * Text mode returns null.
   */
  JsonGenerator streamResult() throws IOException {
    if (!json) {
      return null;
    }
    stream = Json.FACTORY.createGenerator(out, JsonEncoding.UTF8);
    stream.writeStartObject();
    writeHeader(stream);
    stream.writeBooleanField("dry_run", dryRun);
    stream.writeFieldName("result");
    stream.writeStartObject();
    hasResult = true;
    return stream;
  }

  /**
   * Ends the run: in JSON mode writes the document on standard output. Returns {@code exitCode}.
   */
  int finish(int exitCode) {
    if (!json) {
      return exitCode;
    }
    try {
      if (stream != null) {
        finishStream(stream, exitCode);
      } else {
        try (JsonGenerator generator = Json.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
          generator.writeStartObject();
          writeHeader(generator);
          writeOutcome(generator, exitCode);
          generator.writeBooleanField("dry_run", dryRun);
          if (hasResult) {
            generator.writeFieldName("result");
            writeValue(generator, result);
          }
          writeTrailer(generator, exitCode);
          generator.writeEndObject();
        }
      }
      out.println();
      out.flush();
    } catch (IOException e) {
      // A PrintStream does not throw, so this is a generator fault, not an output fault.
      throw new UncheckedIOException(e);
    }
    return exitCode;
  }

  private void finishStream(JsonGenerator generator, int exitCode) throws IOException {
    // Close whatever the command left open, such as an array cut short by an error, back to the
    // result object, then the result itself.
    JsonStreamContext context = generator.getOutputContext();
    while (!(context.inObject() && context.getParent().inRoot())) {
      if (context.inArray()) {
        generator.writeEndArray();
      } else {
        generator.writeEndObject();
      }
      context = generator.getOutputContext();
    }
    writeOutcome(generator, exitCode);
    writeTrailer(generator, exitCode);
    generator.writeEndObject();
    generator.close();
  }

  private void writeHeader(JsonGenerator generator) throws IOException {
    generator.writeNumberField("schema", SCHEMA);
    if (command == null) {
      generator.writeNullField("command");
    } else {
      generator.writeStringField("command", command);
    }
  }

  private static void writeOutcome(JsonGenerator generator, int exitCode) throws IOException {
    generator.writeBooleanField("ok", exitCode == ExitCode.OK);
    generator.writeNumberField("exit_code", exitCode);
  }

  private void writeTrailer(JsonGenerator generator, int exitCode) throws IOException {
    generator.writeArrayFieldStart("warnings");
    for (String warning : warnings) {
      generator.writeString(warning);
    }
    generator.writeEndArray();
    if (exitCode != ExitCode.OK) {
      ErrorCode code = errorCode != null ? errorCode : ErrorCode.forExitCode(exitCode);
      String message = errorMessage != null ? errorMessage : String.join("\n", droppedErrorText);
      generator.writeObjectFieldStart("error");
      generator.writeStringField("code", code.jsonName());
      generator.writeStringField("message", message);
      generator.writeEndObject();
    }
  }

  /** Writes a result value: a map, list, string, number, boolean, path or null. */
  private static void writeValue(JsonGenerator generator, Object value) throws IOException {
    if (value == null) {
      generator.writeNull();
    } else if (value instanceof Map<?, ?> map) {
      generator.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        generator.writeFieldName((String) entry.getKey());
        writeValue(generator, entry.getValue());
      }
      generator.writeEndObject();
    } else if (value instanceof List<?> list) {
      generator.writeStartArray();
      for (Object item : list) {
        writeValue(generator, item);
      }
      generator.writeEndArray();
    } else if (value instanceof String text) {
      generator.writeString(text);
    } else if (value instanceof Path path) {
      generator.writeString(path.toString());
    } else if (value instanceof Boolean flag) {
      generator.writeBoolean(flag);
    } else if (value instanceof Integer number) {
      generator.writeNumber(number);
    } else if (value instanceof Long number) {
      generator.writeNumber(number);
    } else {
      throw new IllegalArgumentException("no JSON form for a result value of " + value.getClass());
    }
  }
}
