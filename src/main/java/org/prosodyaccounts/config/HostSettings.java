package org.prosodyaccounts.config;

import java.util.Optional;
import java.util.OptionalInt;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * Derives a {@link HostConfig} from the sections as Prosody's host, user and storage managers read
 * them: each option is the host's own value if set, else the global one ({@code host_mt}).
 */
final class HostSettings {

  private static final String DEFAULT_AUTHENTICATION = "internal_hashed";

  private final Section global;

  HostSettings(Section global) {
    this.global = global;
  }

  /** Returns the option set in {@code host}, else in the global section, else null. */
  Option effective(Section host, String name) {
    Option own = host.get(name);
    return own != null ? own : global.get(name);
  }

  HostConfig hostConfig(Section host) throws ConfigException {
    Option module = effective(host, "component_module");
    boolean component = module != null && module.value().toboolean();
    Option enabled = effective(host, "enabled");
    Location declared = host.declaredAt();

    return new HostConfig(
        host.name(),
        component ? HostKind.COMPONENT : HostKind.VIRTUAL_HOST,
        component ? string(host, "component_module") : Optional.empty(),
        enabled == null || !enabled.value().eq_b(LuaValue.FALSE),
        authentication(host),
        string(host, "password_hash"),
        iterationCount(host),
        accountsStorage(host),
        declared.file(),
        declared.line());
  }

  /**
   * {@code usermanager}: {@code authentication}, or {@code anonymous} for {@code anonymous_login}.
   */
  private String authentication(Section host) throws ConfigException {
    Option anonymousLogin = effective(host, "anonymous_login");
    if (anonymousLogin != null && isSet(anonymousLogin) && anonymousLogin.value().toboolean()) {
      return "anonymous";
    }
    return string(host, "authentication").orElse(DEFAULT_AUTHENTICATION);
  }

  /**
   * {@code storagemanager.get_driver(host, "accounts")}: {@code storage} as a string or its {@code
   * accounts} entry, else {@code default_storage}, else {@code internal}.
   */
  private String accountsStorage(Section host) throws ConfigException {
    Option storage = effective(host, "storage");
    String driver = null;
    if (storage != null) {
      failIfDeferred(host, "storage", storage);
      LuaValue value = storage.value();
      if (value.type() == LuaValue.TSTRING) {
        driver = value.tojstring();
      } else if (value instanceof LuaTable table) {
        LuaValue accounts = table.rawget("accounts");
        if (!accounts.isnil() && accounts.type() != LuaValue.TSTRING) {
          throw typeError(
              host,
              "storage",
              storage,
              "its 'accounts' entry must be a string such as \"sql\", not a "
                  + accounts.typename());
        }
        driver = accounts.isnil() ? null : accounts.tojstring();
      } else {
        throw typeError(
            host, "storage", storage, "it must be a string or a table, not a " + value.typename());
      }
    }
    if (driver == null) {
      driver = string(host, "default_storage").orElse(HostConfig.FILE_STORAGE);
    }
    // Prosody 0.12 reads the old driver name "sql2" as "sql".
    return driver.equals("sql2") ? "sql" : driver;
  }

  /**
   * {@code default_iteration_count} as {@code module:get_option_number} reads it: a number or a
   * numeric string, rounded down as Prosody 13.0 does for a fraction.
   */
  private OptionalInt iterationCount(Section host) throws ConfigException {
    Option option = effective(host, "default_iteration_count");
    if (option == null) {
      return OptionalInt.empty();
    }
    failIfDeferred(host, "default_iteration_count", option);
    LuaValue number = option.value().tonumber();
    if (number.isnil()) {
      throw typeError(
          host,
          "default_iteration_count",
          option,
          "it must be a number such as 10000, not " + describe(option.value()));
    }
    double count = Math.floor(number.todouble());
    if (count < 1 || count > Integer.MAX_VALUE) {
      throw typeError(
          host,
          "default_iteration_count",
          option,
          "it must be between 1 and " + Integer.MAX_VALUE + ", not " + describe(option.value()));
    }
    return OptionalInt.of((int) count);
  }

  /** Returns a string option; any other type is an error naming the option and where it was set. */
  Optional<String> string(Section host, String name) throws ConfigException {
    Option option = effective(host, name);
    if (option == null) {
      return Optional.empty();
    }
    failIfDeferred(host, name, option);
    if (option.value().type() != LuaValue.TSTRING) {
      throw typeError(host, name, option, "it must be a string, not " + describe(option.value()));
    }
    return Optional.of(option.value().tojstring());
  }

  private static boolean isSet(Option option) {
    return !(option.value().touserdata() instanceof DeferredError);
  }

  private void failIfDeferred(Section host, String name, Option option) throws ConfigException {
    if (option.value().touserdata() instanceof DeferredError error) {
      throw new ConfigException(
          "the option " + name + where(host) + " cannot be read: " + error.detail(),
          error.location());
    }
  }

  private ConfigException typeError(Section host, String name, Option option, String problem) {
    return new ConfigException(
        "invalid option " + name + where(host) + ": " + problem, option.setAt());
  }

  private String where(Section host) {
    return host == global ? "" : " for host " + host.name();
  }

  private static String describe(LuaValue value) {
    if (value.type() == LuaValue.TSTRING) {
      return "\"" + value.tojstring() + "\"";
    }
    return value.type() == LuaValue.TNUMBER ? value.tojstring() : "a " + value.typename();
  }
}
