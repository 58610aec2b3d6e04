package org.prosodyaccounts.config;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * Watches every call and instruction of the Lua VM while one configuration is read. LuaJ calls
 * these methods when {@code Globals.debuglib} is set on the environment of a chunk; no {@code
 * debug} table is ever given to Lua code.
 *
 * <p>It counts instructions, checks the time, the heap allocated by the reading thread and the call
 * depth, checks the length of every concatenation before LuaJ allocates it, and keeps its own call
 * stack so that directives and errors can name the file and line. Once a limit is reached, every
 * later instruction and call throws the same {@link SandboxStop}, so a Lua error handler that
 * swallows it cannot keep the script going. One instance serves one thread.
 */
final class SandboxHook extends DebugLib {

  private static final com.sun.management.ThreadMXBean THREADS = allocationCounter();

  /** Bit mask of the instruction count: the clock and the allocation counter are read every 16. */
  private static final int CHECK_INTERVAL_MASK = 15;

  private final long deadlineNanos;
  private final Map<LuaString, Path> sources = new HashMap<>();
  private long allocationStart;
  private long allocationExempt;
  private long instructions;
  private volatile boolean cancelled;
  private SandboxStop stop;

  private Frame[] frames = new Frame[16];
  private int depth;

  private boolean returnedSinceInstruction;
  private Prototype errorPrototype;
  private int errorPc;

  /** One active call: a Lua closure with its registers, or a library function (closure null). */
  private static final class Frame {
    LuaClosure closure;
    LuaValue[] stack;
    int pc;
  }

  SandboxHook(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
  }

  private static com.sun.management.ThreadMXBean allocationCounter() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
        && bean.isThreadAllocatedMemorySupported()
        && bean.isThreadAllocatedMemoryEnabled()) {
      return bean;
    }
    // NOTE: without HotSpot's per-thread allocation counter only the string, result and
    // instruction limits bound memory.
    return null;
  }

  /** Starts counting heap allocation from now, on the calling thread. */
  void startAllocationCount() {
    allocationStart = allocatedBytes();
  }

  /** Runs {@code work} without counting what it allocates, such as compiling a file. */
  <T> T exempt(java.util.function.Supplier<T> work) {
    long before = allocatedBytes();
    try {
      return work.get();
    } finally {
      allocationExempt += allocatedBytes() - before;
    }
  }

  private static long allocatedBytes() {
    return THREADS == null ? 0 : THREADS.getCurrentThreadAllocatedBytes();
  }

  /** Maps a chunk name to the file it was read from, for locations. */
  void registerSource(String chunkName, Path file) {
    sources.put(LuaString.valueOf(chunkName), file);
  }

  /** Makes the next instruction stop the script; safe to call from any thread. */
  void cancel() {
    cancelled = true;
  }

  @Override
  public void onCall(LuaClosure closure, Varargs varargs, LuaValue[] stack) {
    failIfStopped();
    if (depth >= Limits.MAX_CALL_DEPTH) {
      throw stop("stack overflow: more than " + Limits.MAX_CALL_DEPTH + " nested function calls");
    }
    push(closure, stack);
  }

  @Override
  public void onCall(LuaFunction function) {
    failIfStopped();
    push(null, null);
  }

  @Override
  public void onInstruction(int pc, Varargs varargs, int top) {
    failIfStopped();
    Frame frame = frames[depth - 1];
    frame.pc = pc;
    returnedSinceInstruction = false;

    if (++instructions > Limits.MAX_INSTRUCTIONS) {
      throw stop(
          "the configuration ran more than "
              + Limits.MAX_INSTRUCTIONS
              + " Lua instructions (an endless loop?)");
    }
    if ((instructions & CHECK_INTERVAL_MASK) == 0) {
      checkBudgets();
    }
    int instruction = frame.closure.p.code[pc];
    if (Lua.GET_OPCODE(instruction) == Lua.OP_CONCAT) {
      checkConcatenation(frame.stack, instruction);
    }
  }

  @Override
  public void onReturn() {
    Frame frame = frames[--depth];
    // The first frame left after an instruction is where an error was raised, if one was.
    if (!returnedSinceInstruction && frame.closure != null) {
      errorPrototype = frame.closure.p;
      errorPc = frame.pc;
    }
    returnedSinceInstruction = true;
    frame.closure = null;
    frame.stack = null;
  }

  /** Returns nothing, so that LuaJ's error messages carry no stack trace. */
  @Override
  public String traceback(int level) {
    return "";
  }

  private void push(LuaClosure closure, LuaValue[] stack) {
    if (depth == frames.length) {
      frames = java.util.Arrays.copyOf(frames, depth * 2);
    }
    Frame frame = frames[depth];
    if (frame == null) {
      frame = frames[depth] = new Frame();
    }
    frame.closure = closure;
    frame.stack = stack;
    frame.pc = 0;
    depth++;
  }

  private void failIfStopped() {
    if (stop != null) {
      throw stop;
    }
  }

  private void checkBudgets() {
    if (cancelled) {
      throw stop("reading the configuration was cancelled");
    }
    if (System.nanoTime() - deadlineNanos > 0) {
      throw stop("reading the configuration took longer than " + Limits.MAX_SECONDS + " s");
    }
    if (THREADS != null) {
      long used = allocatedBytes() - allocationStart - allocationExempt;
      if (used > Limits.MAX_ALLOCATED_BYTES) {
        throw stop(
            "the configuration allocated more than "
                + Limits.mebibytes(Limits.MAX_ALLOCATED_BYTES)
                + " of memory");
      }
    }
  }

  private static void checkConcatenation(LuaValue[] stack, int instruction) {
    long length = 0;
    for (int r = Lua.GETARG_B(instruction); r <= Lua.GETARG_C(instruction); r++) {
      LuaValue value = stack[r];
      if (value instanceof LuaString string) {
        length += string.length();
      } else if (value.isnumber()) {
        length += 32;
      } else {
        return; // a __concat metamethod or LuaJ's own type error decides
      }
    }
    if (length > Limits.MAX_STRING_BYTES) {
      throw new LuaError(
          "string too long: the concatenation would make "
              + length
              + " bytes, more than the limit of "
              + Limits.mebibytes(Limits.MAX_STRING_BYTES));
    }
  }

  /** Makes every later instruction and call throw a stop with {@code detail}, and returns it. */
  SandboxStop stop(String detail) {
    if (stop == null) {
      stop = new SandboxStop(detail, currentLocation());
    }
    return stop;
  }

  /** Returns the position of the innermost running Lua code, or null before any runs. */
  Location currentLocation() {
    for (int i = depth - 1; i >= 0; i--) {
      LuaClosure closure = frames[i].closure;
      if (closure != null) {
        return locate(closure.p, frames[i].pc);
      }
    }
    return null;
  }

  /**
   * Returns the line that the innermost running code of {@code chunkName} is at, or 0, as Prosody's
   * {@code get_line_number} finds the line of a directive call.
   */
  int lineIn(String chunkName) {
    LuaString source = LuaString.valueOf(chunkName);
    for (int i = depth - 1; i >= 0; i--) {
      LuaClosure closure = frames[i].closure;
      if (closure != null && source.equals(closure.p.source)) {
        return lineOf(closure.p, frames[i].pc);
      }
    }
    return 0;
  }

  /** Returns where the most recent error was raised, or null. */
  Location errorLocation() {
    return errorPrototype == null ? null : locate(errorPrototype, errorPc);
  }

  /** Returns the prototype of the code that raised the most recent error, or null. */
  Prototype errorPrototype() {
    return errorPrototype;
  }

  int errorPc() {
    return errorPc;
  }

  /** Returns the file that a chunk name was registered for, or null. */
  Path fileOf(LuaString chunkName) {
    return sources.get(chunkName);
  }

  private Location locate(Prototype prototype, int pc) {
    Path file = sources.get(prototype.source);
    return file == null ? null : new Location(file, lineOf(prototype, pc));
  }

  private static int lineOf(Prototype prototype, int pc) {
    int[] lines = prototype.lineinfo;
    return lines != null && pc >= 0 && pc < lines.length ? lines[pc] : 0;
  }
}
