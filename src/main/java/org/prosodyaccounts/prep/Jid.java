package org.prosodyaccounts.prep;

import java.util.Objects;
import java.util.Optional;

/**
 * A JID split into node, host and resource, as Prosody's {@code util.jid} splits it.
 *
 * <p>{@code node} and {@code resource} are null when absent, and {@link #optionalNode()} and {@link
 * #optionalResource()} return them as {@link Optional}. When present they are non-empty. The host
 * is non-empty, and neither the node nor the host contains {@code @} or {@code /}, so {@link
 * #toString()} followed by {@link #parse} returns an equal JID. The constructor does not prepare
 * the parts, but {@link #parsePrepped} does.
 *
 * @param node the node (local part), or null
 * @param host the host (domain part)
 * @param resource the resource, or null
 */
public record Jid(String node, String host, String resource) {

  /**
   * Checks the structural rules above.
   *
   * @throws IllegalArgumentException if a part breaks them
   * @throws NullPointerException if {@code host} is null
   */
  public Jid {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty() || containsSeparator(host)) {
      throw new IllegalArgumentException("host must be non-empty without '@' or '/'");
    }
    if (node != null && (node.isEmpty() || containsSeparator(node))) {
      throw new IllegalArgumentException("node must be null or non-empty without '@' or '/'");
    }
    if (resource != null && resource.isEmpty()) {
      throw new IllegalArgumentException("resource must be null or non-empty");
    }
  }

  /**
   * Splits a JID without preparing it, as {@code util.jid.split} does in Prosody 0.12 and 13.0.
   *
   * <p>The node is the text before the first {@code @} when no {@code /} comes earlier. The host
   * runs to the next {@code @} or {@code /}. Anything after the host must be {@code /} followed by
   * a non-empty resource, which may itself contain {@code @} and {@code /}. So {@code a/b@c} is
   * host {@code a} with resource {@code b@c}. No length limit applies.
   *
   * @throws InvalidJidException with reason {@link InvalidJidException.Reason#MALFORMED} if the
   *     string does not have that form
   */
  public static Jid parse(String jid) throws InvalidJidException {
    Objects.requireNonNull(jid, "jid");
    int length = jid.length();

    int nodeEnd = indexOfSeparator(jid, 0);
    String node = null;
    int hostStart = 0;
    if (nodeEnd > 0 && nodeEnd < length && jid.charAt(nodeEnd) == '@') {
      node = jid.substring(0, nodeEnd);
      hostStart = nodeEnd + 1;
    }

    int hostEnd = indexOfSeparator(jid, hostStart);
    if (hostEnd == hostStart) {
      throw malformed(jid);
    }
    String host = jid.substring(hostStart, hostEnd);

    String resource = null;
    if (hostEnd < length) {
      if (jid.charAt(hostEnd) != '/' || hostEnd + 1 == length) {
        throw malformed(jid);
      }
      resource = jid.substring(hostEnd + 1);
    }
    return new Jid(node, host, resource);
  }

  /**
   * Splits and prepares a JID as {@code util.jid.prepped_split} does without {@code strict}, which
   * is how prosodyctl's {@code adduser}, {@code passwd} and {@code deluser} read their argument.
   *
   * <p>The host {@code "."} is rejected. Otherwise one trailing dot is removed from the host, then
   * the host is Nameprepped, the node Nodeprepped and the resource Resourceprepped, in that order,
   * all allowing unassigned code points. Each part is limited to 1023 UTF-8 bytes before and after
   * preparation. For example {@code FOCUS@Auth.MEET.EXAMPLE.ORG.} becomes {@code
   * focus@auth.meet.example.org} and {@code Straße@h} becomes {@code strasse@h}.
   *
   * @throws InvalidJidException if the string is malformed or a part fails its profile. {@link
   *     InvalidJidException#reason()} names the part.
   */
  public static Jid parsePrepped(String jid) throws InvalidJidException {
    Jid split = parse(jid);
    String host = prepareHost(split.host);
    String node = split.node == null ? null : prepareNode(split.node, false);
    String resource = split.resource == null ? null : prepareResource(split.resource, false);
    return new Jid(node, host, resource);
  }

  /**
   * Prepares a host as {@link #parsePrepped} does: one trailing dot is removed, then the host is
   * Nameprepped with unassigned code points allowed.
   *
   * <p>Note that prosodyctl's {@code register USER HOST} applies Nameprep to HOST without removing
   * a trailing dot. {@link Stringprep#nameprep(String)} reproduces that.
   *
   * @throws InvalidJidException with reason {@link InvalidJidException.Reason#INVALID_HOST} if the
   *     host is empty or {@code "."}, fails Nameprep, is empty after it, or contains {@code @} or
   *     {@code /} (before or after Nameprep)
   */
  public static String prepareHost(String host) throws InvalidJidException {
    Objects.requireNonNull(host, "host");
    if (host.equals(".")) {
      throw invalidHost(host, "is the root \".\"");
    }
    String stripped = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (stripped.isEmpty()) {
      throw invalidHost(host, "is empty");
    }
    String prepared;
    try {
      prepared = Stringprep.nameprep(stripped);
    } catch (PrepException e) {
      throw new InvalidJidException(
          InvalidJidException.Reason.INVALID_HOST,
          "Invalid host \"" + host + "\": " + e.getMessage(),
          e);
    }
    // NOTE: Prosody accepts a host that Nameprep maps to an empty string or to one containing
    // '@' or '/' (from U+FF20 or U+FF0F). Such a host cannot appear in a JID, so it is rejected.
    if (prepared.isEmpty()) {
      throw invalidHost(host, "is empty after Nameprep");
    }
    if (containsSeparator(prepared)) {
      throw invalidHost(host, "contains '@' or '/'");
    }
    return prepared;
  }

  /**
   * Prepares a node with Nodeprep.
   *
   * @param strict true to reject code points unassigned in Unicode 3.2, as prosodyctl's {@code
   *     adduser} and {@code register} do before creating an account, or false as in JID parsing
   * @throws InvalidJidException with reason {@link InvalidJidException.Reason#INVALID_NODE} if the
   *     node fails Nodeprep or is empty before or after it
   */
  public static String prepareNode(String node, boolean strict) throws InvalidJidException {
    Objects.requireNonNull(node, "node");
    String prepared;
    try {
      prepared = Stringprep.nodeprep(node, strict);
    } catch (PrepException e) {
      throw new InvalidJidException(
          InvalidJidException.Reason.INVALID_NODE,
          "Invalid username \"" + node + "\": " + e.getMessage(),
          e);
    }
    // NOTE: Prosody accepts a node that Nodeprep maps to nothing (such as U+00AD alone) and
    // stores the account as ".dat". Such a node is rejected here.
    if (prepared.isEmpty()) {
      throw new InvalidJidException(
          InvalidJidException.Reason.INVALID_NODE,
          "Invalid username \"" + node + "\": it is empty after Nodeprep");
    }
    return prepared;
  }

  /**
   * Prepares a resource with Resourceprep.
   *
   * @param strict true to reject code points unassigned in Unicode 3.2
   * @throws InvalidJidException with reason {@link InvalidJidException.Reason#INVALID_RESOURCE} if
   *     the resource fails Resourceprep or is empty before or after it
   */
  public static String prepareResource(String resource, boolean strict) throws InvalidJidException {
    Objects.requireNonNull(resource, "resource");
    String prepared;
    try {
      prepared = Stringprep.resourceprep(resource, strict);
    } catch (PrepException e) {
      throw new InvalidJidException(
          InvalidJidException.Reason.INVALID_RESOURCE,
          "Invalid resource \"" + resource + "\": " + e.getMessage(),
          e);
    }
    if (prepared.isEmpty()) {
      throw new InvalidJidException(
          InvalidJidException.Reason.INVALID_RESOURCE,
          "Invalid resource \"" + resource + "\": it is empty after Resourceprep");
    }
    return prepared;
  }

  /** Returns the node, or empty when the JID has none. */
  public Optional<String> optionalNode() {
    return Optional.ofNullable(node);
  }

  /** Returns the resource, or empty when the JID has none. */
  public Optional<String> optionalResource() {
    return Optional.ofNullable(resource);
  }

  /** Returns this JID without its resource. */
  public Jid bare() {
    return resource == null ? this : new Jid(node, host, null);
  }

  /** Returns the JID as text: {@code node@host/resource}, leaving out absent parts. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    if (node != null) {
      text.append(node).append('@');
    }
    text.append(host);
    if (resource != null) {
      text.append('/').append(resource);
    }
    return text.toString();
  }

  private static int indexOfSeparator(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) != '@' && s.charAt(i) != '/') {
      i++;
    }
    return i;
  }

  private static boolean containsSeparator(String s) {
    return s.indexOf('@') >= 0 || s.indexOf('/') >= 0;
  }

  private static InvalidJidException malformed(String jid) {
    return new InvalidJidException(
        InvalidJidException.Reason.MALFORMED,
        "Invalid JID \"" + jid + "\": expected [node@]host[/resource] with a non-empty host");
  }

  private static InvalidJidException invalidHost(String host, String problem) {
    return new InvalidJidException(
        InvalidJidException.Reason.INVALID_HOST, "Invalid host \"" + host + "\": it " + problem);
  }
}
