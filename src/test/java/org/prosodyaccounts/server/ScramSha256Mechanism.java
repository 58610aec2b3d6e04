package org.prosodyaccounts.server;

import com.ibm.icu.text.StringPrep;
import com.ibm.icu.text.StringPrepParseException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.callback.CallbackHandler;
import org.jivesoftware.smack.SmackException.SmackSaslException;
import org.jivesoftware.smack.sasl.SASLMechanism;

/**
 * SCRAM-SHA-256 (RFC 7677) for Smack 4.4, without channel binding. Smack 4.4 ships SCRAM-SHA-1
 * only, and its SCRAM base class computes StoredKey with SHA-1 whatever the HMAC, so it cannot be
 * reused for SHA-256. The client SASLpreps the password with ICU's RFC 4013 profile, allowing
 * unassigned code points as Prosody does for logins, and checks the server's signature.
 */
public final class ScramSha256Mechanism extends SASLMechanism {

  /** The mechanism's SASL name. */
  public static final String NAME = "SCRAM-SHA-256";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String GS2_HEADER = "n,,";

  private String clientFirstBare;
  private byte[] expectedServerSignature;
  private boolean serverVerified;

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public int getPriority() {
    // Ahead of Smack's SCRAM-SHA-1 (110), although tests enable one mechanism per login anyway.
    return 100;
  }

  @Override
  protected void authenticateInternal(CallbackHandler callbackHandler) {
    throw new UnsupportedOperationException("SCRAM-SHA-256 needs a user name and a password");
  }

  @Override
  protected byte[] getAuthenticationText() throws SmackSaslException {
    byte[] nonceBytes = new byte[24];
    RANDOM.nextBytes(nonceBytes);
    String nonce = Base64.getEncoder().withoutPadding().encodeToString(nonceBytes);
    clientFirstBare = "n=" + escapeName(saslprep(authenticationId)) + ",r=" + nonce;
    return (GS2_HEADER + clientFirstBare).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected byte[] evaluateChallenge(byte[] challenge) throws SmackSaslException {
    String message = new String(challenge, StandardCharsets.UTF_8);
    Map<Character, String> attributes = parse(message);
    if (expectedServerSignature == null) {
      return clientFinal(message, attributes);
    }
    String verifier = attributes.get('v');
    if (verifier == null) {
      throw new SmackSaslException("SCRAM-SHA-256: the server's final message has no signature: " + message);
    }
    if (!MessageDigest.isEqual(expectedServerSignature, Base64.getDecoder().decode(verifier))) {
      throw new SmackSaslException("SCRAM-SHA-256: the server's signature is wrong");
    }
    serverVerified = true;
    return null;
  }

  private byte[] clientFinal(String serverFirst, Map<Character, String> attributes) throws SmackSaslException {
    String nonce = attributes.get('r');
    String salt = attributes.get('s');
    String iterations = attributes.get('i');
    if (nonce == null || salt == null || iterations == null) {
      throw new SmackSaslException("SCRAM-SHA-256: invalid server-first message: " + serverFirst);
    }
    String channelBinding = Base64.getEncoder().encodeToString(GS2_HEADER.getBytes(StandardCharsets.US_ASCII));
    String clientFinalWithoutProof = "c=" + channelBinding + ",r=" + nonce;
    String authMessage = clientFirstBare + "," + serverFirst + "," + clientFinalWithoutProof;
    try {
      byte[] saltedPassword =
          pbkdf2(saslprep(password), Base64.getDecoder().decode(salt), Integer.parseInt(iterations));
      byte[] clientKey = hmac(saltedPassword, "Client Key");
      byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
      byte[] clientSignature = hmac(storedKey, authMessage);
      byte[] proof = new byte[clientKey.length];
      for (int k = 0; k < proof.length; k++) {
        proof[k] = (byte) (clientKey[k] ^ clientSignature[k]);
      }
      expectedServerSignature = hmac(hmac(saltedPassword, "Server Key"), authMessage);
      String clientFinal = clientFinalWithoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
      return clientFinal.getBytes(StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | NumberFormatException e) {
      throw new SmackSaslException("SCRAM-SHA-256: " + e);
    }
  }

  @Override
  protected void checkIfSuccessfulOrThrow() throws SmackSaslException {
    if (!serverVerified) {
      throw new SmackSaslException("SCRAM-SHA-256: the server did not prove that it knows the password");
    }
  }

  @Override
  protected SASLMechanism newInstance() {
    return new ScramSha256Mechanism();
  }

  private static byte[] pbkdf2(String password, byte[] salt, int iterations) throws GeneralSecurityException {
    // PBEKeySpec takes chars, which SunJCE's PBKDF2 encodes as UTF-8, as SCRAM requires.
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
    return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
  }

  private static byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String saslprep(String text) throws SmackSaslException {
    try {
      return StringPrep.getInstance(StringPrep.RFC4013_SASLPREP).prepare(text, StringPrep.ALLOW_UNASSIGNED);
    } catch (StringPrepParseException e) {
      throw new SmackSaslException("SCRAM-SHA-256: the password or user name fails SASLprep: " + e.getMessage());
    }
  }

  private static String escapeName(String name) {
    return name.replace("=", "=3D").replace(",", "=2C");
  }

  private static Map<Character, String> parse(String message) {
    Map<Character, String> attributes = new HashMap<>();
    for (String part : message.split(",")) {
      if (part.length() >= 2 && part.charAt(1) == '=') {
        attributes.put(part.charAt(0), part.substring(2));
      }
    }
    return attributes;
  }
}
