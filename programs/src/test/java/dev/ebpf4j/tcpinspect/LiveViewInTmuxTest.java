package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.NetworkNamespace;
import dev.ebpf4j.testing.ExternalTool;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.testing.TcpTraffic;
import dev.ebpf4j.testing.VethPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tcpinspect watch} in a real terminal: tmux (a server on a socket in the test's directory) runs
 * bin/tcpinspect; the screen read with {@code capture-pane} shows the connections made from the peer
 * namespace (one SYN each, their port), {@code s} changes the ports' order, {@code q} ends it with
 * exit 0 and nothing left attached.
 */
@RequiresBpf
@Tag("slow")
class LiveViewInTmuxTest {
    private static final int CONNECTIONS = 3;

    private VethPair veth;
    private NetworkNamespace inner;
    private NetworkNamespace outer;
    private String tmux;
    /** The tmux server's socket, in the test's own directory: the server and its socket go with the test. */
    private String socket;
    @TempDir
    Path dir;

    @BeforeEach
    void namespaces() throws Exception {
        tmux = ExternalTool.require("tmux").executable().toString();
        veth = VethPair.create();
        inner = new NetworkNamespace(veth.innerNamespace());
        outer = new NetworkNamespace(veth.outerNamespace());
        socket = dir.resolve("tmux").toString();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (tmux != null) {
            new ProcessBuilder(tmux, "-S", socket, "kill-server").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        }
        if (veth != null) {
            veth.close();
        }
    }

    @Test
    void theViewShowsTheTrafficChangesItsSortAndQuitsOnQ() throws Exception {
        Path exit = dir.resolve("exit");
        String command = "ip netns exec " + inner.name() + " " + ToolRuns.launcher() + " watch " + veth.inner() + "; echo $? > " + exit;
        tmux("new-session", "-d", "-x", "150", "-y", "30", "-s", "view", command);
        NetworkDevice device = NetworkDevice.named(veth.inner(), inner);
        ToolRuns.awaitTc(device, 2, 20_000);

        long answered = TcpTraffic.exchange(VethPair.INNER_ADDRESS, CONNECTIONS, inner::call, outer::call);
        assertEquals(CONNECTIONS * 5L, answered, "every connection answered");

        List<String> screen = awaitScreen(s -> row(s, veth.inner()) != null && column(row(s, veth.inner()), 7) == CONNECTIONS
                // a whole frame: Display rewrites the title (its uptime changes) each second, and a capture may fall in between
                && s.getFirst().startsWith("tcpinspect "), "the SYNs");
        String[] counters = row(screen, veth.inner());
        assertEquals("ingress", counters[1], String.join("\n", screen));
        long packets = Long.parseLong(counters[2]);
        long byFlags = 0;
        for (int i = 7; i < 13; i++) {
            byFlags += Long.parseLong(counters[i]);
        }
        assertEquals(packets, byFlags, "the flag columns add up to the packets: " + String.join("\n", screen));
        assertTrue(screen.stream().anyMatch(l -> l.trim().matches(veth.inner() + "\\s+" + TcpTraffic.PORT + "\\s+" + packets + "\\s+.*")),
                "the port row: " + String.join("\n", screen));
        assertTrue(screen.getFirst().contains("sort ports (packets)"), String.join("\n", screen));

        tmux("send-keys", "-t", "view", "s");
        awaitScreen(s -> s.getFirst().contains("sort ports (rate)"), "the sort changed by s");

        tmux("send-keys", "-t", "view", "q");
        long deadline = System.currentTimeMillis() + 15_000;
        while (!(Files.exists(exit) && !Files.readString(exit).isBlank()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertEquals("0", Files.readString(exit).strip(), "q ends the run with exit 0");
        ToolRuns.awaitTc(device, 0, 2_000);
    }

    /** A guard running beside the view, started after it: its row shows the SYNs it passed and dropped, and the flooder. */
    @Test
    void theViewShowsAGuardRunningBesideIt() throws Exception {
        int burst = 4, each = 15;
        String flooder = "10.199.0.11";
        try (dev.ebpf4j.testing.PrivateBpffs bpffs = dev.ebpf4j.testing.PrivateBpffs.mount()) {
            String pins = bpffs.dir().resolve("tcpinspect").toString();
            Path exit = dir.resolve("exit");
            String command = ToolRuns.launcher() + " watch " + veth.inner() + " --netns " + inner.name() + " --pin-dir " + pins + "; echo $? > "
                    + exit;
            tmux("new-session", "-d", "-x", "150", "-y", "40", "-s", "view", command);
            NetworkDevice device = NetworkDevice.named(veth.inner(), inner);
            ToolRuns.awaitTc(device, 2, 20_000);
            ToolRuns.Running guard = ToolRuns.startInProcess("guard", veth.inner(), "--netns", inner.name(), "--syn-rate", "1", "--burst",
                    String.valueOf(burst), "--pin-dir", pins, "--json", "--duration", "60");
            ToolRuns.awaitFirstLine(guard, 20_000);
            long sent = Senders.synFlood(veth.outerNamespace(), flooder, VethPair.INNER_ADDRESS, 9, each);
            assertEquals(each, sent, "hping3 sent them all");

            String expected = veth.inner() + " " + burst + " " + (each - burst) + " 0 " + flooder + " (" + (each - burst) + ")";
            List<String> screen = awaitScreen(s -> s.stream().anyMatch(l -> l.trim().replaceAll("\\s+", " ").equals(expected)),
                    "the guard's row: " + expected);
            assertTrue(screen.stream().anyMatch(l -> l.contains("SYN DROPPED") && l.contains("OVER THE LIMIT")), String.join("\n", screen));

            guard.stop().request();
            assertEquals(0, guard.result().get(30, TimeUnit.SECONDS).exitCode());
            awaitScreen(s -> s.stream().noneMatch(l -> l.contains("SYN DROPPED")), "no guard section once the guard ended");
            tmux("send-keys", "-t", "view", "q");
            long deadline = System.currentTimeMillis() + 15_000;
            while (!(Files.exists(exit) && !Files.readString(exit).isBlank()) && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertEquals("0", Files.readString(exit).strip(), "q ends the run with exit 0");
            ToolRuns.awaitTc(device, 0, 2_000);
            ToolRuns.awaitXdp(device, 0, 2_000);
        }
    }

    private List<String> awaitScreen(Predicate<List<String>> shows, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        List<String> screen = capture();
        while (!shows.test(screen) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            screen = capture();
        }
        assertTrue(shows.test(screen), "the screen shows " + what + ":\n" + String.join("\n", screen));
        return screen;
    }

    private static String[] row(List<String> screen, String device) {
        return screen.stream().map(String::trim).filter(l -> l.startsWith(device + " ")).map(l -> l.split("\\s+"))
                .filter(cells -> cells.length == 13).findFirst().orElse(null);
    }

    private static long column(String[] row, int index) {
        return Long.parseLong(row[index]);
    }

    private List<String> capture() throws Exception {
        return List.of(tmux("capture-pane", "-p", "-t", "view").split("\n"));
    }

    private String tmux(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(tmux, "-S", socket));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "tmux " + String.join(" ", args));
        assertEquals(0, process.exitValue(), "tmux " + String.join(" ", args) + ": " + out);
        return out;
    }
}
