package org.prosodyaccounts.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The {@code prosody-accounts} command. */
public final class Main {

  private Main() {}

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    String programName = System.getenv().getOrDefault("PROSODY_ACCOUNTS_PROGRAM", "prosody-accounts");
    int code =
        new Cli(programName, System.in, out, err, Terminal.system(), CliEnvironment.system()).run(args);
    out.flush();
    err.flush();
    System.exit(code);
  }
}
