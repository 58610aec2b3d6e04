package org.prosodyaccounts.lua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LuaTableTest {

  @Test
  void toStringHidesStringValues() {
    LuaTable record = new LuaTable().put("password", "hunter2").put("iteration_count", 10000).put("disabled", true);

    String text = record.toString();

    assertFalse(text.contains("hunter2"), text);
    assertEquals("{password=string(7 bytes), iteration_count=10000, disabled=true}", text);
  }

  @Test
  void integralFloatKeyIsIntegerKey() {
    LuaTable table = new LuaTable().put(LuaFloat.of(2.0), LuaString.of("two"));

    assertEquals(LuaString.of("two"), table.get(LuaInteger.of(2)).orElseThrow());
  }

  @Test
  void nanKeyIsRejected() {
    LuaTable table = new LuaTable();

    assertThrows(IllegalArgumentException.class, () -> table.put(LuaFloat.of(Double.NaN), LuaBoolean.TRUE));
  }

  @Test
  void nullValueRemovesKey() {
    LuaTable table = new LuaTable().put("a", "x");

    table.put("a", (LuaData) null);

    assertEquals(0, table.size());
  }
}
