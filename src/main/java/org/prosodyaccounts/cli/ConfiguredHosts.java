package org.prosodyaccounts.cli;

import java.util.Map;
import java.util.Optional;
import org.prosodyaccounts.ProsodyVersion;
import org.prosodyaccounts.auth.AuthProvider;
import org.prosodyaccounts.auth.AuthSettings;
import org.prosodyaccounts.auth.HashAlgorithm;
import org.prosodyaccounts.config.HostConfig;
import org.prosodyaccounts.config.HostKind;
import org.prosodyaccounts.config.ProsodyConfig;

/**
 * Host settings from Prosody's configuration, with the command line's {@code --auth},
 * {@code --password-hash} and {@code --iterations} taking precedence.
 */
final class ConfiguredHosts implements HostResolver {

  /** The account location of each authentication provider this tool does not write, for messages. */
  private static final Map<String, String> ACCOUNT_LOCATIONS =
      Map.ofEntries(
          Map.entry("anonymous", "anonymous logins have no accounts at all"),
          Map.entry("jitsi-anonymous", "anonymous logins have no accounts at all"),
          Map.entry("token", "users log in with JWT tokens signed with the app secret, so there are no stored accounts"),
          Map.entry("cyrus", "accounts live in Cyrus SASL (saslauthd, often backed by LDAP or PAM)"),
          Map.entry("ldap", "accounts live in the LDAP directory"),
          Map.entry("ldap2", "accounts live in the LDAP directory"),
          Map.entry("http", "accounts live in the HTTP service the host asks"),
          Map.entry("http_async", "accounts live in the HTTP service the host asks"),
          Map.entry("external", "accounts live behind the external authentication script"),
          Map.entry("external_insecure", "accounts live behind the external authentication script"),
          Map.entry("sql", "accounts live in the SQL database of mod_auth_sql"));

  /** Other providers of Prosody and its community modules, whose accounts live elsewhere. */
  private static final java.util.Set<String> KNOWN_OTHER_PROVIDERS =
      java.util.Set.of("internal_none", "dovecot", "imap", "pam", "ccert", "custom_http", "oauth_external",
          "hybrid_matrix_token", "matrix_user_verification", "ldap_bind", "wordpress", "phpbb3", "joomla", "sql");

  /** The smallest default_iteration_count Prosody 13 uses: it raises a smaller configured one to it. */
  static final int PROSODY_13_MIN_ITERATIONS = 4096;

  private final ProsodyConfig config;
  private final CliOptions options;
  private final Optional<ProsodyVersion> version;

  /**
   * @param version the Prosody release the records are for, from {@code --prosody-version} or
   *     the installed one, or empty when neither is known
   */
  ConfiguredHosts(ProsodyConfig config, CliOptions options, Optional<ProsodyVersion> version) {
    this.config = config;
    this.options = options;
    this.version = version;
  }

  @Override
  public ResolvedHost resolve(String host) {
    Optional<HostConfig> declared = config.host(host);
    String authentication = declared.map(HostConfig::authentication).orElseGet(() -> globalAuthentication());
    Optional<String> passwordHash = declared.isPresent() ? declared.get().passwordHash() : globalString("password_hash");
    int iterations = options.iterations().orElse(configuredIterations(declared));
    Optional<String> raised = Optional.empty();
    if (options.iterations().isEmpty()
        && iterations < PROSODY_13_MIN_ITERATIONS
        && version.filter(ProsodyVersion::writesTimestamps).isPresent()) {
      // Prosody 13 reads the option with a lower bound of 4096 and uses the bound in its place.
      raised = Optional.of("note: default_iteration_count for " + host + " is " + iterations + ", below "
          + PROSODY_13_MIN_ITERATIONS + ", which Prosody 13 uses instead: new records get " + PROSODY_13_MIN_ITERATIONS
          + " iterations, as Prosody 13 writes them (--iterations overrides)");
      iterations = PROSODY_13_MIN_ITERATIONS;
    }

    Optional<AuthProvider> provider = options.auth().or(() -> AuthProvider.fromConfigName(authentication));
    Optional<HashAlgorithm> hash =
        options.hash().or(() -> passwordHash.map(HashAlgorithm::fromConfigName).orElse(Optional.of(HashAlgorithm.SHA_1)));

    Optional<Boolean> isDeclared = Optional.of(declared.isPresent());
    if (provider.isEmpty()) {
      return rejected(isDeclared, unsupportedProvider(host, authentication, declared));
    }
    if (hash.isEmpty()) {
      return rejected(
          isDeclared,
          new Rejection(
              Optional.empty(),
              "host " + host + " has password_hash = \"" + passwordHash.get() + "\"" + where(declared)
                  + ", which Prosody does not support: set SHA-1 or SHA-256 there, or give --password-hash"));
    }
    AuthSettings settings = new AuthSettings(provider.get(), hash.get(), iterations);
    if (declared.isPresent() && declared.get().kind() == HostKind.COMPONENT) {
      // prosodyctl writes accounts on a component too, but no client ever logs in there.
      return new ResolvedHost(
          settings,
          isDeclared,
          Optional.empty(),
          Optional.of(
              "warning: " + host + " is a component (" + declared.get().componentModule().orElse("external")
                  + ")" + where(declared) + ", which has no client logins, so this account is never used"));
    }
    // NOTE: an undeclared host is taken to store accounts in files; its storage is not looked up.
    if (declared.isPresent() && !declared.get().storesAccountsInFiles()) {
      return new ResolvedHost(
          settings,
          isDeclared,
          Optional.of(
              new Rejection(
                  Optional.empty(),
                  "host " + host + " stores its accounts with storage \"" + declared.get().accountsStorage() + "\""
                      + " (host declared at " + declared.get().declaredIn() + ":" + declared.get().declaredAtLine()
                      + "), not in files, so Prosody ignores the data directory for them: use prosodyctl, or move"
                      + " the accounts to files with prosody-migrator")));
    }
    return new ResolvedHost(settings, isDeclared, Optional.empty(), raised);
  }

  private static ResolvedHost rejected(Optional<Boolean> declared, Rejection rejection) {
    return new ResolvedHost(AuthSettings.defaults(), declared, Optional.of(rejection));
  }

  /** Returns the host's default_iteration_count, else the global one, else Prosody's default of 10000. */
  private int configuredIterations(Optional<HostConfig> declared) {
    if (declared.isPresent()) {
      return declared.get().defaultIterationCount().orElse(AuthSettings.defaults().iterations());
    }
    return config.option("*", "default_iteration_count")
        .filter(Number.class::isInstance)
        .map(value -> ((Number) value).intValue())
        .filter(count -> count >= 1)
        .orElse(AuthSettings.defaults().iterations());
  }

  /** Returns the global authentication, which Prosody applies to a host the configuration does not declare. */
  private String globalAuthentication() {
    return globalString("authentication").orElse(AuthSettings.defaults().provider().configName());
  }

  private Optional<String> globalString(String option) {
    return config.option("*", option).filter(String.class::isInstance).map(String.class::cast);
  }

  /** Returns true for a provider that Prosody or Jitsi ships, whether or not this tool writes its accounts. */
  static boolean isKnownProvider(String authentication) {
    return ACCOUNT_LOCATIONS.containsKey(authentication)
        || AuthProvider.fromConfigName(authentication).isPresent()
        || KNOWN_OTHER_PROVIDERS.contains(authentication);
  }

  /**
   * Returns a hint such as {@code ; did you mean internal_hashed?} when {@code authentication} is
   * within two edits of a provider name, or an empty string.
   */
  static String suggestion(String authentication) {
    java.util.List<String> names = new java.util.ArrayList<>(ACCOUNT_LOCATIONS.keySet());
    names.add(AuthProvider.INTERNAL_HASHED.configName());
    names.add(AuthProvider.INTERNAL_PLAIN.configName());
    names.addAll(KNOWN_OTHER_PROVIDERS);
    for (String name : names) {
      if (editDistance(authentication, name) <= 2) {
        return "; did you mean " + name + "?";
      }
    }
    return "";
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static Rejection unsupportedProvider(String host, String authentication, Optional<HostConfig> declared) {
    String location =
        ACCOUNT_LOCATIONS.getOrDefault(
            authentication, "accounts are managed by the module mod_auth_" + authentication);
    return new Rejection(
        Optional.of("Error: Account creation/modification not supported."),
        "host " + host + " uses authentication \"" + authentication + "\"" + where(declared) + ": " + location
            + ". This tool manages internal_hashed and internal_plain accounts only; give --auth to write a file anyway.");
  }

  private static String where(Optional<HostConfig> declared) {
    return declared.map(h -> " (host declared at " + h.declaredIn() + ":" + h.declaredAtLine() + ")").orElse("");
  }
}
