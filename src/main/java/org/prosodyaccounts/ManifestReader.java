package org.prosodyaccounts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.prosodyaccounts.ManifestDraft.Position;

/**
 * Reads a JSON manifest into a {@link ManifestDraft} and checks its form: JSON syntax, known
 * fields, value types and required fields. Names and passwords are checked later, by
 * {@link Manifest}.
 *
 * <p>The JSON is first read into a small tree that keeps the line and column of every value, so
 * that every problem of the form is reported, not only the first. Only input that is not valid
 * JSON stops the reading. An unknown field or a value of the wrong type is reported, and the rest
 * of its item is still read, so that the later checks (names, duplicates, passwords and roster
 * accounts) also run on that item. Messages never quote values of the manifest, because a
 * misplaced password could be among them.
 */
final class ManifestReader {

  /** The largest manifest read, in bytes: far above a manifest of thousands of accounts. */
  static final int MAX_BYTES = 4 * 1024 * 1024;

  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private static final String PASSWORD_SOURCES =
      "give {\"file\": PATH}, {\"env\": VARIABLE} or {\"stdin\": true}";

  private final List<ManifestProblem> problems = new ArrayList<>();
  /** False once an account or host is left out because its name cannot be read. */
  private boolean complete = true;

  private ManifestReader() {}

  /**
   * The result of reading.
   *
   * @param draft the items whose form is right, or null when the input is not valid JSON
   * @param problems the problems of form found, in manifest order
   */
  record Result(ManifestDraft draft, List<ManifestProblem> problems) {}

  /** Reads {@code input}, which must be UTF-8 JSON. */
  static Result read(InputStream input) throws IOException {
    byte[] bytes = input.readNBytes(MAX_BYTES + 1);
    ManifestReader reader = new ManifestReader();
    if (bytes.length > MAX_BYTES) {
      reader.schema("", "", (int[]) null, "the manifest is larger than " + MAX_BYTES + " bytes");
      return new Result(null, reader.problems);
    }
    Node root;
    try (JsonParser parser = JSON.createParser(bytes)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        reader.schema("", "", (int[]) null, "the manifest is empty: give a JSON object with \"hosts\"");
        return new Result(null, reader.problems);
      }
      root = readValue(parser, first);
      if (parser.nextToken() != null) {
        reader.schema("", "", location(parser.currentTokenLocation()), "text after the JSON object");
        return new Result(null, reader.problems);
      }
    } catch (JsonProcessingException e) {
      reader.schema("", "", location(e.getLocation()), syntaxMessage(e));
      return new Result(null, reader.problems);
    }
    return new Result(reader.manifest(root), reader.problems);
  }

  /** A JSON value and where it starts. Objects hold their members in order, arrays their elements. */
  private record Node(JsonToken token, Object value, int line, int column) {
    @SuppressWarnings("unchecked")
    List<Member> members() {
      return (List<Member>) value;
    }

    @SuppressWarnings("unchecked")
    List<Node> elements() {
      return (List<Node>) value;
    }

    String type() {
      switch (token) {
        case START_OBJECT:
          return "an object";
        case START_ARRAY:
          return "an array";
        case VALUE_STRING:
          return "a string";
        case VALUE_TRUE:
        case VALUE_FALSE:
          return "a boolean";
        case VALUE_NULL:
          return "null";
        default:
          return "a number";
      }
    }
  }

  /** An object member and where its name starts. */
  private record Member(String name, Node value, int line, int column) {}

  private static Node readValue(JsonParser parser, JsonToken token) throws IOException {
    JsonLocation location = parser.currentTokenLocation();
    int line = location.getLineNr();
    int column = location.getColumnNr();
    switch (token) {
      case START_OBJECT: {
        List<Member> members = new ArrayList<>();
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
          JsonLocation nameLocation = parser.currentTokenLocation();
          String name = parser.currentName();
          Node value = readValue(parser, parser.nextToken());
          members.add(new Member(name, value, nameLocation.getLineNr(), nameLocation.getColumnNr()));
        }
        return new Node(token, members, line, column);
      }
      case START_ARRAY: {
        List<Node> elements = new ArrayList<>();
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
          elements.add(readValue(parser, next));
        }
        return new Node(token, elements, line, column);
      }
      case VALUE_STRING:
        return new Node(token, parser.getText(), line, column);
      default:
        return new Node(token, null, line, column);
    }
  }

  /**
   * Returns Jackson's reason without the text it quotes, which may be a password typed without
   * quotes.
   */
  private static String syntaxMessage(JsonProcessingException e) {
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (original.startsWith("Duplicate field")) {
      return "invalid JSON: a field appears twice in one object";
    }
    if (original.startsWith("Unexpected end-of-input")) {
      return "invalid JSON: the input ends inside an object, array or string";
    }
    if (original.contains("Invalid UTF-8")) {
      return "invalid JSON: the manifest is not valid UTF-8";
    }
    return "invalid JSON: syntax error (check quotes, commas and brackets)";
  }

  private static int[] location(JsonLocation location) {
    return location == null ? null : new int[] {location.getLineNr(), location.getColumnNr()};
  }

  private ManifestDraft manifest(Node root) {
    List<ManifestDraft.Host> hosts = new ArrayList<>();
    List<ManifestDraft.Subscription> rosters = new ArrayList<>();
    if (!expect(root, JsonToken.START_OBJECT, "", "the manifest")) {
      return new ManifestDraft(hosts, rosters, false);
    }
    if (!checkFields(root, "", "the manifest", Set.of("hosts", "rosters"), Set.of("hosts"))) {
      complete = false;
    }
    for (Member member : root.members()) {
      if (member.name().equals("hosts")) {
        if (!expect(member.value(), JsonToken.START_ARRAY, "hosts", "\"hosts\"")) {
          complete = false;
          continue;
        }
        List<Node> elements = member.value().elements();
        for (int i = 0; i < elements.size(); i++) {
          ManifestDraft.Host host = host(elements.get(i), "hosts[" + i + "]");
          if (host != null) {
            hosts.add(host);
          } else {
            complete = false;
          }
        }
      }
      if (member.name().equals("rosters") && expect(member.value(), JsonToken.START_ARRAY, "rosters", "\"rosters\"")) {
        List<Node> elements = member.value().elements();
        for (int i = 0; i < elements.size(); i++) {
          ManifestDraft.Subscription subscription = subscription(elements.get(i), "rosters[" + i + "]");
          if (subscription != null) {
            rosters.add(subscription);
          }
        }
      }
    }
    return new ManifestDraft(hosts, rosters, complete);
  }

  /**
   * Reads a host. A host whose name cannot be read is left out (null). With a {@code prune} or
   * {@code accounts} of the wrong type, the host is kept without pruning or without accounts, so
   * that its name is still checked.
   */
  private ManifestDraft.Host host(Node node, String path) {
    if (!expect(node, JsonToken.START_OBJECT, path, "a host")) {
      return null;
    }
    boolean valid = checkFields(node, path, "a host", Set.of("host", "prune", "accounts"), Set.of("host"));
    String name = null;
    Position namePosition = null;
    boolean prune = false;
    List<ManifestDraft.Account> accounts = new ArrayList<>();
    for (Member member : node.members()) {
      String memberPath = path + "." + member.name();
      switch (member.name()) {
        case "host":
          name = string(member.value(), memberPath);
          namePosition = position(memberPath, member.value());
          valid &= name != null;
          break;
        case "prune":
          if (member.value().token() == JsonToken.VALUE_TRUE || member.value().token() == JsonToken.VALUE_FALSE) {
            prune = member.value().token() == JsonToken.VALUE_TRUE;
          } else {
            wrongType(member.value(), memberPath, "true or false");
          }
          break;
        case "accounts":
          if (expect(member.value(), JsonToken.START_ARRAY, memberPath, "\"accounts\"")) {
            List<Node> elements = member.value().elements();
            for (int i = 0; i < elements.size(); i++) {
              ManifestDraft.Account account = account(elements.get(i), memberPath + "[" + i + "]");
              if (account != null) {
                accounts.add(account);
              } else {
                complete = false;
              }
            }
          } else {
            complete = false;
          }
          break;
        default:
          break;
      }
    }
    return valid ? new ManifestDraft.Host(name, prune, accounts, position(path, node), namePosition) : null;
  }

  /**
   * Reads an account. An account whose user name cannot be read is left out (null). A role of the
   * wrong type is dropped, and a missing password source or one of the wrong form becomes
   * {@link ManifestDraft.Unreadable}, so that the account still takes part in the duplicate and
   * roster checks.
   */
  private ManifestDraft.Account account(Node node, String path) {
    if (!expect(node, JsonToken.START_OBJECT, path, "an account")) {
      return null;
    }
    checkFields(node, path, "an account", Set.of("user", "password", "role"), Set.of("user", "password"));
    String user = null;
    String role = null;
    ManifestDraft.PasswordSpec password = null;
    for (Member member : node.members()) {
      String memberPath = path + "." + member.name();
      switch (member.name()) {
        case "user":
          user = string(member.value(), memberPath);
          break;
        case "role":
          role = string(member.value(), memberPath);
          break;
        case "password":
          password = password(member.value(), memberPath);
          break;
        default:
          break;
      }
    }
    if (user == null) {
      return null;
    }
    return new ManifestDraft.Account(
        user, password == null ? new ManifestDraft.Unreadable() : password, role, position(path, node));
  }

  private ManifestDraft.PasswordSpec password(Node node, String path) {
    if (node.token() == JsonToken.VALUE_STRING) {
      schema(path, "", node, "a password written in the manifest is not allowed, so that the manifest holds no"
          + " secret: " + PASSWORD_SOURCES);
      return null;
    }
    if (!expect(node, JsonToken.START_OBJECT, path, "a password source")) {
      return null;
    }
    boolean valid = checkFields(node, path, "a password source", Set.of("file", "env", "stdin"), Set.of());
    if (node.members().size() != 1) {
      schema(path, "", node, "a password source needs exactly one of file, env and stdin: " + PASSWORD_SOURCES);
      return null;
    }
    Member member = node.members().get(0);
    String memberPath = path + "." + member.name();
    switch (member.name()) {
      case "file": {
        String file = string(member.value(), memberPath);
        return valid && file != null ? new ManifestDraft.FromFile(file) : null;
      }
      case "env": {
        String variable = string(member.value(), memberPath);
        return valid && variable != null ? new ManifestDraft.FromEnvironment(variable) : null;
      }
      case "stdin":
        if (member.value().token() != JsonToken.VALUE_TRUE) {
          schema(memberPath, "", member.value(), "\"stdin\" must be true; to take the password from elsewhere, "
              + PASSWORD_SOURCES);
          return null;
        }
        return new ManifestDraft.FromStdin();
      default:
        return null;
    }
  }

  private ManifestDraft.Subscription subscription(Node node, String path) {
    if (!expect(node, JsonToken.START_OBJECT, path, "a roster subscription")) {
      return null;
    }
    boolean valid =
        checkFields(node, path, "a roster subscription", Set.of("user", "contact"), Set.of("user", "contact"));
    String user = null;
    String contact = null;
    for (Member member : node.members()) {
      String memberPath = path + "." + member.name();
      if (member.name().equals("user")) {
        user = string(member.value(), memberPath);
        valid &= user != null;
      } else if (member.name().equals("contact")) {
        contact = string(member.value(), memberPath);
        valid &= contact != null;
      }
    }
    return valid ? new ManifestDraft.Subscription(user, contact, position(path, node)) : null;
  }

  /**
   * Reports unknown and missing fields of an object. An unknown field is skipped, so the object's
   * other fields are still read.
   *
   * @return false when a required field is missing
   */
  private boolean checkFields(Node node, String path, String itemName, Set<String> known, Set<String> required) {
    boolean valid = true;
    List<String> present = new ArrayList<>();
    for (Member member : node.members()) {
      present.add(member.name());
      if (!known.contains(member.name())) {
        String memberPath = path.isEmpty() ? member.name() : path + "." + member.name();
        schema(memberPath, "", new int[] {member.line(), member.column()}, "unknown field \"" + member.name()
            + "\" in " + itemName + ": the fields are " + String.join(", ", known.stream().sorted().toList()));
      }
    }
    for (String field : required.stream().sorted().toList()) {
      if (!present.contains(field)) {
        schema(path, "", node, itemName + " has no \"" + field + "\" field");
        valid = false;
      }
    }
    return valid;
  }

  private String string(Node node, String path) {
    if (node.token() != JsonToken.VALUE_STRING) {
      wrongType(node, path, "a string");
      return null;
    }
    return (String) node.value();
  }

  private boolean expect(Node node, JsonToken token, String path, String itemName) {
    if (node.token() == token) {
      return true;
    }
    wrongType(node, path, token == JsonToken.START_OBJECT ? "an object" : "an array");
    return false;
  }

  private void wrongType(Node node, String path, String expected) {
    schema(path, "", node, "found " + node.type() + " where " + expected + " is expected");
  }

  private void schema(String path, String jid, Node node, String message) {
    schema(path, jid, new int[] {node.line(), node.column()}, message);
  }

  private void schema(String path, String jid, int[] location, String message) {
    int line = location == null ? 0 : location[0];
    int column = location == null ? 0 : location[1];
    problems.add(new ManifestProblem(ManifestProblem.Kind.SCHEMA, path, jid, Math.max(line, 0), Math.max(column, 0), message));
  }

  private static Position position(String path, Node node) {
    return new Position(path, node.line(), node.column());
  }
}
