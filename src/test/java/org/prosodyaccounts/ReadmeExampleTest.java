package org.prosodyaccounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prosodyaccounts.auth.AuthProvider;
import org.prosodyaccounts.auth.AuthSettings;
import org.prosodyaccounts.auth.HashAlgorithm;
import org.prosodyaccounts.auth.Verification;

/** The Java examples in README.md, compiled and run as a reader would. */
class ReadmeExampleTest {

  @TempDir Path work;

  @Test
  void libraryExampleCompilesAndRuns() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(block.find(), "README.md has no java block");
    Path source = Files.writeString(work.resolve("ProvisionJitsi.java"), block.group(1));
    Path classes = Files.createDirectory(work.resolve("classes"));
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();

    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    int status =
        compiler.run(
            null, diagnostics, diagnostics,
            "-classpath", System.getProperty("java.class.path"), "-d", classes.toString(), source.toString());

    assertEquals(0, status, diagnostics.toString(StandardCharsets.UTF_8));
    Path data = Files.createDirectory(work.resolve("data"));
    String output = runMain(classes, data);
    assertEquals("MATCH [focus, jvb]\n", output);

    ProsodyAccounts accounts = ProsodyAccounts.open(data);
    HostAccounts auth = accounts.host("auth.meet.example.org", AuthSettings.defaults());
    HostAccounts recorder =
        accounts.host("recorder.meet.example.org", new AuthSettings(AuthProvider.INTERNAL_PLAIN, HashAlgorithm.SHA_1, 10000));
    assertEquals(List.of("jvb"), auth.list().users());
    assertFalse(auth.exists("focus"));
    assertEquals(Verification.MATCH, auth.verify("jvb", "new-jvb-secret"));
    assertEquals(Verification.MATCH, recorder.verify("recorder", "recorder-secret"));

    assertEquals("account recorder@recorder.meet.example.org already exists\nMATCH [focus, jvb]\n", runMain(classes, data));
  }

  @Test
  void applyExampleCompilesAndRuns() throws Exception {
    Path classes = compile("ApplyJitsi");
    Path data = Files.createDirectory(work.resolve("data"));

    String output = runMain(classes, "ApplyJitsi", data);

    assertEquals("1: 2 created, 0 unchanged\n2: 0 created, 4 unchanged\n", output);
    ProsodyAccounts accounts = ProsodyAccounts.open(data);
    HostAccounts auth = accounts.host("auth.meet.example.org", AuthSettings.defaults());
    assertEquals(Verification.MATCH, auth.verify("jvb", "jvb-secret"));
    assertEquals("prosody:admin", auth.role("focus"));
    assertTrue(accounts.roster("focus@auth.meet.example.org").orElseThrow().containsKey("focus.meet.example.org"));
  }

  /** Compiles the README's java block that declares {@code public class NAME}; returns the classes folder. */
  private Path compile(String className) throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
    String source = null;
    while (block.find()) {
      if (block.group(1).contains("public class " + className + " ")) {
        source = block.group(1);
      }
    }
    assertTrue(source != null, "README.md has no java block with class " + className);
    Path file = Files.writeString(work.resolve(className + ".java"), source);
    Path classes = Files.createDirectory(work.resolve("classes-" + className));
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int status =
        ToolProvider.getSystemJavaCompiler()
            .run(null, diagnostics, diagnostics,
                "-classpath", System.getProperty("java.class.path"), "-d", classes.toString(), file.toString());
    assertEquals(0, status, diagnostics.toString(StandardCharsets.UTF_8));
    return classes;
  }

  private static String runMain(Path classes, Path data) throws Exception {
    return runMain(classes, "ProvisionJitsi", data);
  }

  private static String runMain(Path classes, String className, Path data) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, ReadmeExampleTest.class.getClassLoader())) {
      Method main = loader.loadClass(className).getMethod("main", String[].class);
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      main.invoke(null, (Object) new String[] {data.toString()});
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
