import java.nio.charset.StandardCharsets;
import org.prosodyaccounts.auth.HashAlgorithm;
import org.prosodyaccounts.auth.Scram;

/**
 * Times PBKDF2 as the tool computes it ({@link Scram#derive}) on one thread: the first derivation
 * in this JVM, then the median of {@code count} derivations after {@code count} warm-up ones.
 * Run with the tool's jar on the class path: {@code java -cp JAR bench/Pbkdf2Timing.java ITERATIONS COUNT}.
 * Prints {@code first_ms median_ms}.
 */
public class Pbkdf2Timing {
  public static void main(String[] args) {
    int iterations = Integer.parseInt(args[0]);
    int count = Integer.parseInt(args[1]);
    byte[] salt = "6fa94ca0-2b43-4b0b-9d1a-2b4d5f9c1e11".getBytes(StandardCharsets.US_ASCII);

    long start = System.nanoTime();
    Scram.derive("password-0", salt, iterations, HashAlgorithm.SHA_1);
    double firstMs = (System.nanoTime() - start) / 1e6;

    for (int i = 0; i < count; i++) {
      Scram.derive("password-" + i, salt, iterations, HashAlgorithm.SHA_1);
    }
    double[] times = new double[count];
    for (int i = 0; i < count; i++) {
      long t = System.nanoTime();
      Scram.derive("password-" + i, salt, iterations, HashAlgorithm.SHA_1);
      times[i] = (System.nanoTime() - t) / 1e6;
    }
    java.util.Arrays.sort(times);
    System.out.printf(java.util.Locale.ROOT, "%.3f %.4f%n", firstMs, times[count / 2]);
  }
}
