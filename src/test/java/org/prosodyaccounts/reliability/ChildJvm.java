package org.prosodyaccounts.reliability;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds command lines that start a JVM with this test run's class path. */
public final class ChildJvm {

  private ChildJvm() {}

  /** Returns the class path of the running tests, as surefire sets it. */
  public static String classPath() {
    String path = System.getProperty("surefire.test.class.path");
    return path != null && !path.isEmpty() ? path : System.getProperty("java.class.path");
  }

  /**
   * Returns {@code java} with {@code jvmOptions}, this class path and {@code mainClass} followed by
   * {@code args}.
   */
  public static List<String> command(List<String> jvmOptions, Class<?> mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:+UseSerialGC");
    command.add("-Xshare:auto");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath());
    command.add(mainClass.getName());
    command.addAll(args);
    return command;
  }

  /** Returns true when every entry of the class path exists, so that a child JVM can start. */
  public static boolean classPathExists() {
    for (String entry : classPath().split(File.pathSeparator)) {
      if (!new File(entry).exists()) {
        return false;
      }
    }
    return true;
  }
}
