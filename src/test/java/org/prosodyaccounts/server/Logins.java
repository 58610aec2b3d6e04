package org.prosodyaccounts.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/** Login checks that record their result in the compatibility table. */
public final class Logins {

  /** The outcome of a login that the server accepts. */
  public static final String SUCCESS = "success";

  /** The SASL condition of a wrong password or a missing account. */
  public static final String NOT_AUTHORIZED = "not-authorized";

  /** The SASL condition of a Prosody 13 account with {@code disabled = true}. */
  public static final String ACCOUNT_DISABLED = "account-disabled";

  /** The SASL condition with which PLAIN rejects an empty password before looking at the account. */
  public static final String MALFORMED_REQUEST = "malformed-request";

  private Logins() {}

  /**
   * Checks with two logins that {@code right} logs in and {@code wrong} is rejected
   * ({@code not-authorized}), and records one result for the mechanism.
   *
   * @param file the account file the logins read, named in failure messages
   */
  public static void expectRightAndWrong(
      ScenarioChecks checks, String check, ProsodyInstance server, String host, String user, String right,
      String wrong, Mechanism mechanism, Path file) {
    checks.check(check, mechanism, () -> {
      XmppClient.LoginOutcome accepted = XmppClient.login(server, host, user, right, mechanism);
      XmppClient.LoginOutcome rejected = XmppClient.login(server, host, user, wrong, mechanism);
      assertEquals(SUCCESS, accepted.condition(), () -> checks.describe(mechanism, file) + ": login of " + user + "@"
          + host + " with the right password got " + accepted + "\n" + server.logTail());
      assertEquals(NOT_AUTHORIZED, rejected.condition(), () -> checks.describe(mechanism, file) + ": login of " + user
          + "@" + host + " with a wrong password got " + rejected + "\n" + server.logTail());
    });
  }

  /**
   * Logs in to {@code server} as {@code user@host} with {@code password} and {@code mechanism}, and
   * checks that the outcome is {@code expected} ({@link #SUCCESS} or a SASL condition).
   *
   * @param file the account file the login reads, named in the failure message
   * @return the outcome the server gave, or {@code error: ...} when the login could not be made
   */
  public static String expect(
      ScenarioChecks checks, String check, ProsodyInstance server, String host, String user, String password,
      Mechanism mechanism, String expected, Path file) {
    AtomicReference<String> observed = new AtomicReference<>("error: no login was made");
    checks.check(check, mechanism, () -> {
      XmppClient.LoginOutcome outcome = XmppClient.login(server, host, user, password, mechanism);
      observed.set(outcome.condition());
      assertEquals(expected, outcome.condition(), () -> checks.describe(mechanism, file) + ": login of " + user + "@"
          + host + " (" + check + ") expected " + expected + " but got " + outcome + "\n" + server.logTail());
    });
    return observed.get();
  }
}
