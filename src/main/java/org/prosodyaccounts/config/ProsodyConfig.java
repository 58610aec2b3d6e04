package org.prosodyaccounts.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Prosody's configuration as prosodyctl reads it: the files read, the global paths and user, and
 * every host section with the settings that decide how its accounts are stored.
 *
 * <p>{@link #load} runs the configuration file, which is Lua, in a sandbox: the configuration
 * directives of Prosody 0.12 and 13.0 ({@code VirtualHost}, {@code Component}, {@code Include},
 * {@code FileContents}, {@code FileLine}, {@code FileLines}, {@code Credential}) and the pure parts
 * of Lua's standard library are there; files, programs, modules and {@code RunScript} are not. The
 * time, instructions, memory, file sizes and {@code Include} depth are bounded.
 *
 * <p>Instances are immutable and hold no Lua state, so they are thread-safe.
 */
public final class ProsodyConfig {

  /**
   * The configuration directory of Debian's Prosody package, prosodyctl's {@code CFG_CONFIGDIR}.
   */
  static final Path DEFAULT_CONFIG_DIRECTORY = Path.of("/etc/prosody");

  private static final String CONFIG_FILE_NAME = "prosody.cfg.lua";

  private final List<Path> files;
  private final Optional<String> dataPath;
  private final Optional<String> prosodyUser;
  private final Optional<String> prosodyGroup;
  private final Map<String, HostConfig> hosts;
  private final Map<String, Map<String, Object>> options;
  private final List<String> warnings;

  private ProsodyConfig(ConfigRun run) throws ConfigException {
    Section global = run.section(Section.GLOBAL);
    HostSettings settings = new HostSettings(global);
    Map<String, HostConfig> hostMap = new LinkedHashMap<>();
    for (Section section : run.sections().values()) {
      if (section != global) {
        hostMap.put(section.name(), settings.hostConfig(section));
      }
    }
    this.files = run.files();
    this.dataPath = settings.string(global, "data_path");
    this.prosodyUser = settings.string(global, "prosody_user");
    this.prosodyGroup = settings.string(global, "prosody_group");
    this.hosts = Collections.unmodifiableMap(hostMap);
    this.options = OptionValues.copy(run.sections());
    this.warnings = run.warnings();
  }

  /**
   * Reads the configuration file and every file it includes.
   *
   * @param file the main configuration file; a relative path is resolved against the working
   *     directory
   * @param environment the environment variables that {@code ENV_NAME}, {@code os.getenv} and
   *     {@code Credential} see (normally {@code System.getenv()}); the process's own are not read
   * @throws ConfigException if a file is missing or unreadable, Lua reports a syntax or runtime
   *     error, the configuration uses something the sandbox withholds or reaches a limit, or an
   *     option that decides account storage has the wrong type
   */
  public static ProsodyConfig load(Path file, Map<String, String> environment)
      throws ConfigException {
    Objects.requireNonNull(file, "file");
    Map<String, String> variables = Map.copyOf(environment);
    Path mainFile = file.toAbsolutePath();
    SandboxHook hook =
        new SandboxHook(
            System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(Limits.MAX_SECONDS));
    return SandboxThread.run(
        () -> {
          ConfigRun run = new ConfigRun(mainFile, variables, hook);
          run.run();
          return new ProsodyConfig(run);
        },
        hook,
        mainFile);
  }

  /**
   * Returns the configuration file that prosodyctl would read: the {@code --config} option, else
   * {@code $PROSODY_CONFIG}, else {@code /etc/prosody/prosody.cfg.lua}. A relative path is resolved
   * against the working directory; a relative {@code --config} file that does not exist there is
   * looked for in {@code /etc/prosody}, as prosodyctl does. The file may not exist.
   *
   * @param option the value of {@code --config}, if given
   * @param environment the environment variables, for {@code PROSODY_CONFIG}
   */
  public static Path locate(Optional<Path> option, Map<String, String> environment) {
    return locate(option, environment, DEFAULT_CONFIG_DIRECTORY);
  }

  static Path locate(Optional<Path> option, Map<String, String> environment, Path configDirectory) {
    if (option.isPresent()) {
      Path configOption = option.get();
      Path resolved = configOption.toAbsolutePath();
      if (!configOption.isAbsolute() && !Files.exists(resolved)) {
        Path inConfigDirectory = configDirectory.resolve(configOption);
        if (Files.exists(inConfigDirectory)) {
          return inConfigDirectory;
        }
      }
      return resolved;
    }
    String variable = environment.get("PROSODY_CONFIG");
    if (variable != null && !variable.isEmpty()) {
      return Path.of(variable).toAbsolutePath();
    }
    return configDirectory.resolve(CONFIG_FILE_NAME);
  }

  /** Returns every configuration file read, in the order they were opened, the main file first. */
  public List<Path> files() {
    return files;
  }

  /** Returns the global {@code data_path} as written, which may be relative, or empty if unset. */
  public Optional<String> dataPath() {
    return dataPath;
  }

  /**
   * Returns the global {@code prosody_user}, or empty if unset (Prosody then uses {@code prosody}).
   */
  public Optional<String> prosodyUser() {
    return prosodyUser;
  }

  /** Returns the global {@code prosody_group}, or empty if unset. */
  public Optional<String> prosodyGroup() {
    return prosodyGroup;
  }

  /**
   * Returns every {@code VirtualHost} and {@code Component} section by its Nameprepped name, in the
   * order first declared, disabled ones included, as prosodyctl counts hosts.
   */
  public Map<String, HostConfig> hosts() {
    return hosts;
  }

  /** Returns the host section of that Nameprepped name, or empty. */
  public Optional<HostConfig> host(String preppedName) {
    return Optional.ofNullable(hosts.get(preppedName));
  }

  /**
   * Returns an option as Prosody's {@code config.get(host, name)} would: the host's own value, else
   * the global section's. An unknown host, and {@code "*"}, read the global section.
   *
   * <p>The value is a copy of the Lua value as the configuration left it: a string is a {@link
   * String}, an integral number within ±2^53 a {@link Long}, another number a {@link Double}, a
   * boolean a {@link Boolean}. A table with the keys 1 to n, and an empty table, is an unmodifiable
   * {@link List}; any other table an unmodifiable {@link Map} in no particular order. A function is
   * the string {@code <function>}, and a table inside itself the string {@code <cycle>}.
   *
   * @return the value, or empty if unset or if it is a {@code Credential} that could not be read
   */
  public Optional<Object> option(String host, String name) {
    Map<String, Object> section = options.getOrDefault(host, options.get(Section.GLOBAL));
    Object value = section.get(name);
    if (value == null) {
      value = options.get(Section.GLOBAL).get(name);
    }
    return Optional.ofNullable(value);
  }

  /**
   * Returns the warnings prosodyctl would log while reading, each starting with the file and line:
   * duplicate options, unknown names read as nil, options read as variables (whose value Prosody
   * 0.12 and 13 differ on), and {@code Credential} without {@code $CREDENTIALS_DIRECTORY}.
   */
  public List<String> warnings() {
    return warnings;
  }
}
