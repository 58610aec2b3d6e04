package org.prosodyaccounts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.prosodyaccounts.ManifestDraft.Position;
import org.prosodyaccounts.prep.InvalidJidException;
import org.prosodyaccounts.prep.Jid;
import org.prosodyaccounts.prep.PrepException;
import org.prosodyaccounts.prep.Stringprep;

/**
 * The accounts, roles and roster subscriptions that {@link ProsodyAccounts#apply} makes true: a
 * checked manifest, with names prepped and passwords read.
 *
 * <p>A manifest comes from JSON ({@link #read(Path, Map, InputStream)}) or from Java code
 * ({@link #builder()}). The JSON form is:
 *
 * <pre>{@code
 * {
 *   "hosts": [
 *     {
 *       "host": "auth.meet.example.org",
 *       "prune": false,
 *       "accounts": [
 *         {"user": "focus", "password": {"file": "secrets/focus"}, "role": "prosody:admin"},
 *         {"user": "jvb", "password": {"env": "JVB_AUTH_PASSWORD"}},
 *         {"user": "jibri", "password": {"stdin": true}}
 *       ]
 *     }
 *   ],
 *   "rosters": [
 *     {"user": "focus.meet.example.org", "contact": "focus@auth.meet.example.org"}
 *   ]
 * }
 * }</pre>
 *
 * <p>A password comes from a file (one line, exactly one trailing newline removed; a relative path
 * is relative to the manifest's folder), an environment variable, or the next line of standard
 * input, in manifest order. A password written in the manifest is rejected. {@code role} is
 * optional; without it the account's role is left alone. With {@code "prune": true}, accounts of
 * the host that the manifest does not list are deleted. A roster entry has the meaning of {@code
 * roster subscribe USER CONTACT}: {@code user} is subscribed to {@code contact}'s presence, so the
 * contact's roster lists the user with subscription {@code from}.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows a password.
 */
public final class Manifest {

  /**
   * One account.
   *
   * @param user the nodeprepped user name
   * @param password the password, already SASLprep-checked; {@link #toString()} hides it
   * @param role the primary role to set, or empty to leave the role alone
   */
  public record Account(String user, String password, Optional<String> role) {
    public Account {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      Objects.requireNonNull(role, "role");
    }

    @Override
    public String toString() {
      return "Account[user=" + user + ", password hidden, role=" + role.orElse("not managed") + "]";
    }
  }

  /**
   * One host and its accounts.
   *
   * @param name the nameprepped host name
   * @param prune true to delete the host's accounts that {@code accounts} does not list
   */
  public record Host(String name, boolean prune, List<Account> accounts) {
    public Host {
      Objects.requireNonNull(name, "name");
      accounts = List.copyOf(accounts);
    }
  }

  /**
   * One roster subscription, as {@link ProsodyAccounts#subscribe}: {@code user} is subscribed to
   * {@code contact}'s presence. Jitsi's is user {@code focus.<domain>}, contact
   * {@code focus@auth.<domain>}.
   *
   * @param user the prepped bare JID of the subscriber, an account or a bare host
   * @param contact the prepped bare JID of the account whose roster lists the user
   */
  public record Subscription(String user, String contact) {
    public Subscription {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(contact, "contact");
    }
  }

  private final List<Host> hosts;
  private final List<Subscription> rosters;
  private final List<Position> rosterPositions;
  private final Map<String, Position> accountPositions;
  private final Map<String, Position> hostPositions;
  private final boolean complete;
  private final boolean validItemsOnly;

  private Manifest(
      List<Host> hosts,
      List<Subscription> rosters,
      List<Position> rosterPositions,
      Map<String, Position> accountPositions,
      Map<String, Position> hostPositions,
      boolean complete,
      boolean validItemsOnly) {
    this.hosts = List.copyOf(hosts);
    this.rosters = List.copyOf(rosters);
    this.rosterPositions = List.copyOf(rosterPositions);
    this.accountPositions = Map.copyOf(accountPositions);
    this.hostPositions = Map.copyOf(hostPositions);
    this.complete = complete;
    this.validItemsOnly = validItemsOnly;
  }

  /** Returns the hosts in manifest order. */
  public List<Host> hosts() {
    return hosts;
  }

  /** Returns the roster subscriptions in manifest order. */
  public List<Subscription> rosters() {
    return rosters;
  }

  /** Returns where the {@code index}-th subscription is, for messages. */
  Position rosterPosition(int index) {
    return rosterPositions.get(index);
  }

  /**
   * Returns where the account {@code jid} is, or empty when the manifest does not list it. An
   * account whose password has a problem is listed too.
   */
  Optional<Position> accountPosition(String jid) {
    return Optional.ofNullable(accountPositions.get(jid));
  }

  /** Returns where the name of {@code host} is, the path {@code hosts[i].host}. */
  Position hostPosition(String host) {
    return hostPositions.get(host);
  }

  /**
   * Returns false for the valid items of a manifest that had an account or host whose name could
   * not be read, which was left out, so that an account the manifest names may be missing here.
   */
  boolean complete() {
    return complete;
  }

  /** Returns true for the valid items of a rejected manifest, which must not be applied. */
  boolean validItemsOnly() {
    return validItemsOnly;
  }

  @Override
  public String toString() {
    return "Manifest[hosts=" + hosts + ", rosters=" + rosters + "]";
  }

  /**
   * Reads and checks the JSON manifest {@code file}. Password files with a relative path are
   * relative to the file's folder.
   *
   * @param environment the environment variables that {@code env} sources name
   * @param stdin the input that {@code stdin} sources read, one line per account in manifest
   *     order; it is read only when an account takes its password from there
   * @throws ManifestException with every problem found, each naming the item, its JSON path and
   *     its line and column. Hosts and roster accounts are checked later, against the data
   *     directory, by {@link ProsodyAccounts#check} and {@link ProsodyAccounts#apply}; to report
   *     their problems in the same run, pass {@link ManifestException#validItems()} to {@code
   *     check}.
   * @throws IOException if the manifest cannot be read
   */
  public static Manifest read(Path file, Map<String, String> environment, InputStream stdin)
      throws ManifestException, IOException {
    Objects.requireNonNull(stdin, "stdin");
    Path folder = file.toAbsolutePath().getParent();
    try (InputStream input = Files.newInputStream(file)) {
      return read(input, folder, environment, stdin);
    }
  }

  /**
   * Reads and checks a JSON manifest from {@code manifest}.
   *
   * @param baseDirectory the folder that relative password file names are relative to
   * @param environment the environment variables that {@code env} sources name
   * @param stdin the input that {@code stdin} sources read, one line per account in manifest
   *     order, or null when there is none, such as when {@code manifest} is standard input; then
   *     each {@code stdin} source is a problem
   * @throws ManifestException with every problem found
   * @throws IOException if the manifest cannot be read
   */
  public static Manifest read(
      InputStream manifest, Path baseDirectory, Map<String, String> environment, InputStream stdin)
      throws ManifestException, IOException {
    Objects.requireNonNull(baseDirectory, "baseDirectory");
    Objects.requireNonNull(environment, "environment");
    ManifestReader.Result result = ManifestReader.read(manifest);
    List<ManifestProblem> problems = new ArrayList<>(result.problems());
    if (result.draft() == null) {
      throw new ManifestException(problems);
    }
    return check(result.draft(), new Passwords(baseDirectory, environment, stdin), problems);
  }

  /** Returns a builder for a manifest with passwords given in Java. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a manifest in Java code. Names are checked by {@link #build()} with the rules of a JSON
   * manifest; problems name the item as {@code hosts[i].accounts[j]} in the order of the calls.
   */
  public static final class Builder {
    private final Map<String, DraftHost> hosts = new LinkedHashMap<>();
    private final List<ManifestDraft.Subscription> rosters = new ArrayList<>();

    private static final class DraftHost {
      final String path;
      boolean prune;
      final List<ManifestDraft.Account> accounts = new ArrayList<>();

      DraftHost(String path) {
        this.path = path;
      }
    }

    private Builder() {}

    /** Adds {@code user} on {@code host} with {@code password}; the role is left alone. */
    public Builder account(String host, String user, String password) {
      return add(host, user, password, null);
    }

    /**
     * Adds {@code user} on {@code host} with {@code password} and the primary role {@code role}.
     *
     * @param role the role, such as {@code prosody:admin}, or null to leave the account's role alone
     */
    public Builder account(String host, String user, String password, String role) {
      return add(host, user, password, role);
    }

    /** Makes the apply delete the accounts of {@code host} that this manifest does not list. */
    public Builder prune(String host) {
      draftHost(host).prune = true;
      return this;
    }

    /** Adds a roster subscription: {@code user} subscribed to {@code contact}'s presence. */
    public Builder subscribe(String user, String contact) {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(contact, "contact");
      rosters.add(new ManifestDraft.Subscription(user, contact, new Position("rosters[" + rosters.size() + "]", 0, 0)));
      return this;
    }

    /**
     * Checks the names and passwords and returns the manifest.
     *
     * @throws ManifestException with every problem found
     */
    public Manifest build() throws ManifestException {
      List<ManifestDraft.Host> draftHosts = new ArrayList<>();
      hosts.forEach(
          (name, host) ->
              draftHosts.add(
                  new ManifestDraft.Host(
                      name, host.prune, host.accounts, new Position(host.path, 0, 0),
                      new Position(host.path + ".host", 0, 0))));
      try {
        return check(new ManifestDraft(draftHosts, rosters, true), new Passwords(Path.of(""), Map.of(), null), new ArrayList<>());
      } catch (IOException e) {
        throw new AssertionError("a manifest built in Java reads no file", e);
      }
    }

    private Builder add(String host, String user, String password, String role) {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      DraftHost draft = draftHost(host);
      Position position = new Position(draft.path + ".accounts[" + draft.accounts.size() + "]", 0, 0);
      draft.accounts.add(new ManifestDraft.Account(user, new ManifestDraft.Direct(password), role, position));
      return this;
    }

    private DraftHost draftHost(String host) {
      Objects.requireNonNull(host, "host");
      return hosts.computeIfAbsent(host, name -> new DraftHost("hosts[" + hosts.size() + "]"));
    }
  }

  /**
   * Checks names, reads passwords and builds the manifest, or throws with every problem and the
   * manifest of the valid items.
   */
  private static Manifest check(ManifestDraft draft, Passwords passwords, List<ManifestProblem> problems)
      throws ManifestException, IOException {
    boolean complete = draft.complete();
    List<Host> hosts = new ArrayList<>();
    Map<String, Position> hostPositions = new HashMap<>();
    Map<String, Position> accountPositions = new HashMap<>();

    for (ManifestDraft.Host draftHost : draft.hosts()) {
      String host = null;
      try {
        host = Jid.prepareHost(draftHost.host());
      } catch (InvalidJidException e) {
        problems.add(invalid(draftHost.namePosition(), "", e.getMessage()));
      }
      if (host != null && hostPositions.containsKey(host)) {
        problems.add(invalid(draftHost.namePosition(), host, "duplicate host: " + hostPositions.get(host).path()
            + " lists it already (host names are compared after nameprep); merge the two"));
        host = null;
      }
      if (host != null) {
        hostPositions.put(host, draftHost.namePosition());
      }

      List<Account> accounts = new ArrayList<>();
      for (ManifestDraft.Account draftAccount : draftHost.accounts()) {
        Account account = account(draftAccount, host, draftHost.host(), passwords, accountPositions, problems);
        if (account != null && host != null) {
          accounts.add(account);
        }
      }
      if (host != null) {
        hosts.add(new Host(host, draftHost.prune(), accounts));
      }
    }

    List<Subscription> rosters = new ArrayList<>();
    List<Position> rosterPositions = new ArrayList<>();
    for (ManifestDraft.Subscription draftSubscription : draft.rosters()) {
      Subscription subscription = subscription(draftSubscription, problems);
      if (subscription != null) {
        rosters.add(subscription);
        rosterPositions.add(draftSubscription.position());
      }
    }

    Manifest manifest =
        new Manifest(hosts, rosters, rosterPositions, accountPositions, hostPositions, complete, !problems.isEmpty());
    if (!problems.isEmpty()) {
      problems.sort(ManifestProblem.MANIFEST_ORDER);
      throw new ManifestException(problems, manifest);
    }
    return manifest;
  }

  private static Account account(
      ManifestDraft.Account draft,
      String host,
      String rawHost,
      Passwords passwords,
      Map<String, Position> positions,
      List<ManifestProblem> problems)
      throws IOException {
    Position position = draft.position();
    String hostForMessages = host == null ? rawHost : host;
    String node = null;
    String jid = "";
    try {
      node = Jid.prepareNode(draft.user(), true);
      jid = node + "@" + hostForMessages;
    } catch (InvalidJidException e) {
      problems.add(invalid(position, "", e.getMessage()));
    }
    if (node != null && host != null && positions.containsKey(jid)) {
      problems.add(invalid(position, jid, "duplicate account: " + positions.get(jid).path()
          + " lists it already (user names are compared after nodeprep, so Focus and focus are the same)"));
      node = null;
    }
    if (node != null && host != null) {
      positions.put(jid, position);
    }

    // The password is read even for an invalid name, so that each stdin line goes to its own account.
    String password = null;
    if (!(draft.password() instanceof ManifestDraft.Unreadable)) {
      password = password(draft.password(), passwords, position, jid, problems);
    }

    if (draft.role() != null && (draft.role().isBlank() || draft.role().chars().anyMatch(Character::isISOControl))) {
      problems.add(invalid(position, jid, "invalid role: give a name such as prosody:member"));
      return null;
    }
    return node == null || password == null ? null : new Account(node, password, Optional.ofNullable(draft.role()));
  }

  /** Reads and SASLprep-checks an account's password, or reports why it cannot and returns null. */
  private static String password(
      ManifestDraft.PasswordSpec spec, Passwords passwords, Position position, String jid, List<ManifestProblem> problems)
      throws IOException {
    String password;
    try {
      password = passwords.read(spec);
    } catch (PasswordInput.InvalidInputException e) {
      problems.add(invalid(position, jid, e.getMessage()));
      return null;
    }
    try {
      Stringprep.saslprep(password);
    } catch (PrepException e) {
      Optional<String> hint = passwords.carriageReturnCause(spec).map(cause -> "The password ends in a carriage return"
          + " because " + cause);
      problems.add(invalid(position, jid, PasswordInput.saslprepFailure(password, e, hint)));
      return null;
    }
    return password;
  }

  private static Subscription subscription(ManifestDraft.Subscription draft, List<ManifestProblem> problems) {
    Position position = draft.position();
    String user = bareJid(draft.user(), "user", position, problems);
    String contact = bareJid(draft.contact(), "contact", position, problems);
    if (contact != null && !contact.contains("@")) {
      problems.add(invalid(position, contact, "the contact must be an account, user@host, because its roster is"
          + " the one written; Jitsi's is {\"user\": \"focus.DOMAIN\", \"contact\": \"focus@auth.DOMAIN\"}"));
      return null;
    }
    return user == null || contact == null ? null : new Subscription(user, contact);
  }

  private static String bareJid(String text, String field, Position position, List<ManifestProblem> problems) {
    try {
      Jid jid = Jid.parsePrepped(text);
      if (jid.resource() != null) {
        problems.add(invalid(position, "", field + " has a resource: give a bare JID, user@host or host"));
        return null;
      }
      return jid.node() == null ? jid.host() : jid.node() + "@" + jid.host();
    } catch (InvalidJidException e) {
      problems.add(invalid(position, "", field + ": " + e.getMessage()));
      return null;
    }
  }

  private static ManifestProblem invalid(Position position, String jid, String message) {
    return new ManifestProblem(
        ManifestProblem.Kind.INVALID, position.path(), jid, position.line(), position.column(), message);
  }

  /** Reads passwords from their sources, and standard input line by line in manifest order. */
  private static final class Passwords {
    private final Path baseDirectory;
    private final Map<String, String> environment;
    private final InputStream stdin;
    private int stdinLines;
    private boolean stdinEnded;

    Passwords(Path baseDirectory, Map<String, String> environment, InputStream stdin) {
      this.baseDirectory = baseDirectory;
      this.environment = environment;
      this.stdin = stdin;
    }

    String read(ManifestDraft.PasswordSpec spec) throws PasswordInput.InvalidInputException, IOException {
      String password;
      String origin;
      if (spec instanceof ManifestDraft.Direct direct) {
        origin = "the password";
        password = direct.password();
      } else if (spec instanceof ManifestDraft.FromFile fromFile) {
        Path file = resolve(fromFile.file());
        origin = "password file " + file;
        password = readFile(file);
      } else if (spec instanceof ManifestDraft.FromEnvironment fromEnvironment) {
        origin = "environment variable " + fromEnvironment.variable();
        password = PasswordInput.fromEnvironment(environment, fromEnvironment.variable());
      } else {
        stdinLines++;
        origin = "line " + stdinLines + " of standard input";
        password = nextStdinLine(origin);
      }
      if (password.isEmpty()) {
        throw new PasswordInput.InvalidInputException(
            spec instanceof ManifestDraft.Direct
                ? "the password is empty: give a non-empty one"
                : origin + " contains an empty password: give a non-empty one");
      }
      return password;
    }

    /** Returns why a password from {@code spec} can end in a carriage return, and the fix. */
    Optional<String> carriageReturnCause(ManifestDraft.PasswordSpec spec) {
      if (spec instanceof ManifestDraft.FromFile fromFile) {
        Path file = baseDirectory.resolve(fromFile.file());
        return Optional.of("password file " + file + " has Windows line endings (CRLF): convert it with dos2unix " + file);
      }
      if (spec instanceof ManifestDraft.FromEnvironment fromEnvironment) {
        return Optional.of("environment variable " + fromEnvironment.variable() + " ends with one: remove it");
      }
      if (spec instanceof ManifestDraft.FromStdin) {
        return Optional.of("standard input has Windows line endings (CRLF): convert them with dos2unix");
      }
      return Optional.empty();
    }

    private Path resolve(String file) throws PasswordInput.InvalidInputException {
      try {
        return baseDirectory.resolve(file);
      } catch (InvalidPathException e) {
        throw new PasswordInput.InvalidInputException("invalid password file name: " + e.getReason());
      }
    }

    private static String readFile(Path file) throws PasswordInput.InvalidInputException {
      try {
        return PasswordInput.readFile(file);
      } catch (NoSuchFileException e) {
        throw new PasswordInput.InvalidInputException("password file " + file + " does not exist");
      } catch (FileSystemException e) {
        String reason = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
        throw new PasswordInput.InvalidInputException("password file " + file + " cannot be read: " + reason);
      } catch (IOException e) {
        throw new PasswordInput.InvalidInputException("password file " + file + " cannot be read: " + e.getMessage());
      }
    }

    private String nextStdinLine(String origin) throws PasswordInput.InvalidInputException, IOException {
      if (stdin == null) {
        throw new PasswordInput.InvalidInputException("the password source stdin cannot be used when the manifest"
            + " itself is read from standard input: give the manifest as a file, or use file or env");
      }
      if (stdinEnded) {
        throw notEnoughLines();
      }
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      while (true) {
        int b = stdin.read();
        if (b == -1) {
          stdinEnded = true;
          if (line.size() == 0) {
            throw notEnoughLines();
          }
          break;
        }
        if (b == '\n') {
          break;
        }
        if (line.size() >= PasswordInput.MAX_BYTES) {
          throw new PasswordInput.InvalidInputException(origin + " is longer than " + PasswordInput.MAX_BYTES + " bytes");
        }
        line.write(b);
      }
      byte[] bytes = line.toByteArray();
      return PasswordInput.decode(bytes, bytes.length, origin);
    }

    private PasswordInput.InvalidInputException notEnoughLines() {
      return new PasswordInput.InvalidInputException("standard input has no line " + stdinLines + ": give one"
          + " password line for each account with {\"stdin\": true}, in manifest order");
    }
  }
}
