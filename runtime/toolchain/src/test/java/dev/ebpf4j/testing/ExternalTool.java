package dev.ebpf4j.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * An external program a test uses as an oracle (clang-19, llvm-readelf-19, bpftool, ...), found
 * on the PATH. A missing tool skips the test with a printed reason; a failing run fails it with
 * the tool's stderr.
 *
 * <pre>{@code
 * ExternalTool clang = ExternalTool.require("clang-19");
 * clang.run("-target", "bpf", "-O2", "-g", "-c", source.toString(), "-o", object.toString());
 * String listing = ExternalTool.require("llvm-readelf-19").run("-S", object.toString()).stdout();
 * }</pre>
 */
public final class ExternalTool {
    /** A run that takes longer than this is stuck, not slow; the test fails instead of hanging. */
    private static final long STUCK_MINUTES = 10;

    private final String name;
    private final Path executable;

    private ExternalTool(String name, Path executable) {
        this.name = name;
        this.executable = executable;
    }

    /** What a finished run printed. */
    public record Result(int exitCode, String stdout, String stderr) {
        /**
         * True if the tool, run as root, failed because it could not give up root for its own user
         * (tcpdump without CAP_SETUID and CAP_SETGID).
         */
        public boolean couldNotGiveUpRoot() {
            return exitCode != 0 && stderr.contains("Couldn't change to");
        }
    }

    /** The tool called {@code name} on the PATH, if there is one. */
    public static Optional<ExternalTool> find(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(new ExternalTool(name, candidate));
            }
        }
        return Optional.empty();
    }

    /** The tool called {@code name}; skips the calling test, saying why, if it is not on the PATH. */
    public static ExternalTool require(String name) {
        Optional<ExternalTool> tool = find(name);
        if (tool.isEmpty()) {
            String reason = "skipped: " + name + " is not on the PATH (install it to run this test)";
            System.err.println(reason);
            Assumptions.abort(reason);
        }
        return tool.get();
    }

    public String name() {
        return name;
    }

    public Path executable() {
        return executable;
    }

    /** Runs the tool and fails the test, showing stderr, unless it exits with 0. */
    public Result run(String... arguments) {
        return run(List.of(arguments));
    }

    public Result run(List<String> arguments) {
        return succeeded(arguments, runAllowingFailure(arguments));
    }

    /**
     * As {@link #run(String...)}, for a tool that gives up root for its own user before it works,
     * as tcpdump does even to read a file: where it cannot (root without CAP_SETUID and
     * CAP_SETGID), skips the calling test, saying why. As root with them, as in CI, it runs.
     */
    public Result runGivingUpRoot(String... arguments) {
        Result result = runAllowingFailure(List.of(arguments));
        if (result.couldNotGiveUpRoot()) {
            String reason = cannotGiveUpRoot(name);
            System.err.println(reason);
            Assumptions.abort(reason);
        }
        return succeeded(List.of(arguments), result);
    }

    /** Why a test that needs {@code tool} to give up root is skipped where it cannot. */
    static String cannotGiveUpRoot(String tool) {
        return "skipped: " + tool + " cannot give up root for its own user here (no CAP_SETUID/CAP_SETGID)";
    }

    private Result succeeded(List<String> arguments, Result result) {
        if (result.exitCode() != 0) {
            fail(name + " " + String.join(" ", arguments) + " exited with " + result.exitCode() + ":\n" + result.stderr()
                    + (result.stdout().isBlank() ? "" : "\nstdout:\n" + result.stdout()));
        }
        return result;
    }

    /** Runs the tool and returns whatever happened, for tests that expect it to fail. */
    public Result runAllowingFailure(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(arguments);
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("ebpf4j-" + name, ".out");
            err = Files.createTempFile("ebpf4j-" + name, ".err");
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(STUCK_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail(name + " " + String.join(" ", arguments) + " did not finish within " + STUCK_MINUTES + " minutes");
            }
            return new Result(process.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                    new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + name, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temporary file is not worth failing a test over
            }
        }
    }
}
