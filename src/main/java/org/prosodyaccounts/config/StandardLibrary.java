package org.prosodyaccounts.config;

import java.util.Map;
import java.util.Set;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.OsLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * The part of Lua's standard library that a configuration may use: the base functions without those
 * that load code, touch files or the collector, and {@code string}, {@code table}, {@code math},
 * with {@code os.getenv}, {@code os.time} and {@code os.date}. Functions that can build large
 * strings or return many values are wrapped by {@link BoundedFunctions}.
 *
 * <p>Reading a name of the full library that is left out, such as {@code io}, {@code require} or
 * {@code os.execute}, stops the configuration with an error naming it.
 */
final class StandardLibrary {

  /** Names of Lua 5.1 to 5.4 and LuaJ that exist in Prosody's environment but not here. */
  static final Set<String> WITHHELD =
      Set.of(
          "io",
          "debug",
          "luajava",
          "require",
          "package",
          "module",
          "dofile",
          "loadfile",
          "load",
          "loadstring",
          "collectgarbage",
          "coroutine",
          "setfenv",
          "getfenv",
          "utf8");

  private static final Set<String> BASE_FUNCTIONS =
      Set.of(
          "assert",
          "error",
          "getmetatable",
          "ipairs",
          "next",
          "pairs",
          "pcall",
          "rawequal",
          "rawget",
          "rawlen",
          "rawset",
          "select",
          "setmetatable",
          "tonumber",
          "tostring",
          "type",
          "xpcall");

  private static final Set<String> WITHHELD_OS =
      Set.of("execute", "exit", "remove", "rename", "tmpname", "setlocale", "clock", "difftime");

  private static final String WHY =
      "prosody-accounts runs the configuration without access to files, programs or Lua modules";

  /**
   * The string table behind the metatable of all strings, so that {@code s:rep(n)} is bounded too.
   * It is shared by every reading and holds only stateless functions.
   */
  private static final LuaTable SHARED_STRING = boundedStringTable(new Globals());

  private static final LuaTable STRING_METATABLE =
      LuaValue.tableOf(
          new LuaValue[] {LuaValue.INDEX, SHARED_STRING, LuaValue.METATABLE, LuaValue.FALSE});

  private StandardLibrary() {}

  /**
   * Creates the library for one reading. Its base functions report calls to {@code hook}, which
   * also locates the errors raised for withheld names.
   *
   * @param compilerHost receives LuaJ's compiler, for compiling configuration files
   */
  static LuaTable create(SandboxHook hook, Map<String, String> environment, Globals compilerHost) {
    installStringMetatable();
    Globals lua = compilerHost;
    lua.load(new BaseLib());
    lua.load(new PackageLib());
    lua.load(new TableLib());
    lua.load(new JseMathLib());
    lua.load(new OsLib());
    LuaC.install(lua);
    lua.debuglib = hook;

    LuaTable library = new LuaTable();
    for (String name : BASE_FUNCTIONS) {
      library.rawset(name, lua.rawget(name));
    }
    library.rawset("_G", library);
    // LuaJ implements the language of Lua 5.2.
    library.rawset("_VERSION", "Lua 5.2");
    library.rawset("print", new DiscardingPrint());
    library.rawset("string", copy(SHARED_STRING, guard(hook, "string.", Set.of("dump"))));
    library.rawset("table", boundedTable(lua.get("table").checktable()));
    library.rawset("math", copy(lua.get("math").checktable(), null));
    library.rawset("os", osTable(hook, environment, lua.get("os").checktable()));
    library.setmetatable(guard(hook, "", WITHHELD));
    return library;
  }

  /**
   * Makes every string's metatable the bounded one. LuaJ keeps that metatable in a static field
   * shared by the whole JVM, so this replaces one set by other LuaJ users, who would then get the
   * bounded functions without {@code string.dump}.
   */
  static void installStringMetatable() {
    LuaString.s_metatable = STRING_METATABLE;
  }

  private static LuaTable boundedStringTable(Globals scratch) {
    scratch.load(new BaseLib());
    scratch.load(new PackageLib());
    LuaValue loaded = scratch.load(new StringLib());
    LuaTable string = copy(loaded.checktable(), null);
    string.rawset("dump", LuaValue.NIL);
    string.rawset("rep", new BoundedFunctions.Rep());
    string.rawset("format", new BoundedFunctions.Format(string.rawget("format")));
    string.rawset("gsub", new BoundedFunctions.Gsub(string.rawget("gsub")));
    string.rawset("byte", new BoundedFunctions.Byte(string.rawget("byte")));
    return string;
  }

  private static LuaTable boundedTable(LuaTable table) {
    LuaTable bounded = copy(table, null);
    bounded.rawset("concat", new BoundedFunctions.Concat(table.rawget("concat")));
    bounded.rawset("unpack", new BoundedFunctions.Unpack(table.rawget("unpack")));
    return bounded;
  }

  private static LuaTable osTable(SandboxHook hook, Map<String, String> environment, LuaTable os) {
    LuaTable bounded = new LuaTable();
    bounded.rawset("time", os.rawget("time"));
    bounded.rawset("date", os.rawget("date"));
    bounded.rawset("getenv", new GetEnv(environment));
    bounded.setmetatable(guard(hook, "os.", WITHHELD_OS));
    return bounded;
  }

  private static LuaTable copy(LuaTable source, LuaTable metatable) {
    LuaTable copy = new LuaTable();
    LuaValue key = LuaValue.NIL;
    while (true) {
      Varargs entry = source.next(key);
      key = entry.arg1();
      if (key.isnil()) {
        break;
      }
      copy.rawset(key, entry.arg(2));
    }
    if (metatable != null) {
      copy.setmetatable(metatable);
    }
    return copy;
  }

  /**
   * Returns a metatable whose {@code __index} stops the script for the names in {@code withheld}.
   */
  private static LuaTable guard(SandboxHook hook, String prefix, Set<String> withheld) {
    LuaTable metatable = new LuaTable();
    metatable.rawset(LuaValue.INDEX, new Guard(hook, prefix, withheld));
    metatable.rawset(LuaValue.METATABLE, LuaValue.FALSE);
    return metatable;
  }

  /**
   * Returns the message of the stop for a withheld name such as {@code io} or {@code os.execute}.
   */
  static String withheldMessage(String qualifiedName) {
    return "'" + qualifiedName + "' is not available: " + WHY;
  }

  private static final class Guard extends TwoArgFunction {
    private final SandboxHook hook;
    private final String prefix;
    private final Set<String> withheld;

    Guard(SandboxHook hook, String prefix, Set<String> withheld) {
      this.hook = hook;
      this.prefix = prefix;
      this.withheld = withheld;
    }

    @Override
    public LuaValue call(LuaValue table, LuaValue key) {
      if (key.isstring() && withheld.contains(key.tojstring())) {
        throw hook.stop(withheldMessage(prefix + key.tojstring()));
      }
      return NIL;
    }
  }

  /** {@code print}, which Prosody sends to standard output; here the output is dropped. */
  private static final class DiscardingPrint extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      return NONE;
    }
  }

  /** {@code os.getenv}, reading the environment given to the reading instead of the process's. */
  private static final class GetEnv extends OneArgFunction {
    private final Map<String, String> environment;

    GetEnv(Map<String, String> environment) {
      this.environment = environment;
    }

    @Override
    public LuaValue call(LuaValue name) {
      String value = environment.get(name.checkjstring());
      return value == null ? NIL : valueOf(value);
    }
  }
}
