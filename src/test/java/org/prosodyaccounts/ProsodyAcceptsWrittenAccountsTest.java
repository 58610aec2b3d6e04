package org.prosodyaccounts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prosodyaccounts.auth.AuthProvider;
import org.prosodyaccounts.auth.AuthSettings;
import org.prosodyaccounts.auth.HashAlgorithm;

/**
 * Accounts written by the library, judged by Debian's Prosody: its datamanager must find each
 * file from the user and host names, and its SASLprep and SCRAM code must accept the password
 * and refuse a wrong one.
 */
class ProsodyAcceptsWrittenAccountsTest {

  private static final List<String> USERS =
      List.of("jvb", "Focus", "john.doe-x_y", "Élodie", "Straße", "a_b-c.d", "user123", "ünïcode");

  private static final List<String> PASSWORDS =
      List.of(
          "secret",
          "q\"u'o\\te b\\\\s",
          "with space",
          "#@$&",
          "crème brûlée ∑ 日本",
          "emoji 😀",
          "",
          "a\u00a0b\u00adc",
          "[[long]] ]]==]");

  @TempDir Path data;

  @Test
  void everyProviderAndHashLogsIn() throws Exception {
    ProsodyJudge.assumeAvailable();
    ProsodyAccounts accounts = ProsodyAccounts.open(data);
    List<HostAccounts> hosts =
        List.of(
            accounts.host("hashed.example.org", new AuthSettings(AuthProvider.INTERNAL_HASHED, HashAlgorithm.SHA_1, 10000)),
            accounts.host("sha256.example.org", new AuthSettings(AuthProvider.INTERNAL_HASHED, HashAlgorithm.SHA_256, 4096)),
            accounts.host("plain.example.org", new AuthSettings(AuthProvider.INTERNAL_PLAIN, HashAlgorithm.SHA_1, 10000)));

    List<ProsodyJudge.Case> right = new ArrayList<>();
    List<ProsodyJudge.Case> wrong = new ArrayList<>();
    List<String> expectedFields = new ArrayList<>();
    int index = 0;
    for (HostAccounts host : hosts) {
      for (String user : USERS) {
        String password = PASSWORDS.get(index++ % PASSWORDS.size());
        host.register(user, password);
        String prepped = user.toLowerCase(java.util.Locale.ROOT).replace("ß", "ss");
        String hash = host.settings().provider() == AuthProvider.INTERNAL_PLAIN ? "plain" : host.settings().hash().configName();
        right.add(new ProsodyJudge.Case(host.name(), prepped, hash, password));
        wrong.add(new ProsodyJudge.Case(host.name(), prepped, hash, password + "x"));
        expectedFields.add(
            hash.equals("plain")
                ? "password=string"
                : "iteration_count=integer,salt=string,server_key=string,stored_key=string");
      }
    }

    List<ProsodyJudge.Verdict> accepted = ProsodyJudge.check(data, right);
    List<ProsodyJudge.Verdict> refused = ProsodyJudge.check(data, wrong);

    for (int i = 0; i < right.size(); i++) {
      String label = right.get(i).toString().replace(right.get(i).password(), "<password>");
      assertEquals("OK", accepted.get(i).status(), label);
      assertEquals(expectedFields.get(i), accepted.get(i).fields(), label);
      assertEquals("MISMATCH", refused.get(i).status(), label);
    }
  }

  @Test
  void changedPasswordReplacesOld() throws Exception {
    ProsodyJudge.assumeAvailable();
    HostAccounts host = ProsodyAccounts.open(data).host("meet.example.org", AuthSettings.defaults()).withTimestamps(true);
    host.create("alice", "Wonderland-1");

    host.setPassword("alice", "Looking-Glass-2");

    List<ProsodyJudge.Verdict> verdicts =
        ProsodyJudge.check(
            data,
            List.of(
                new ProsodyJudge.Case("meet.example.org", "alice", "SHA-1", "Looking-Glass-2"),
                new ProsodyJudge.Case("meet.example.org", "alice", "SHA-1", "Wonderland-1")));
    assertEquals("OK", verdicts.get(0).status());
    assertEquals(
        "created=integer,iteration_count=integer,salt=string,server_key=string,stored_key=string,updated=integer",
        verdicts.get(0).fields());
    assertEquals("MISMATCH", verdicts.get(1).status());
  }
}
