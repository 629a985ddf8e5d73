package dev.ebpf4j.inspect;

import dev.ebpf4j.testing.ExternalTool;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * curl run in a network namespace of the test's own: a bounded number of HTTP requests to a server
 * inside the test's namespaces, {@code parallel} at a time, each on a connection of its own
 * ({@code Connection: close}); the oracle is the number of responses curl reports as 200.
 */
final class Curl {
    private Curl() {
    }

    /** Requests {@code url} {@code count} times from {@code namespace}, {@code parallel} at once; returns how many answered 200. */
    static long get(String namespace, String url, int count, int parallel) throws IOException, InterruptedException {
        String curl = ExternalTool.require("curl").executable().toString();
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace, curl, "-s", "-g", "--parallel",
                "--parallel-max", String.valueOf(parallel), "--max-time", "10", "-H", "Connection: close", "-w", "%{http_code}\\n"));
        for (int i = 0; i < count; i++) command.addAll(List.of(url, "-o", "/dev/null"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("curl did not finish in 60 s: " + String.join(" ", command));
        }
        return output.lines().filter(line -> line.strip().equals("200")).count();
    }
}
