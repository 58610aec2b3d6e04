package org.prosodyaccounts.config;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.ThreeArgFunction;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * The global environment of one configuration file, built as Prosody 13.0's {@code configmanager}
 * builds it: an assignment to a global name sets an option in the current section, which starts as
 * the global section {@code *} and changes with {@code VirtualHost} and {@code Component} until the
 * end of the file. Each included file gets its own environment.
 *
 * <p>Reading a global name returns, in this order: {@code $FOO} from the given environment for
 * {@code ENV_FOO}; the standard library for {@code Lua}; the value of an option of that name set in
 * the current section (a table comes back as Prosody 13's option proxy, see {@link OptionProxy});
 * the standard library's value. A name the sandbox withholds, such as {@code io}, stops the
 * configuration; any other name reads as nil with a warning. Prosody 0.12.3 differs in one case:
 * it returns nil, not the value, for an option name.
 *
 * <p>It is a LuaJ {@link Globals} because LuaJ reports calls and instructions to the hook only for
 * chunks whose environment is one.
 */
final class FileEnvironment {

  private final ConfigRun run;
  private final Path file;
  private final String chunkName;
  private final Globals table = new Globals();
  private final Set<String> optionsSetHere = new HashSet<>();
  private String currentSection = Section.GLOBAL;

  FileEnvironment(ConfigRun run, Path file, String chunkName) {
    this.run = run;
    this.file = file;
    this.chunkName = chunkName;

    table.debuglib = run.hook();
    HostDirectives hosts = new HostDirectives(this);
    table.rawset("VirtualHost", hosts.virtualHost());
    table.rawset("Host", hosts.virtualHost());
    table.rawset("host", hosts.virtualHost());
    table.rawset("Component", hosts.component());
    table.rawset("component", hosts.component());
    FileDirectives files = new FileDirectives(this);
    table.rawset("Include", files.include());
    table.rawset("include", files.include());
    table.rawset("RunScript", files.runScript());
    table.rawset("FileContents", files.fileContents());
    table.rawset("FileLine", files.fileLine());
    table.rawset("FileLines", files.fileLines());
    table.rawset("Credential", files.credential());

    LuaTable metatable = new LuaTable();
    metatable.rawset(LuaValue.INDEX, new Index());
    metatable.rawset(LuaValue.NEWINDEX, new NewIndex());
    // Prosody leaves this metatable open. Locking it keeps a configuration from detaching the
    // option model, which would leave its later options unread without an error.
    metatable.rawset(LuaValue.METATABLE, LuaValue.FALSE);
    table.setmetatable(metatable);
  }

  Globals table() {
    return table;
  }

  ConfigRun run() {
    return run;
  }

  Path file() {
    return file;
  }

  /** Returns the directory that relative names in this file are resolved against. */
  Path directory() {
    Path parent = file.getParent();
    return parent == null ? Path.of("").toAbsolutePath() : parent;
  }

  /** Returns the line this file's code is running at, as Prosody's {@code get_line_number} does. */
  Location here() {
    return new Location(file, run.hook().lineIn(chunkName));
  }

  String currentSection() {
    return currentSection;
  }

  void switchTo(String section) {
    currentSection = section;
  }

  private final class Index extends TwoArgFunction {
    @Override
    public LuaValue call(LuaValue environment, LuaValue key) {
      if (!key.isstring()) {
        return NIL;
      }
      String name = key.tojstring();
      if (name.startsWith("ENV_")) {
        String value = run.environment().get(name.substring(4));
        return value == null ? NIL : valueOf(value);
      }
      if (name.equals("Lua")) {
        return run.library();
      }

      Option option = run.section(currentSection).get(name);
      LuaValue standard = run.library().rawget(name);
      if (option != null) {
        run.warn(
            here()
                + ": reads the option '"
                + name
                + "' as a variable; Prosody 13 returns its value, Prosody 0.12 returns nil");
        return option.value().istable()
            ? OptionProxy.create(run, currentSection, name, FileEnvironment.this)
            : option.value();
      }
      if (!standard.isnil()) {
        return standard;
      }
      if (StandardLibrary.WITHHELD.contains(name)) {
        throw run.hook().stop(StandardLibrary.withheldMessage(name));
      }
      run.warn(
          here() + ": unknown name '" + name + "' reads as nil (missing quotes around a value?)");
      return NIL;
    }
  }

  private final class NewIndex extends ThreeArgFunction {
    @Override
    public LuaValue call(LuaValue environment, LuaValue key, LuaValue value) {
      Location at = here();
      if (!key.isstring() || key.isnumber()) {
        run.warn(at + ": ignores the assignment to the non-string global key " + key.tojstring());
        return NIL;
      }
      String name = key.tojstring();
      if (!optionsSetHere.add(currentSection + "/" + name)) {
        run.warn(at + ": duplicate option '" + name + "' in section \"" + currentSection + "\"");
      }
      run.section(currentSection).set(name, value, at);
      return NIL;
    }
  }
}
