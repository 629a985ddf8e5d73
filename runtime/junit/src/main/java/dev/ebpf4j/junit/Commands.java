package dev.ebpf4j.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs iproute2 and traffic tools for {@link VethNetwork}, each bounded in time, with one-line errors. */
final class Commands {
    private Commands() {}

    /** Runs {@code command}; fails with its output when it exits non-zero or takes longer than {@code seconds}. */
    static String run(long seconds, List<String> command) {
        Result result = attempt(seconds, command);
        if (result.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + result.exit() + "): " + result.output().strip());
        }
        return result.output();
    }

    /** Runs {@code command} and returns its exit status and output, whatever the status. */
    static Result attempt(long seconds, List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.getFirst() + ": " + e.getMessage()
                    + (command.getFirst().equals("hping3") ? " (install the hping3 package)" : ""), e);
        }
        try {
            process.getOutputStream().close();
            // Output is small (iproute2, hping3's summary); read it after the exit, within the bound.
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + seconds + " s");
            }
            return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    record Result(int exit, String output) {}
}
