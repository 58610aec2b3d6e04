package org.prosodyaccounts.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.Prototype;

/**
 * One reading of a configuration: the sections built so far, the files read, the warnings, and the
 * Lua machinery. It runs on one thread, the one {@link SandboxThread} starts.
 */
final class ConfigRun {

  private final Path mainFile;
  private final Map<String, String> environment;
  private final SandboxHook hook;
  private final Globals lua = new Globals();
  private final LuaTable library;
  private final Map<String, Section> sections = new LinkedHashMap<>();
  private final List<Path> files = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final Deque<Path> openFiles = new ArrayDeque<>();
  private long droppedWarnings;

  /** Warnings kept, so that a loop that reads an unknown name cannot fill the heap with them. */
  static final int MAX_WARNINGS = 100;

  ConfigRun(Path mainFile, Map<String, String> environment, SandboxHook hook) {
    this.mainFile = mainFile;
    this.environment = environment;
    this.hook = hook;
    this.library = StandardLibrary.create(hook, environment, lua);
    sections.put(Section.GLOBAL, new Section(Section.GLOBAL, null));
  }

  /**
   * Reads the main file and everything it includes.
   *
   * @throws ConfigException on any failure, located where possible
   */
  void run() throws ConfigException {
    byte[] source;
    try {
      source = SourceFiles.read(mainFile);
    } catch (IOException e) {
      throw new ConfigException(
          "cannot read the configuration file: "
              + SourceFiles.reason(e)
              + " (give --config FILE or set PROSODY_CONFIG)",
          new Location(mainFile, 0));
    }

    hook.startAllocationCount();
    try {
      openFiles.push(realPath(mainFile));
      execute(mainFile, source);
    } catch (FileFailure e) {
      throw e.failure().toException();
    } catch (LuaError e) {
      throw LuaErrors.runtime(e, hook).toException();
    } catch (SandboxStop e) {
      throw e.failure().toException();
    } catch (StackOverflowError e) {
      throw new ConfigException(
          "the configuration nests or recurses too deeply (Java stack overflow)",
          hook.errorLocation());
    } catch (OutOfMemoryError e) {
      throw new ConfigException(
          "the configuration needs more memory than the Java heap has", hook.errorLocation());
    } catch (RuntimeException e) {
      throw new ConfigException(
          "LuaJ failed while running the configuration: " + e, hook.errorLocation());
    }
  }

  /**
   * Reads an included file into the configuration for the {@code Include} at {@code at}. A failure
   * inside the file is raised in the including file as a {@link FileFailure}.
   */
  void include(Path target, String spec, Location at) {
    if (openFiles.size() >= Limits.MAX_INCLUDE_DEPTH) {
      throw new LuaError(
          "Include \""
              + spec
              + "\": more than "
              + Limits.MAX_INCLUDE_DEPTH
              + " nested Include levels");
    }
    if (files.size() >= Limits.MAX_FILES) {
      throw hook.stop("the configuration includes more than " + Limits.MAX_FILES + " files");
    }
    Path real = realPath(target);
    if (openFiles.contains(real)) {
      throw new LuaError(
          "Include \""
              + spec
              + "\": "
              + target
              + " is already being read, so it includes itself"
              + " (an Include cycle); remove one of the Include lines");
    }
    byte[] source;
    try {
      source = SourceFiles.read(target);
    } catch (IOException e) {
      throw new LuaError(
          "Include \"" + spec + "\": cannot read " + target + ": " + SourceFiles.reason(e));
    }

    openFiles.push(real);
    try {
      execute(target, source);
    } catch (FileFailure e) {
      throw new FileFailure(e.failure().includedFrom(at));
    } catch (LuaError e) {
      throw new FileFailure(LuaErrors.runtime(e, hook).includedFrom(at));
    } catch (SandboxStop e) {
      e.addIncludedFrom(at);
      throw e;
    } finally {
      openFiles.pop();
    }
  }

  private void execute(Path file, byte[] source) {
    files.add(file);
    String chunkName = "@" + file;
    hook.registerSource(chunkName, file);
    Prototype prototype = hook.exempt(() -> compile(file, chunkName, source));
    FileEnvironment environment = new FileEnvironment(this, file, chunkName);
    new LuaClosure(prototype, environment.table()).call();
  }

  private Prototype compile(Path file, String chunkName, byte[] source) {
    // Prosody loads the file as a string, so a first line starting with '#' is a syntax error
    // there, though LuaJ would skip it as a "#!" line.
    if (source.length > 0 && source[0] == '#') {
      throw new FileFailure(
          new Failure("syntax error: unexpected symbol near '#'", new Location(file, 1)));
    }
    if (source.length >= 3
        && (source[0] & 0xff) == 0xef
        && (source[1] & 0xff) == 0xbb
        && (source[2] & 0xff) == 0xbf) {
      throw new FileFailure(
          new Failure(
              "syntax error: the file starts with a UTF-8 byte order mark, which Lua rejects;"
                  + " save it without one",
              new Location(file, 1)));
    }
    warnAboutLua53Escapes(file, source);
    // NOTE: LuaJ 3.0.1 compiles Lua 5.2. Lua 5.3 and 5.4 syntax that Prosody on lua5.4 accepts,
    // such as //, bitwise operators and <const>, is a syntax error here.
    try {
      return lua.compilePrototype(new ByteArrayInputStream(source), chunkName);
    } catch (LuaError e) {
      throw new FileFailure(LuaErrors.syntax(e, file));
    } catch (IOException e) {
      throw new FileFailure(
          new Failure("cannot compile: " + e.getMessage(), new Location(file, 0)));
    }
  }

  /**
   * Warns about the string escapes backslash-x, backslash-u and backslash-z, which LuaJ 3.0.1 keeps
   * as plain text where Lua 5.4 decodes them, so such a string would differ from Prosody's.
   * Comments are not distinguished from strings, so a comment can cause the warning too.
   */
  private void warnAboutLua53Escapes(Path file, byte[] source) {
    int line = 1;
    int backslashes = 0;
    for (byte b : source) {
      if (b == 'x' || b == 'u' || b == 'z') {
        if (backslashes % 2 == 1) {
          warn(
              new Location(file, line)
                  + ": the escape \\"
                  + (char) b
                  + " is read as plain text here because LuaJ 3.0.1 does not decode it, but Prosody"
                  + " on Lua 5.4 does; write the character itself or a decimal escape instead");
          return;
        }
      }
      backslashes = b == '\\' ? backslashes + 1 : 0;
      if (b == '\n') {
        line++;
      }
    }
  }

  private static Path realPath(Path file) {
    try {
      return file.toRealPath();
    } catch (IOException e) {
      return file.toAbsolutePath().normalize();
    }
  }

  SandboxHook hook() {
    return hook;
  }

  Map<String, String> environment() {
    return environment;
  }

  LuaTable library() {
    return library;
  }

  /** Records a warning; past {@link #MAX_WARNINGS} only their number is kept. */
  void warn(String warning) {
    if (warnings.size() < MAX_WARNINGS) {
      warnings.add(warning);
    } else {
      droppedWarnings++;
    }
  }

  /** Returns an existing section; the global section always exists. */
  Section section(String name) {
    return sections.get(name);
  }

  /** Returns the section of that name, or null. */
  Section findSection(String name) {
    return sections.get(name);
  }

  /** Returns the section of that name, creating it as declared at {@code at} if it is new. */
  Section declareSection(String name, Location at) {
    return sections.computeIfAbsent(name, n -> new Section(n, at));
  }

  Map<String, Section> sections() {
    return Collections.unmodifiableMap(sections);
  }

  List<Path> files() {
    return List.copyOf(files);
  }

  List<String> warnings() {
    List<String> all = new ArrayList<>(warnings);
    if (droppedWarnings > 0) {
      all.add(droppedWarnings + " more warnings are not shown");
    }
    return List.copyOf(all);
  }
}
