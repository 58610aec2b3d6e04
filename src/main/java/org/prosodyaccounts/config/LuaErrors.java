package org.prosodyaccounts.config;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * Turns LuaJ's error messages into located failures worded as Lua 5.4 words them, so that the
 * administrator reads what {@code lua5.4} or Prosody would print.
 */
final class LuaErrors {

  /** LuaJ's runtime prefix: chunk name, colon, line, space. */
  private static final Pattern RUNTIME_PREFIX = Pattern.compile("^@(.*?):(\\d+) ", Pattern.DOTALL);

  private static final Pattern[] PATTERNS = {
    Pattern.compile("^attempt to call (nil|\\w+)$"),
    Pattern.compile("^index expected, got (\\w+)$"),
    Pattern.compile("^attempt to index \\? \\(a (\\w+) value\\)$"),
    Pattern.compile("^attempt to perform arithmetic (?:__\\w+ )?on (\\w+) and (\\w+)$"),
    Pattern.compile("^attempt to concatenate (\\w+) and (\\w+)$"),
    Pattern.compile("^attempt to compare (?:__\\w+ on )?(\\w+) and (\\w+)$"),
    Pattern.compile("^attempt to get length of (\\w+)$"),
    Pattern.compile("^unexpected symbol \\d+ \\((.*)\\)$", Pattern.DOTALL),
  };

  private LuaErrors() {}

  /** Locates and rewords a runtime error, using where the hook saw it raised. */
  static Failure runtime(LuaError error, SandboxHook hook) {
    String message = error.getMessage() == null ? "error" : error.getMessage().strip();
    Location location = hook.errorLocation();
    Matcher prefix = RUNTIME_PREFIX.matcher(message);
    if (prefix.find()) {
      Path file = hook.fileOf(LuaString.valueOf("@" + prefix.group(1)));
      if (file != null) {
        location = new Location(file, Integer.parseInt(prefix.group(2)));
        message = message.substring(prefix.end());
      }
    }
    return new Failure(reword(message, hook.errorPrototype(), hook.errorPc()), location);
  }

  /**
   * Locates and rewords a syntax error of {@code file}, which LuaJ reports as "FILE:LINE: text".
   */
  static Failure syntax(LuaError error, Path file) {
    String message = error.getMessage() == null ? "syntax error" : error.getMessage().strip();
    String prefix = file + ":";
    int line = 0;
    if (message.startsWith(prefix)) {
      Matcher number = Pattern.compile("^(\\d+): ").matcher(message.substring(prefix.length()));
      if (number.find()) {
        line = Integer.parseInt(number.group(1));
        message = message.substring(prefix.length() + number.end());
      }
    }
    return new Failure("syntax error: " + reword(message, null, 0), new Location(file, line));
  }

  /** Rewords one LuaJ message; names the value as Lua 5.4 does where the bytecode shows it. */
  static String reword(String message, Prototype prototype, int pc) {
    for (int i = 0; i < PATTERNS.length; i++) {
      Matcher m = PATTERNS[i].matcher(message);
      if (m.matches()) {
        return switch (i) {
          case 0 -> "attempt to call a " + m.group(1) + " value" + name(prototype, pc, true);
          case 1, 2 -> "attempt to index a " + m.group(1) + " value" + name(prototype, pc, false);
          case 3 -> "attempt to perform arithmetic on a " + odd(m, "number") + " value";
          case 4 -> "attempt to concatenate a " + odd(m, "string") + " value";
          case 5 -> "attempt to compare " + m.group(1) + " with " + m.group(2);
          case 6 -> "attempt to get length of a " + m.group(1) + " value";
          default -> "unexpected symbol near '" + m.group(1) + "'";
        };
      }
    }
    return message;
  }

  /** Returns the operand type that is not {@code usual}, or the first one. */
  private static String odd(Matcher m, String usual) {
    return m.group(1).equals(usual) || m.group(1).equals("number") ? m.group(2) : m.group(1);
  }

  /**
   * Returns " (global 'foo')" and the like for the called or indexed register of the instruction at
   * {@code pc}, or "" when the bytecode does not show a name.
   */
  private static String name(Prototype prototype, int pc, boolean call) {
    if (prototype == null || pc < 0 || pc >= prototype.code.length) {
      return "";
    }
    int instruction = prototype.code[pc];
    int op = Lua.GET_OPCODE(instruction);
    int register;
    if (call && (op == Lua.OP_CALL || op == Lua.OP_TAILCALL)) {
      register = Lua.GETARG_A(instruction);
    } else if (!call && (op == Lua.OP_GETTABLE || op == Lua.OP_SELF)) {
      register = Lua.GETARG_B(instruction);
    } else if (!call && op == Lua.OP_SETTABLE) {
      register = Lua.GETARG_A(instruction);
    } else {
      return "";
    }
    return describeRegister(prototype, pc, register);
  }

  private static String describeRegister(Prototype prototype, int pc, int register) {
    LuaString local = prototype.getlocalname(register + 1, pc);
    if (local != null) {
      return " (local '" + local + "')";
    }
    // The value was loaded by the last instruction before pc that wrote the register.
    for (int at = pc - 1; at >= 0; at--) {
      int instruction = prototype.code[at];
      if (Lua.GETARG_A(instruction) != register) {
        continue;
      }
      return switch (Lua.GET_OPCODE(instruction)) {
        case Lua.OP_GETTABUP -> global(prototype, instruction);
        case Lua.OP_GETTABLE -> constantName(prototype, Lua.GETARG_C(instruction), "field");
        case Lua.OP_SELF -> constantName(prototype, Lua.GETARG_C(instruction), "method");
        case Lua.OP_GETUPVAL -> upvalue(prototype, Lua.GETARG_B(instruction));
        default -> "";
      };
    }
    return "";
  }

  private static String global(Prototype prototype, int instruction) {
    int upvalue = Lua.GETARG_B(instruction);
    boolean environment =
        upvalue < prototype.upvalues.length
            && prototype.upvalues[upvalue].name != null
            && prototype.upvalues[upvalue].name.tojstring().equals("_ENV");
    return constantName(prototype, Lua.GETARG_C(instruction), environment ? "global" : "field");
  }

  private static String constantName(Prototype prototype, int rk, String kind) {
    if (!Lua.ISK(rk)) {
      return "";
    }
    LuaValue key = prototype.k[Lua.INDEXK(rk)];
    return key.isstring() && !key.isnumber() ? " (" + kind + " '" + key.tojstring() + "')" : "";
  }

  private static String upvalue(Prototype prototype, int index) {
    if (index >= prototype.upvalues.length || prototype.upvalues[index].name == null) {
      return "";
    }
    return " (upvalue '" + prototype.upvalues[index].name.tojstring() + "')";
  }
}
