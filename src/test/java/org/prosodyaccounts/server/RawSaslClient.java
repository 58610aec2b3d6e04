package org.prosodyaccounts.server;

import com.ibm.icu.text.StringPrep;
import com.ibm.icu.text.StringPrepParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A minimal XMPP client that runs SASL (PLAIN, and SCRAM per RFC 5802 and RFC 7677) over a
 * plain c2s stream and stops after the server's verdict. It exists for the empty password, which
 * Smack 4.4 does not send ("a password is required"), and which the JDK's {@code SecretKeySpec}
 * rejects as an HMAC key. Everything else logs in through Smack.
 */
final class RawSaslClient {

  private static final String SASL_NAMESPACE = "urn:ietf:params:xml:ns:xmpp-sasl";
  private static final int TIMEOUT_MILLIS = 15_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private RawSaslClient() {}

  /** Logs in as {@code user} on {@code host} with {@code mechanism} and returns the server's verdict. */
  static XmppClient.LoginOutcome login(int port, String host, String user, String password, Mechanism mechanism)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      write(out, "<?xml version='1.0'?><stream:stream to='" + xmlEscape(host)
          + "' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>");
      XMLStreamReader reader = XMLInputFactory.newFactory().createXMLStreamReader(in, "UTF-8");
      List<String> offered = readMechanisms(reader);
      if (!offered.contains(mechanism.saslName())) {
        return new XmppClient.LoginOutcome("error: the server does not offer " + mechanism + " but " + offered, "");
      }
      return mechanism == Mechanism.PLAIN
          ? plain(out, reader, user, password)
          : scram(out, reader, mechanism, user, password);
    } catch (XMLStreamException | GeneralSecurityException e) {
      throw new IOException("SASL " + mechanism + " for " + user + "@" + host + " failed: " + e, e);
    }
  }

  private static XmppClient.LoginOutcome plain(OutputStream out, XMLStreamReader reader, String user, String password)
      throws IOException, XMLStreamException {
    byte[] message = ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
    write(out, auth("PLAIN", message));
    Answer answer = readAnswer(reader);
    return answer.outcome();
  }

  private static XmppClient.LoginOutcome scram(
      OutputStream out, XMLStreamReader reader, Mechanism mechanism, String user, String password)
      throws IOException, XMLStreamException, GeneralSecurityException {
    String digest = mechanism == Mechanism.SCRAM_SHA_256 ? "SHA-256" : "SHA-1";
    String macName = mechanism == Mechanism.SCRAM_SHA_256 ? "HmacSHA256" : "HmacSHA1";
    byte[] nonceBytes = new byte[18];
    RANDOM.nextBytes(nonceBytes);
    String clientFirstBare =
        "n=" + saslprep(user).replace("=", "=3D").replace(",", "=2C") + ",r="
            + Base64.getEncoder().encodeToString(nonceBytes);
    write(out, auth(mechanism.saslName(), ("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8)));

    Answer first = readAnswer(reader);
    if (!first.kind().equals("challenge")) {
      return first.outcome();
    }
    String serverFirst = new String(first.data(), StandardCharsets.UTF_8);
    Map<Character, String> attributes = attributes(serverFirst);
    String clientFinalBare = "c=biws,r=" + attributes.get('r');
    String authMessage = clientFirstBare + "," + serverFirst + "," + clientFinalBare;
    byte[] salted =
        pbkdf2(macName, saslprep(password).getBytes(StandardCharsets.UTF_8),
            Base64.getDecoder().decode(attributes.get('s')), Integer.parseInt(attributes.get('i')));
    byte[] clientKey = hmac(macName, salted, "Client Key");
    byte[] signature = hmac(macName, MessageDigest.getInstance(digest).digest(clientKey), authMessage);
    byte[] proof = new byte[clientKey.length];
    for (int k = 0; k < proof.length; k++) {
      proof[k] = (byte) (clientKey[k] ^ signature[k]);
    }
    String clientFinal = clientFinalBare + ",p=" + Base64.getEncoder().encodeToString(proof);
    write(out, "<response xmlns='" + SASL_NAMESPACE + "'>"
        + Base64.getEncoder().encodeToString(clientFinal.getBytes(StandardCharsets.UTF_8)) + "</response>");

    Answer last = readAnswer(reader);
    if (last.kind().equals("success")) {
      byte[] expected = hmac(macName, hmac(macName, salted, "Server Key"), authMessage);
      String verifier = attributes(new String(last.data(), StandardCharsets.UTF_8)).get('v');
      if (verifier == null || !MessageDigest.isEqual(expected, Base64.getDecoder().decode(verifier))) {
        return new XmppClient.LoginOutcome("error: the server's SCRAM signature is wrong", "");
      }
    }
    return last.outcome();
  }

  /** The server's reply to an auth or response element: challenge, success or failure. */
  private record Answer(String kind, byte[] data, String condition, String text) {

    XmppClient.LoginOutcome outcome() {
      switch (kind) {
        case "success":
          return XmppClient.LoginOutcome.SUCCESS;
        case "failure":
          return new XmppClient.LoginOutcome(condition, text);
        default:
          return new XmppClient.LoginOutcome("error: unexpected " + kind + " from the server", "");
      }
    }
  }

  private static List<String> readMechanisms(XMLStreamReader reader) throws XMLStreamException, IOException {
    List<String> mechanisms = new ArrayList<>();
    while (reader.hasNext()) {
      int event = reader.next();
      if (event == XMLStreamConstants.START_ELEMENT && reader.getLocalName().equals("mechanism")) {
        mechanisms.add(reader.getElementText().strip());
      } else if (event == XMLStreamConstants.END_ELEMENT && reader.getLocalName().equals("features")) {
        return mechanisms;
      }
    }
    throw new IOException("the server closed the stream before its features");
  }

  private static Answer readAnswer(XMLStreamReader reader) throws XMLStreamException, IOException {
    while (reader.hasNext()) {
      if (reader.next() != XMLStreamConstants.START_ELEMENT) {
        continue;
      }
      String name = reader.getLocalName();
      if (name.equals("challenge") || name.equals("success")) {
        String text = reader.getElementText().strip();
        byte[] data = text.isEmpty() || text.equals("=") ? new byte[0] : Base64.getDecoder().decode(text);
        return new Answer(name, data, "", "");
      }
      if (name.equals("failure")) {
        return readFailure(reader);
      }
    }
    throw new IOException("the server closed the stream before answering");
  }

  private static Answer readFailure(XMLStreamReader reader) throws XMLStreamException {
    String condition = "";
    String text = "";
    int depth = 1;
    while (depth > 0) {
      int event = reader.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        if (reader.getLocalName().equals("text")) {
          text = reader.getElementText();
        } else {
          condition = reader.getLocalName();
          depth++;
        }
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        depth--;
      }
    }
    return new Answer("failure", new byte[0], condition, text);
  }

  private static String auth(String mechanism, byte[] initialResponse) {
    String payload = initialResponse.length == 0 ? "=" : Base64.getEncoder().encodeToString(initialResponse);
    return "<auth xmlns='" + SASL_NAMESPACE + "' mechanism='" + mechanism + "'>" + payload + "</auth>";
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static Map<Character, String> attributes(String message) {
    Map<Character, String> attributes = new HashMap<>();
    for (String part : message.split(",")) {
      if (part.length() >= 2 && part.charAt(1) == '=') {
        attributes.put(part.charAt(0), part.substring(2));
      }
    }
    return attributes;
  }

  /** PBKDF2 (RFC 8018) with one output block, which is all SCRAM uses. */
  private static byte[] pbkdf2(String macName, byte[] password, byte[] salt, int iterations)
      throws GeneralSecurityException {
    Mac mac = mac(macName, password);
    mac.update(salt);
    byte[] block = mac.doFinal(new byte[] {0, 0, 0, 1});
    byte[] result = block.clone();
    for (int round = 1; round < iterations; round++) {
      block = mac.doFinal(block);
      for (int k = 0; k < result.length; k++) {
        result[k] ^= block[k];
      }
    }
    return result;
  }

  private static byte[] hmac(String macName, byte[] key, String text) throws GeneralSecurityException {
    return mac(macName, key).doFinal(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Mac mac(String macName, byte[] key) throws GeneralSecurityException {
    Mac mac = Mac.getInstance(macName);
    mac.init(new RawKey(macName, key));
    return mac;
  }

  /** An HMAC key that may be empty, unlike {@code SecretKeySpec}; HMAC itself allows any key length. */
  private record RawKey(String algorithm, byte[] bytes) implements SecretKey {

    @Override
    public String getAlgorithm() {
      return algorithm;
    }

    @Override
    public String getFormat() {
      return "RAW";
    }

    @Override
    public byte[] getEncoded() {
      return bytes.clone();
    }
  }

  private static String saslprep(String text) throws InvalidKeyException {
    try {
      return StringPrep.getInstance(StringPrep.RFC4013_SASLPREP).prepare(text, StringPrep.ALLOW_UNASSIGNED);
    } catch (StringPrepParseException e) {
      throw new InvalidKeyException("fails SASLprep: " + e.getMessage(), e);
    }
  }

  private static String xmlEscape(String text) {
    return text.replace("&", "&amp;").replace("'", "&apos;").replace("<", "&lt;");
  }
}
