package org.prosodyaccounts.reliability;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.prosodyaccounts.HostAccounts;
import org.prosodyaccounts.ProsodyAccounts;
import org.prosodyaccounts.auth.AuthProvider;
import org.prosodyaccounts.auth.AuthSettings;
import org.prosodyaccounts.auth.HashAlgorithm;

/**
 * A child process for the crash and concurrency tests: writes the passwords of a set of users in
 * rounds through the library, registering a missing user and changing the password of an
 * existing one, and prints {@code start USER ROUND} before and {@code done USER ROUND} after each
 * write.
 *
 * <p>Arguments: the data directory, the first user number, the number of users, the first round,
 * the number of rounds ({@code -1} for no end), and a writer name that goes into the passwords.
 */
public final class AccountWriter {

  /** The host every writer writes to. */
  public static final String HOST = "auth.meet.example.org";

  /** Hashed records with few iterations, so that checking many candidates stays fast. */
  public static final AuthSettings SETTINGS = new AuthSettings(AuthProvider.INTERNAL_HASHED, HashAlgorithm.SHA_1, 16);

  private AccountWriter() {}

  /** Returns the password that {@code writer} writes for {@code user} in {@code round}. */
  public static String password(String writer, String user, long round) {
    return "pw-" + writer + "-" + user + "-" + round;
  }

  /** Returns the name of user number {@code number}. */
  public static String user(int number) {
    return "user" + number;
  }

  /** Writes the rounds given by {@code args}; see the class comment. */
  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    int firstUser = Integer.parseInt(args[1]);
    int users = Integer.parseInt(args[2]);
    long firstRound = Long.parseLong(args[3]);
    long rounds = Long.parseLong(args[4]);
    String writer = args[5];
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    HostAccounts accounts = ProsodyAccounts.open(data).host(HOST, SETTINGS);
    out.println("ready");
    for (long round = firstRound; rounds < 0 || round < firstRound + rounds; round++) {
      for (int i = firstUser; i < firstUser + users; i++) {
        String user = user(i);
        String password = password(writer, user, round);
        out.println("start " + user + " " + round);
        if (accounts.exists(user)) {
          accounts.setPassword(user, password);
        } else {
          accounts.register(user, password);
        }
        out.println("done " + user + " " + round);
      }
    }
  }
}
