package dev.ebpf4j.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command that starts a test's child JVM: this JVM's {@code java} with the options the
 * project's launchers use for short runs (serial GC, C1 only, native access), then the test's own.
 *
 * <p>One place for them because the child must not differ from the launchers in ways a test does
 * not mean to test, and because under software emulation (the VM suites) a tiered, G1 JVM was seen
 * to die of SIGILL in freshly patched compiled code: tier-up and concurrent GC both rewrite machine
 * code while other threads run it, which the emulator occasionally gets wrong. The VM guests' own
 * test JVM has always run with these options and never met it.
 */
public final class ChildJvm {
    /** The options every child gets, before the test's own. */
    public static final List<String> OPTIONS = List.of("-XX:-UsePerfData", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED");

    private ChildJvm() {}

    /** This JVM's {@code java} executable. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * {@code java}, the common options, {@code options}, {@code -cp classpath}, the main class and
     * its arguments.
     */
    public static List<String> command(List<String> options, String classpath, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(OPTIONS);
        command.addAll(options);
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(args);
        return command;
    }

    /** The same without options of the test's own. */
    public static List<String> command(String classpath, String mainClass, String... args) {
        return command(List.of(), classpath, mainClass, List.of(args));
    }
}
