package org.prosodyaccounts.config;

import java.io.IOException;
import java.nio.file.Path;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * The directives that name files: {@code Include} (also {@code include}), {@code RunScript}, and
 * Prosody 13.0's {@code FileContents}, {@code FileLine}, {@code FileLines} and {@code Credential}.
 * Relative names are resolved against the directory of the file that contains the directive, as
 * Prosody resolves them; {@code Credential} names against {@code $CREDENTIALS_DIRECTORY}.
 */
final class FileDirectives {

  /** The variable systemd sets for {@code LoadCredential=}; Prosody 13.0 reads it. */
  static final String CREDENTIALS_DIRECTORY = "CREDENTIALS_DIRECTORY";

  private final FileEnvironment file;

  FileDirectives(FileEnvironment file) {
    this.file = file;
  }

  LuaValue include() {
    return new OneArgFunction() {
      @Override
      public LuaValue call(LuaValue name) {
        String spec = fileName("Include", name);
        Location at = file.here();
        if (IncludePaths.isPattern(spec)) {
          for (Path target : IncludePaths.expand(file.directory(), spec)) {
            file.run().include(target, spec, at);
          }
        } else {
          file.run().include(IncludePaths.resolve(file.directory(), spec), spec, at);
        }
        return NIL;
      }
    };
  }

  LuaValue runScript() {
    return new OneArgFunction() {
      @Override
      public LuaValue call(LuaValue name) {
        String script = name.isstring() ? name.tojstring() : name.typename();
        throw file.run()
            .hook()
            .stop(
                "RunScript is not supported: it runs the Lua script \""
                    + script
                    + "\" with full access to the system, which prosody-accounts does not allow");
      }
    };
  }

  LuaValue fileContents() {
    return new TwoArgFunction() {
      @Override
      public LuaValue call(LuaValue name, LuaValue mode) {
        Path path = IncludePaths.resolve(file.directory(), fileName("FileContents", name));
        byte[] content = read("FileContents", path);
        if (mode.isnil() || mode.tojstring().matches("\\*?a")) {
          return LuaString.valueUsing(content);
        }
        if (mode.tojstring().matches("\\*?l")) {
          return firstLine("FileContents", path, content);
        }
        throw new LuaError("FileContents: unsupported read mode '" + mode.tojstring() + "'");
      }
    };
  }

  LuaValue fileLine() {
    return new OneArgFunction() {
      @Override
      public LuaValue call(LuaValue name) {
        Path path = IncludePaths.resolve(file.directory(), fileName("FileLine", name));
        return firstLine("FileLine", path, read("FileLine", path));
      }
    };
  }

  LuaValue fileLines() {
    return new OneArgFunction() {
      @Override
      public LuaValue call(LuaValue name) {
        Path path = IncludePaths.resolve(file.directory(), fileName("FileLines", name));
        return lines(read("FileLines", path));
      }
    };
  }

  LuaValue credential() {
    return new OneArgFunction() {
      @Override
      public LuaValue call(LuaValue name) {
        String credential = fileName("Credential", name);
        String directory = file.run().environment().get(CREDENTIALS_DIRECTORY);
        if (directory != null) {
          return LuaString.valueUsing(
              read("Credential", IncludePaths.resolve(Path.of(directory), credential)));
        }
        return deferredCredentialError(credential);
      }
    };
  }

  /**
   * Returns the value that prosodyctl 13.0 stores for a {@code Credential} without {@code
   * $CREDENTIALS_DIRECTORY}: an error that surfaces only where the option is used. Prosody then
   * treats the option as unset with a warning; {@link HostSettings} raises it instead for the
   * options it reads.
   */
  private LuaValue deferredCredentialError(String credential) {
    Location at = file.here();
    String detail =
        "Credential(\""
            + credential
            + "\") needs the environment variable "
            + CREDENTIALS_DIRECTORY
            + ", which is not set; set it to the directory that holds the credential files";
    file.run().warn(at + ": " + detail + " (the option is left unset, as prosodyctl does)");
    return LuaValue.userdataOf(new DeferredError(detail, at));
  }

  private static String fileName(String directive, LuaValue name) {
    if (name.type() != LuaValue.TSTRING) {
      throw new LuaError(directive + " needs a file name (a string), not " + name.typename());
    }
    return name.tojstring();
  }

  private byte[] read(String directive, Path path) {
    try {
      return SourceFiles.read(path);
    } catch (IOException e) {
      throw new LuaError(directive + ": cannot read " + path + ": " + SourceFiles.reason(e));
    }
  }

  private static LuaValue firstLine(String directive, Path path, byte[] content) {
    if (content.length == 0) {
      throw new LuaError(directive + ": " + path + " is empty");
    }
    int end = 0;
    while (end < content.length && content[end] != '\n') {
      end++;
    }
    return LuaString.valueOf(content, 0, end);
  }

  /** Splits at each newline as Lua's {@code io.lines} does: no empty entry after a final one. */
  private static LuaTable lines(byte[] content) {
    LuaTable lines = new LuaTable();
    int start = 0;
    int index = 1;
    for (int i = 0; i < content.length; i++) {
      if (content[i] == '\n') {
        lines.rawset(index++, LuaString.valueOf(content, start, i - start));
        start = i + 1;
      }
    }
    if (start < content.length) {
      lines.rawset(index, LuaString.valueOf(content, start, content.length - start));
    }
    return lines;
  }
}
