package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.testing.ExternalTool;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real senders run in a namespace of the test's own, always bounded in count and to addresses
 * inside the test's namespaces: hping3 (crafted SYNs from spoofed sources, with the count it
 * reports as sent) and nmap (a SYN scan of a few ports).
 */
final class Senders {
    private static final Pattern TRANSMITTED = Pattern.compile("(\\d+) packets transmitted");

    private Senders() {
    }

    /**
     * Sends {@code count} SYNs from {@code source} (spoofed; no answer is expected back at hping3) to
     * {@code destination}:{@code port}, one every 200 µs (a short flood), from {@code namespace};
     * returns how many hping3 says it sent.
     */
    static long synFlood(String namespace, String source, String destination, int port, int count) throws IOException, InterruptedException {
        String hping = ExternalTool.require("hping3").executable().toString();
        List<String> command = List.of("ip", "netns", "exec", namespace, hping, "-q", "-S", "-c", String.valueOf(count), "-i", "u200",
                "-p", String.valueOf(port), "-a", source, destination);
        String output = run(command, 30, false); // hping3 exits 1 when nothing answered, as spoofed sources never are
        Matcher matcher = TRANSMITTED.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException(String.join(" ", command) + " printed no statistics: " + output.strip());
        }
        return Long.parseLong(matcher.group(1));
    }

    /** {@code nmap -sS} of {@code ports} (e.g. {@code 1-20,8080}) on {@code target} from {@code namespace}; returns its report. */
    static String synScan(String namespace, String target, String ports, boolean ipv6) throws IOException, InterruptedException {
        String nmap = ExternalTool.require("nmap").executable().toString();
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace, nmap, "-sS", "-n", "-Pn", "--max-retries", "0",
                "-p", ports));
        if (ipv6) {
            command.add("-6");
        }
        command.add(target);
        return run(command, 60, true);
    }

    /**
     * {@code nmap -6 -sS} of {@code ports} on {@code target} out of {@code device} of
     * {@code namespace}, one SYN a port from each of {@code sources} (the first is nmap's own,
     * {@code -S}; the others are its decoys, {@code -D}, so every source sends in the same instant),
     * never retried, at 200 to 1000 probes a second; returns nmap's report. The count sent is
     * tcpdump's to say: nmap may add a timing probe of its own.
     */
    static String synScan6(String namespace, String device, List<String> sources, String target, String ports)
            throws IOException, InterruptedException {
        String nmap = ExternalTool.require("nmap").executable().toString();
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace, nmap, "-6", "-sS", "-n", "-Pn", "--max-retries", "0",
                "--min-rate", "200", "--max-rate", "1000", "--host-timeout", "30s", "-e", device, "-S", sources.getFirst()));
        if (sources.size() > 1) {
            command.addAll(List.of("-D", String.join(",", sources.subList(1, sources.size()))));
        }
        command.addAll(List.of("-p", ports, target));
        return run(command, 60, true);
    }

    private static String run(List<String> command, int seconds, boolean checkExit) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in " + seconds + " s");
        }
        if (checkExit && process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output.strip());
        }
        return output;
    }
}
