package org.prosodyaccounts.config;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.OneArgFunction;
import org.prosodyaccounts.prep.PrepException;
import org.prosodyaccounts.prep.Stringprep;

/**
 * {@code VirtualHost} (also {@code Host} and {@code host}) and {@code Component} (also {@code
 * component}), with the checks and messages of Prosody 0.12 and 13.0's {@code configmanager}.
 *
 * <p>The name is Nameprepped as Prosody does, so {@code "Meet.Example.ORG"} names the section
 * {@code meet.example.org}. A trailing dot is kept, as in Prosody, so {@code "example.org."} is a
 * section of its own. The directive switches the file's current section to the host. The table
 * form, {@code VirtualHost "x" { option = value }}, sets those options and switches back to the
 * global section.
 */
final class HostDirectives {

  private final FileEnvironment file;

  HostDirectives(FileEnvironment file) {
    this.file = file;
  }

  LuaValue virtualHost() {
    return new OneArgFunction() {
      @Override
      public LuaValue call(LuaValue name) {
        return declareVirtualHost(name);
      }
    };
  }

  LuaValue component() {
    return new OneArgFunction() {
      @Override
      public LuaValue call(LuaValue name) {
        return declareComponent(name);
      }
    };
  }

  private LuaValue declareVirtualHost(LuaValue rawName) {
    String hostName = prep(rawName, "Host");
    ConfigRun run = file.run();
    Section existing = run.findSection(hostName);
    if (existing != null && existing.get("component_module") != null) {
      String module = existing.get("component_module").value().tojstring();
      String kind = module.equals("component") ? "external" : module.equals("muc") ? "MUC" : module;
      throw new LuaError(
          String.format(
              "Host \"%s\" clashes with previously defined %s Component \"%s\", for services use a"
                  + " sub-domain like conference.%s",
              hostName, kind, hostName, hostName));
    }

    Location at = file.here();
    Section section = run.declareSection(hostName, at);
    file.switchTo(hostName);
    section.set("defined", LuaValue.TRUE, at);
    return new OneArgFunction() {
      @Override
      public LuaValue call(LuaValue options) {
        file.switchTo(Section.GLOBAL);
        if (options.type() == LuaValue.TSTRING) {
          throw new LuaError(
              String.format(
                  "VirtualHost entries do not accept a module name (module '%s' provided for host"
                      + " '%s')",
                  options.tojstring(), hostName));
        }
        if (!options.istable()) {
          throw new LuaError(
              "Invalid syntax following VirtualHost, expected options but received a "
                  + options.typename());
        }
        setAll(section, options);
        return NIL;
      }
    };
  }

  private LuaValue declareComponent(LuaValue rawName) {
    String hostName = prep(rawName, "Component");
    ConfigRun run = file.run();
    Section existing = run.findSection(hostName);
    if (existing != null
        && existing.get("defined") != null
        && existing.get("component_module") == null) {
      throw new LuaError(
          String.format(
              "Component \"%s\" clashes with previously defined VirtualHost \"%s\", for services"
                  + " use a sub-domain like conference.%s",
              hostName, hostName, hostName));
    }

    Location at = file.here();
    Section section = run.declareSection(hostName, at);
    section.set("component_module", LuaValue.valueOf("component"), at);
    section.set("load_global_modules", LuaValue.FALSE, at);
    file.switchTo(hostName);
    OneArgFunction options =
        new OneArgFunction() {
          @Override
          public LuaValue call(LuaValue table) {
            file.switchTo(Section.GLOBAL);
            if (!table.istable()) {
              throw new LuaError(
                  "Invalid syntax following Component, expected options but received a "
                      + table.typename());
            }
            setAll(section, table);
            return NIL;
          }
        };
    return new OneArgFunction() {
      @Override
      public LuaValue call(LuaValue module) {
        if (module.type() == LuaValue.TSTRING) {
          section.set("component_module", module, file.here());
          return options;
        }
        return options.call(module);
      }
    };
  }

  /** Copies the string keys of a table form's options into the section. */
  private void setAll(Section section, LuaValue options) {
    Location at = file.here();
    LuaValue key = LuaValue.NIL;
    while (true) {
      Varargs entry = options.checktable().next(key);
      key = entry.arg1();
      if (key.isnil()) {
        return;
      }
      if (key.type() == LuaValue.TSTRING) {
        section.set(key.tojstring(), entry.arg(2), at);
      } else {
        file.run().warn(at + ": ignores the option with the non-string key " + key.tojstring());
      }
    }
  }

  /** Namepreps a section name as Prosody does, raising Prosody's errors. */
  private static String prep(LuaValue name, String directive) {
    if (!name.toboolean()) {
      throw new LuaError(directive + " must have a name");
    }
    if (!name.isstring()) {
      throw new LuaError(
          "bad argument #1 to '" + directive + "' (string expected, got " + name.typename() + ")");
    }
    try {
      return Stringprep.nameprep(decodeUtf8(name.checkstring()));
    } catch (PrepException | CharacterCodingException e) {
      throw new LuaError(
          String.format(
              "Name of %s \"%s\" contains forbidden characters", directive, name.tojstring()));
    }
  }

  private static String decodeUtf8(LuaString name) throws CharacterCodingException {
    byte[] bytes = new byte[name.length()];
    name.copyInto(0, bytes, 0, bytes.length);
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }
}
