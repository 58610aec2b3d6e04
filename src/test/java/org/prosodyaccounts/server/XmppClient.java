package org.prosodyaccounts.server;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SASLAuthentication;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Mechanisms;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

/**
 * A real XMPP client (Smack 4.4) that logs in to a test server over c2s on 127.0.0.1 without TLS,
 * with exactly one SASL mechanism per login.
 */
public final class XmppClient {

  /** How long the client waits for the server's reply to one request, in milliseconds. */
  private static final int REPLY_TIMEOUT_MILLIS = 15_000;

  static {
    SASLAuthentication.registerSASLMechanism(new ScramSha256Mechanism());
  }

  private XmppClient() {}

  /**
   * The outcome of one login.
   *
   * @param condition {@code success}, the SASL failure condition the server sent (such as
   *     {@code not-authorized}, {@code account-disabled} or {@code malformed-request}), or
   *     {@code error: ...} when the client failed before the server decided
   * @param text the server's failure text, or empty
   */
  public record LoginOutcome(String condition, String text) {

    /** A successful login. */
    public static final LoginOutcome SUCCESS = new LoginOutcome("success", "");

    /** Returns true for a successful login. */
    public boolean succeeded() {
      return condition.equals("success");
    }

    @Override
    public String toString() {
      return text.isEmpty() ? condition : condition + " (" + text + ")";
    }
  }

  /**
   * Logs in as {@code user} on {@code host} with {@code mechanism}, then disconnects. An empty
   * password goes through {@link RawSaslClient}, because Smack 4.4 does not send one.
   */
  public static LoginOutcome login(
      ProsodyInstance server, String host, String user, String password, Mechanism mechanism)
      throws IOException, InterruptedException {
    if (password.isEmpty()) {
      return RawSaslClient.login(server.port(), host, user, password, mechanism);
    }
    XMPPTCPConnection connection = connection(server, host, mechanism);
    try {
      connection.connect();
      connection.login(user, password);
      return LoginOutcome.SUCCESS;
    } catch (SASLErrorException e) {
      String text = e.getSASLFailure().getDescriptiveText();
      return new LoginOutcome(e.getSASLFailure().getSASLErrorString(), text == null ? "" : text);
    } catch (SmackException | XMPPException | IllegalArgumentException e) {
      return new LoginOutcome("error: " + e, "");
    } finally {
      connection.disconnect();
    }
  }

  /** Returns the SASL mechanisms that the server offers on {@code host} before login, in its order. */
  public static List<String> offeredMechanisms(ProsodyInstance server, String host)
      throws IOException, InterruptedException {
    XMPPTCPConnection connection = connection(server, host, Mechanism.PLAIN);
    try {
      connection.connect();
      Mechanisms mechanisms = connection.getFeature(Mechanisms.QNAME);
      return mechanisms == null ? List.of() : List.copyOf(mechanisms.getMechanisms());
    } catch (SmackException | XMPPException e) {
      throw new IOException("connecting to " + host + " on " + server + " failed: " + e, e);
    } finally {
      connection.disconnect();
    }
  }

  /**
   * Logs in and keeps the session open for requests.
   *
   * @throws IOException if the login fails, with the outcome in the message
   */
  public static Session open(ProsodyInstance server, String host, String user, String password, Mechanism mechanism)
      throws IOException, InterruptedException {
    XMPPTCPConnection connection = connection(server, host, mechanism);
    try {
      connection.connect();
      connection.login(user, password);
      return new Session(connection);
    } catch (SmackException | XMPPException e) {
      connection.disconnect();
      throw new IOException("login of " + user + "@" + host + " with " + mechanism + " on " + server + " failed: " + e, e);
    }
  }

  /** A logged-in session. */
  public static final class Session implements AutoCloseable {

    private final XMPPTCPConnection connection;

    private Session(XMPPTCPConnection connection) {
      this.connection = connection;
    }

    /**
     * Changes the account's password in band (XEP-0077), as a client's "change password" does.
     * The session stays logged in.
     */
    public void changePassword(String newPassword) throws IOException, InterruptedException {
      AccountManager accounts = AccountManager.getInstance(connection);
      // Smack rejects this request over plain TCP unless allowed, and these tests run on loopback without TLS.
      accounts.sensitiveOperationOverInsecureConnection(true);
      try {
        accounts.changePassword(newPassword);
      } catch (SmackException | XMPPException e) {
        throw new IOException("in-band password change failed: " + e, e);
      }
    }

    /** Adds {@code contact} to the roster, so that the server stores the user's roster. */
    public void addContact(String contact, String name) throws IOException, InterruptedException {
      try {
        Roster.getInstanceFor(connection).createItem(JidCreate.bareFrom(contact), name, null);
        // The server also pushes the new item, and the ping's reply comes after Smack has acknowledged it.
        roundTrip();
      } catch (SmackException | XMPPException | XmppStringprepException e) {
        throw new IOException("adding " + contact + " to the roster failed: " + e, e);
      }
    }

    /** Stores a vCard (XEP-0054) with {@code nickname}, which the server keeps in its {@code vcard} store. */
    public void saveVCard(String nickname) throws IOException, InterruptedException {
      VCard vcard = new VCard();
      vcard.setNickName(nickname);
      try {
        VCardManager.getInstanceFor(connection).saveVCard(vcard);
      } catch (SmackException | XMPPException e) {
        throw new IOException("saving the vCard failed: " + e, e);
      }
    }

    /** Sends a chat message, which the server stores offline when the recipient has no session. */
    public void sendMessage(String to, String body) throws IOException, InterruptedException {
      try {
        Message message =
            connection.getStanzaFactory().buildMessageStanza().to(JidCreate.entityBareFrom(to))
                .ofType(Message.Type.chat).setBody(body).build();
        connection.sendStanza(message);
      } catch (SmackException | XmppStringprepException e) {
        throw new IOException("sending a message to " + to + " failed: " + e, e);
      }
    }

    /**
     * Sends a ping to the server and waits for its reply, so that every stanza sent before it
     * has been processed.
     */
    public void roundTrip() throws IOException, InterruptedException {
      try {
        PingManager.getInstanceFor(connection).pingMyServer(true);
      } catch (SmackException e) {
        throw new IOException("ping to the server failed: " + e, e);
      }
    }

    /** Returns the underlying Smack connection. */
    public XMPPTCPConnection connection() {
      return connection;
    }

    @Override
    public void close() {
      connection.disconnect();
    }
  }

  private static XMPPTCPConnection connection(ProsodyInstance server, String host, Mechanism mechanism)
      throws IOException {
    try {
      XMPPTCPConnectionConfiguration configuration =
          XMPPTCPConnectionConfiguration.builder()
              .setXmppDomain(host)
              .setHostAddress(InetAddress.getByName("127.0.0.1"))
              .setPort(server.port())
              .setSecurityMode(SecurityMode.disabled)
              .addEnabledSaslMechanism(mechanism.saslName())
              .setSendPresence(false)
              .setConnectTimeout(REPLY_TIMEOUT_MILLIS)
              .build();
      XMPPTCPConnection connection = new XMPPTCPConnection(configuration);
      connection.setReplyTimeout(REPLY_TIMEOUT_MILLIS);
      return connection;
    } catch (XmppStringprepException e) {
      throw new IOException("invalid host name " + host + ": " + e, e);
    }
  }
}
