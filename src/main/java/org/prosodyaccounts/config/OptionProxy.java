package org.prosodyaccounts.config;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Prosody 13.0's proxy for an option whose value is a table, which a configuration gets when it
 * reads the option. It has {@code :append(list)}, {@code :value()} and {@code :values()}, which can
 * also be called with a table to append it, as in {@code modules_enabled:append { "ping" }} or
 * {@code modules_enabled { "ping" }}. Appending changes the option in place. Any other key is an
 * error.
 */
final class OptionProxy {

  private OptionProxy() {}

  static LuaTable create(ConfigRun run, String section, String option, FileEnvironment file) {
    LuaTable operations = new LuaTable();
    Append append = new Append(run, section, option, file);
    operations.rawset("append", append);
    operations.rawset("value", new Value(run, section, option));
    operations.rawset("values", new Values(run, section, option));
    operations.setmetatable(
        LuaValue.tableOf(
            new LuaValue[] {
              LuaValue.INDEX,
              new TwoArgFunction() {
                @Override
                public LuaValue call(LuaValue table, LuaValue key) {
                  throw new LuaError("Unknown config option operation: '" + key.tojstring() + "'");
                }
              }
            }));

    LuaTable metatable = new LuaTable();
    metatable.rawset(LuaValue.INDEX, operations);
    metatable.rawset(
        LuaValue.CALL,
        new TwoArgFunction() {
          @Override
          public LuaValue call(LuaValue self, LuaValue list) {
            LuaValue current = current(run, section, option);
            if ((current.isnil() || current.istable()) && list.istable()) {
              return append.call(self, list);
            }
            throw new LuaError("Invalid syntax - missing '=' perhaps?");
          }
        });
    LuaTable proxy = new LuaTable();
    proxy.setmetatable(metatable);
    return proxy;
  }

  private static LuaValue current(ConfigRun run, String section, String option) {
    Option value = run.section(section).get(option);
    return value == null ? LuaValue.NIL : value.value();
  }

  private static final class Append extends TwoArgFunction {
    private final ConfigRun run;
    private final String section;
    private final String option;
    private final FileEnvironment file;

    Append(ConfigRun run, String section, String option, FileEnvironment file) {
      this.run = run;
      this.section = section;
      this.option = option;
      this.file = file;
    }

    @Override
    public LuaValue call(LuaValue self, LuaValue list) {
      if (!list.istable()) {
        throw new LuaError(
            "'append' operation expects a list of values to append to the existing list");
      }
      LuaValue current = current(run, section, option);
      LuaTable target = current.istable() ? current.checktable() : new LuaTable();
      LuaTable items = list.checktable();
      if (!items.rawget(1).isnil()) {
        for (int i = 1; !items.rawget(i).isnil(); i++) {
          target.rawset(target.rawlen() + 1, items.rawget(i));
        }
      } else {
        copyEntries(items, target);
      }
      run.section(section).set(option, target, file.here());
      return self;
    }

    private static void copyEntries(LuaTable from, LuaTable to) {
      LuaValue key = LuaValue.NIL;
      while (true) {
        Varargs entry = from.next(key);
        key = entry.arg1();
        if (key.isnil()) {
          return;
        }
        to.rawset(key, entry.arg(2));
      }
    }
  }

  private static final class Value extends OneArgFunction {
    private final ConfigRun run;
    private final String section;
    private final String option;

    Value(ConfigRun run, String section, String option) {
      this.run = run;
      this.section = section;
      this.option = option;
    }

    @Override
    public LuaValue call(LuaValue self) {
      return current(run, section, option);
    }
  }

  /** {@code values()}: an iterator over the values of the option's table. */
  private static final class Values extends OneArgFunction {
    private final ConfigRun run;
    private final String section;
    private final String option;

    Values(ConfigRun run, String section, String option) {
      this.run = run;
      this.section = section;
      this.option = option;
    }

    @Override
    public LuaValue call(LuaValue self) {
      LuaValue table = current(run, section, option);
      return new VarArgFunction() {
        private LuaValue key = NIL;

        @Override
        public Varargs invoke(Varargs args) {
          if (!table.istable()) {
            return NIL;
          }
          Varargs entry = table.checktable().next(key);
          key = entry.arg1();
          return key.isnil() ? NIL : entry.arg(2);
        }
      };
    }
  }
}
