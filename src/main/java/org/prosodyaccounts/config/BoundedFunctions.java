package org.prosodyaccounts.config;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Library functions whose result can be far larger than their arguments, wrapped so that they raise
 * a Lua error before LuaJ allocates more than {@link Limits#MAX_STRING_BYTES} for one string or
 * {@link Limits#MAX_RESULTS} values. The checks use upper bounds where the exact size is only known
 * afterwards. The functions hold no state, so every reading can share them.
 */
final class BoundedFunctions {

  private BoundedFunctions() {}

  private static void checkLength(String function, double length) {
    if (length > Limits.MAX_STRING_BYTES) {
      throw new LuaError(
          "string too long: "
              + function
              + " could make "
              + String.format("%.0f", length)
              + " bytes, more than the limit of "
              + Limits.mebibytes(Limits.MAX_STRING_BYTES));
    }
  }

  private static void checkCount(String function, double count) {
    if (count > Limits.MAX_RESULTS) {
      throw new LuaError(
          "too many results: "
              + function
              + " would return "
              + String.format("%.0f", count)
              + " values, more than the limit of "
              + Limits.MAX_RESULTS);
    }
  }

  /** Returns the most bytes that {@code tostring(value)} can produce. */
  private static long maxStringLength(LuaValue value) {
    if (value instanceof LuaString string) {
      return string.length();
    }
    if (value.isnumber()) {
      return 32;
    }
    LuaValue metatable = value.getmetatable();
    boolean custom = metatable != null && !metatable.rawget(LuaValue.TOSTRING).isnil();
    return custom ? Limits.MAX_STRING_BYTES : 64;
  }

  /** {@code string.rep(s, n [, sep])}, written here because LuaJ 3.0.1 ignores {@code sep}. */
  static final class Rep extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      LuaString s = args.checkstring(1);
      double n = Math.floor(args.checkdouble(2));
      LuaString separator = args.optstring(3, EMPTYSTRING);
      if (n <= 0) {
        return EMPTYSTRING;
      }
      checkLength("string.rep", n * s.length() + (n - 1) * separator.length());

      // One copy of s and sep, then the filled prefix doubled until the result is full.
      int count = (int) n;
      int unit = s.length() + separator.length();
      byte[] result = new byte[count * unit - separator.length()];
      s.copyInto(0, result, 0, s.length());
      separator.copyInto(
          0, result, s.length(), Math.min(separator.length(), result.length - s.length()));
      for (int filled = Math.min(unit, result.length); filled < result.length; filled *= 2) {
        System.arraycopy(result, 0, result, filled, Math.min(filled, result.length - filled));
      }
      return LuaString.valueUsing(result);
    }
  }

  /** {@code string.format}: the format plus every argument at its longest, plus 99 per width. */
  static final class Format extends VarArgFunction {
    private final LuaValue format;

    Format(LuaValue format) {
      this.format = format;
    }

    @Override
    public Varargs invoke(Varargs args) {
      LuaString pattern = args.checkstring(1);
      double bound = pattern.length();
      for (int i = 0; i < pattern.length(); i++) {
        if (pattern.luaByte(i) == '%') {
          bound += 99;
        }
      }
      for (int i = 2; i <= args.narg(); i++) {
        bound += maxStringLength(args.arg(i));
      }
      checkLength("string.format", bound);
      return format.invoke(args);
    }
  }

  /**
   * {@code string.gsub}. A string replacement is bounded by its length with each {@code %0} to
   * {@code %9} counted as the whole subject; a function or table replacement is counted as it
   * returns, and the call stops once the total would pass the limit.
   */
  static final class Gsub extends VarArgFunction {
    private final LuaValue gsub;

    Gsub(LuaValue gsub) {
      this.gsub = gsub;
    }

    @Override
    public Varargs invoke(Varargs args) {
      LuaString subject = args.checkstring(1);
      args.checkstring(2);
      LuaValue replacement = args.arg(3);
      double matches = subject.length() + 1.0;
      if (!args.arg(4).isnil()) {
        matches = Math.max(0, Math.min(matches, args.checkdouble(4)));
      }

      if (replacement.isstring()) {
        LuaString text = replacement.checkstring();
        double perMatch = text.length() + captureReferences(text) * (double) subject.length();
        // NOTE: a long subject with %1 in the replacement can be rejected even when few matches
        // would occur, because the bound assumes that every position matches.
        checkLength("string.gsub", subject.length() + matches * perMatch);
        return gsub.invoke(args);
      }
      if (replacement.isfunction() || replacement.istable()) {
        LuaValue counted = new CountingReplacement(replacement, subject.length());
        return gsub.invoke(
            varargsOf(new LuaValue[] {subject, args.arg(2), counted}, args.subargs(4)));
      }
      return gsub.invoke(args);
    }

    private static int captureReferences(LuaString text) {
      int references = 0;
      for (int i = 0; i + 1 < text.length(); i++) {
        if (text.luaByte(i) == '%') {
          if (Character.isDigit(text.luaByte(i + 1))) {
            references++;
          }
          i++;
        }
      }
      return references;
    }
  }

  /** A gsub replacement function or table that counts the bytes it hands back. */
  private static final class CountingReplacement extends VarArgFunction {
    private final LuaValue replacement;
    private long total;

    CountingReplacement(LuaValue replacement, long subjectLength) {
      this.replacement = replacement;
      this.total = subjectLength;
    }

    @Override
    public Varargs invoke(Varargs captures) {
      LuaValue value =
          replacement.istable()
              ? replacement.get(captures.arg1())
              : replacement.invoke(captures).arg1();
      if (value.isstring()) {
        total += value.checkstring().length();
        checkLength("string.gsub", total);
      }
      return value;
    }
  }

  /** {@code string.byte(s, i, j)}, for which LuaJ allocates one array of all the values. */
  static final class Byte extends VarArgFunction {
    private final LuaValue byteFunction;

    Byte(LuaValue byteFunction) {
      this.byteFunction = byteFunction;
    }

    @Override
    public Varargs invoke(Varargs args) {
      int length = args.checkstring(1).length();
      double first = position(args.optdouble(2, 1), length);
      double last = position(args.optdouble(3, first), length);
      checkCount("string.byte", Math.min(last, length) - Math.max(first, 1) + 1);
      return byteFunction.invoke(args);
    }

    private static double position(double index, int length) {
      return index < 0 ? length + index + 1 : index;
    }
  }

  /** {@code table.unpack(t, i, j)}, for which LuaJ allocates one array of all the values. */
  static final class Unpack extends VarArgFunction {
    private final LuaValue unpack;

    Unpack(LuaValue unpack) {
      this.unpack = unpack;
    }

    @Override
    public Varargs invoke(Varargs args) {
      LuaTable table = args.checktable(1);
      double first = args.optdouble(2, 1);
      double last = args.isnil(3) ? table.rawlen() : args.checkdouble(3);
      checkCount("table.unpack", last - first + 1);
      return unpack.invoke(args);
    }
  }

  /** {@code table.concat(t, sep, i, j)}: sums the lengths first, stopping at the limit. */
  static final class Concat extends VarArgFunction {
    private final LuaValue concat;

    Concat(LuaValue concat) {
      this.concat = concat;
    }

    @Override
    public Varargs invoke(Varargs args) {
      LuaTable table = args.checktable(1);
      int separator = args.optstring(2, EMPTYSTRING).length();
      double first = args.optdouble(3, 1);
      double last = args.isnil(4) ? table.length() : args.checkdouble(4);

      // Present entries bound the loop: it stops at the first one that is not a string or number,
      // for which LuaJ raises the error.
      long total = 0;
      for (double i = first; i <= last; i++) {
        LuaValue item = table.rawget(LuaValue.valueOf(i));
        if (!item.isstring()) {
          break;
        }
        total += maxStringLength(item) + (i > first ? separator : 0);
        checkLength("table.concat", total);
      }
      return concat.invoke(args);
    }
  }
}
