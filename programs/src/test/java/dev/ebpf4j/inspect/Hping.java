package dev.ebpf4j.inspect;

import dev.ebpf4j.testing.ExternalTool;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * hping3 run in a network namespace of the test's own: a bounded number of crafted TCP segments
 * (a SYN flood's, or odd flag combinations) to an address inside the test's namespaces, with the
 * count hping3 itself reports as sent, the oracle the programs' counters must equal.
 */
final class Hping {
    private static final Pattern TRANSMITTED = Pattern.compile("(\\d+) packets transmitted");

    private Hping() {
    }

    /**
     * Sends {@code count} segments with hping3's flag options {@code flags} (e.g. {@code "-S"}) from
     * {@code source} (spoofed: no answer is expected) to {@code destination}:{@code port}, one a
     * millisecond, from namespace {@code namespace}; returns how many hping3 says it transmitted.
     */
    static long send(String namespace, String source, String destination, int port, int count, String... flags)
            throws IOException, InterruptedException {
        String hping = ExternalTool.require("hping3").executable().toString();
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace, hping, "-q", "-c", String.valueOf(count),
                "-i", "u1000", "-p", String.valueOf(port), "-a", source));
        command.addAll(List.of(flags));
        command.add(destination);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 30 s");
        }
        Matcher matcher = TRANSMITTED.matcher(output);
        if (!matcher.find()) throw new IllegalStateException(String.join(" ", command) + " printed no statistics: " + output.strip());
        return Long.parseLong(matcher.group(1));
    }
}
