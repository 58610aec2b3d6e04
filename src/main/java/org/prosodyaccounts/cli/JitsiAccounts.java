package org.prosodyaccounts.cli;

import java.util.Map;

/**
 * The service accounts of a Jitsi Meet deployment and where each component keeps the same secret.
 * A password change reminds the admin to change it there too, because a component whose secret
 * differs from its account cannot log in.
 */
final class JitsiAccounts {

  private static final Map<String, String> SECRET_LOCATIONS =
      Map.of(
          "focus", "Jicofo's: JICOFO_AUTH_PASSWORD in /etc/jitsi/jicofo/config (Debian) or the .env file (Docker)",
          "jvb", "the videobridge's: org.jitsi.videobridge.xmpp.user.shard.PASSWORD in"
              + " /etc/jitsi/videobridge/sip-communicator.properties (Debian) or JVB_AUTH_PASSWORD (Docker)",
          "jibri", "Jibri's control login in /etc/jitsi/jibri/jibri.conf, or JIBRI_XMPP_PASSWORD (Docker)",
          "recorder", "Jibri's call login in /etc/jitsi/jibri/jibri.conf, or JIBRI_RECORDER_PASSWORD (Docker)",
          "jigasi", "Jigasi's: the base64 PASSWORD of its XMPP account in"
              + " /etc/jitsi/jigasi/sip-communicator.properties, or JIGASI_XMPP_PASSWORD (Docker)",
          "transcriber", "Jigasi's transcriber account, or JIGASI_TRANSCRIBER_PASSWORD (Docker)");

  private JitsiAccounts() {}

  /** Reports a note when {@code user} is one of Jitsi's service accounts. */
  static void remind(Report report, String user, String host) {
    String location = SECRET_LOCATIONS.get(user);
    if (location != null) {
      report.warn("note: " + user + "@" + host + " is a Jitsi service account: the same secret"
          + " must be in " + location + ", and the component restarted");
    }
  }
}
