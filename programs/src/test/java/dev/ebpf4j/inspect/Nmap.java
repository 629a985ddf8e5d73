package dev.ebpf4j.inspect;

import dev.ebpf4j.testing.ExternalTool;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * nmap's SYN scan ({@code -sS}) run in a network namespace of the test's own against an address
 * inside the test's namespaces, over a bounded port list, with no host discovery and no name
 * lookups, at most 50 probes a second (at full speed a busy machine's tcpdump lost some of the
 * burst, and its count is the oracle): the ports it reports open and closed are the oracle of the SYN-ACKs and RSTs the target
 * answered with.
 */
final class Nmap {
    private static final Pattern OPEN = Pattern.compile("\\d+/open/"), CLOSED = Pattern.compile("\\d+/closed/");
    private static final Pattern IGNORED_CLOSED = Pattern.compile("Ignored State: closed \\((\\d+)\\)");

    private Nmap() {
    }

    /** The ports the scan found open and closed. */
    record Scan(int open, int closed, String output) {
    }

    /** Scans {@code ports} (nmap's syntax, e.g. {@code 1-20,8080}) of {@code target} from {@code namespace}. */
    static Scan synScan(String namespace, String target, String ports) throws IOException, InterruptedException {
        String nmap = ExternalTool.require("nmap").executable().toString();
        List<String> command = List.of("ip", "netns", "exec", namespace, nmap, "-sS", "-Pn", "-n", "--max-retries", "0",
                "--max-rate", "50",
                "--host-timeout", "30s", "-p", ports, "-oG", "-", target);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("nmap did not finish in 60 s: " + String.join(" ", command));
        }
        String ported = output.lines().filter(line -> line.contains("Ports:")).findFirst()
                .orElseThrow(() -> new IllegalStateException("nmap reported no ports: " + output.strip()));
        int closed = (int) CLOSED.matcher(ported).results().count();
        Matcher ignored = IGNORED_CLOSED.matcher(ported);
        if (ignored.find()) closed += Integer.parseInt(ignored.group(1));
        return new Scan((int) OPEN.matcher(ported).results().count(), closed, output);
    }
}
