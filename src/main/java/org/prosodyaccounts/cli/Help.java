package org.prosodyaccounts.cli;

/** The text of {@code --help}. */
final class Help {

  private Help() {}

  static String text(String program) {
    return "Usage: "
        + program
        + " [OPTIONS] COMMAND [ARGUMENTS]\n"
        + "\n"
        + "Reads and writes the accounts of a Prosody data directory without Prosody or Lua.\n"
        + "\n"
        + "Commands that behave as prosodyctl 0.12 does (same arguments, messages and exit codes):\n"
        + "  register USER HOST [PASSWORD]   create the account or replace its record\n"
        + "  unregister USER HOST            delete the account and the user's data on the host\n"
        + "  adduser JID                     create the account; the password is asked twice\n"
        + "  passwd JID                      change the password; the password is asked twice\n"
        + "  deluser JID                     delete the account and the user's data on the host\n"
        + "\n"
        + "Commands prosodyctl lacks:\n"
        + "  verify JID                      check the password read from standard input\n"
        + "                                  (one line); exit 0 only when it matches\n"
        + "  list HOST                       print the accounts of HOST, one JID per line\n"
        + "  doctor                          show the configuration and check the data directory\n"
        + "  ensure USER HOST [PASSWORD]     create, or set the password when it differs;\n"
        + "                                  print created, updated or unchanged\n"
        + "  exists JID                      exit 0 when the account exists, 3 when not\n"
        + "  show JID                        print the record without secrets\n"
        + "  disable JID, enable JID         set or clear Prosody 13's disabled flag\n"
        + "  role JID [ROLE]                 print or set Prosody 13's role\n"
        + "  roster subscribe USER CONTACT   as mod_roster_command subscribe (Jitsi's focus)\n"
        + "  roster show JID                 print the roster's contacts\n"
        + "  import [--ensure] FILE          register the accounts of FILE (- for standard input):\n"
        + "                                  JSON Lines or jid<TAB>password lines, all checked\n"
        + "                                  before anything is written\n"
        + "  export [--with-secrets] HOST    print the accounts of HOST as JSON Lines\n"
        + "  apply FILE                      create or update the accounts, roles and roster\n"
        + "                                  subscriptions of a JSON manifest, all checked\n"
        + "                                  before anything is written\n"
        + "\n"
        + "Options (before or after the command):\n"
        + OptionsParser.optionsHelp()
        + "\n"
        + "Exit codes:\n"
        + "  0  success; verify: the password matches\n"
        + "  1  failure as prosodyctl reports it; verify: the password does not match;\n"
        + "     doctor: problems were found\n"
        + "  2  invalid command line\n"
        + "  3  the account does not exist (verify and the commands prosodyctl lacks)\n"
        + "  4  verify: the account is disabled\n"
        + "  5  a data file is not valid Prosody data (left unchanged)\n"
        + "  6  the data directory is missing or not accessible, or another I/O error\n"
        + "  7  Prosody's configuration cannot be read, or the host's accounts are not files\n"
        + "  70 internal error of this tool, reported in one line\n"
        + "\n"
        + "Prosody's configuration is read from --config, else $PROSODY_CONFIG, else\n"
        + "/etc/prosody/prosody.cfg.lua; --data-path alone reads none.\n";
  }
}
