package dev.ebpf4j.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two network namespaces of a test's own, joined by a veth pair: {@link #inner()} in
 * {@link #innerNamespace()} with address {@link #INNER_ADDRESS}, its peer {@link #outer()} in
 * {@link #outerNamespace()} with {@link #OUTER_ADDRESS}. Traffic between the two never reaches an
 * interface of the host; {@link #close()} deletes both namespaces, and the veth with them.
 */
public final class VethPair implements AutoCloseable {
    public static final String INNER_ADDRESS = "10.199.0.1";
    public static final String OUTER_ADDRESS = "10.199.0.2";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String innerNamespace;
    private final String outerNamespace;

    private VethPair(String innerNamespace, String outerNamespace) {
        this.innerNamespace = innerNamespace;
        this.outerNamespace = outerNamespace;
    }

    /** Creates the namespaces and the veth, with addresses, up; removes what it made if a step fails. */
    public static VethPair create() throws IOException, InterruptedException {
        String tag = "ebpf4j-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        VethPair pair = new VethPair(tag + "-in", tag + "-out");
        try {
            ip("netns", "add", pair.innerNamespace);
            ip("netns", "add", pair.outerNamespace);
            ip("link", "add", "veth-in", "netns", pair.innerNamespace, "type", "veth",
                    "peer", "name", "veth-out", "netns", pair.outerNamespace);
            ip("-n", pair.innerNamespace, "addr", "add", INNER_ADDRESS + "/24", "dev", "veth-in");
            ip("-n", pair.outerNamespace, "addr", "add", OUTER_ADDRESS + "/24", "dev", "veth-out");
            for (String[] up : new String[][] {{pair.innerNamespace, "veth-in"}, {pair.innerNamespace, "lo"},
                    {pair.outerNamespace, "veth-out"}, {pair.outerNamespace, "lo"}}) {
                ip("-n", up[0], "link", "set", up[1], "up");
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    /** The interface the test attaches to. */
    public String inner() {
        return "veth-in";
    }

    /** Its peer, where traffic comes from. */
    public String outer() {
        return "veth-out";
    }

    public String innerNamespace() {
        return innerNamespace;
    }

    public String outerNamespace() {
        return outerNamespace;
    }

    /** Runs {@code command} in the inner namespace and returns its output; fails on a non-zero exit. */
    public String inInner(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", innerNamespace));
        full.addAll(List.of(command));
        return run(full);
    }

    public static String ip(String... args) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip"));
        full.addAll(List.of(args));
        return run(full);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
        }
        return output;
    }

    /** Deletes both namespaces (and so the veth), whatever state they are in. */
    @Override
    public void close() throws IOException, InterruptedException {
        for (String namespace : List.of(innerNamespace, outerNamespace)) {
            Process process = new ProcessBuilder("ip", "netns", "del", namespace).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
