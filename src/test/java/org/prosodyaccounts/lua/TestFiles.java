package org.prosodyaccounts.lua;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Locates the test corpora under {@code testdata/}. */
final class TestFiles {

  static final Path TESTDATA = Path.of("testdata");
  static final Path LEGACY = TESTDATA.resolve("legacy");
  static final Path INVALID = TESTDATA.resolve("invalid");

  private static final List<Path> VALID_ROOTS =
      List.of(TESTDATA.resolve("prosody-0.12/data"), TESTDATA.resolve("prosody-13/data"), LEGACY);

  private TestFiles() {}

  /** Returns every {@code .dat} file of the valid corpora, sorted. */
  static List<Path> datFiles() {
    return filesEndingWith(".dat");
  }

  /** Returns every {@code .list} file of the valid corpora, sorted. */
  static List<Path> listFiles() {
    return filesEndingWith(".list");
  }

  private static List<Path> filesEndingWith(String suffix) {
    return VALID_ROOTS.stream()
        .flatMap(TestFiles::walk)
        .filter(path -> path.getFileName().toString().endsWith(suffix))
        .sorted()
        .toList();
  }

  private static Stream<Path> walk(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(Files::isRegularFile).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
