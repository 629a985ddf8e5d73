package dev.ebpf4j.tcpinspect;

import com.google.gson.JsonObject;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.NetworkNamespace;
import dev.ebpf4j.testing.CapturedTraffic;
import dev.ebpf4j.testing.PrivateBpffs;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.testing.VethPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/tcpinspect} as a person runs it, a process in the namespace of the interface: its JSON
 * totals equal the connections made and what tcpdump saw; SIGTERM and SIGINT end it with exit 0 and
 * nothing attached; {@code kill -9} leaves nothing attached either (the links die with the
 * process's descriptors); {@code --persist} leaves the program attached and pinned until
 * {@code stop} removes exactly that.
 */
@RequiresBpf
@Tag("slow")
class LauncherLifecycleTest {
    private static final int CONNECTIONS = 3;

    private VethPair veth;
    private NetworkNamespace inner;
    private NetworkNamespace outer;
    private NetworkDevice device;
    private Process running;

    @BeforeEach
    void namespaces() throws Exception {
        veth = VethPair.create();
        inner = new NetworkNamespace(veth.innerNamespace());
        outer = new NetworkNamespace(veth.outerNamespace());
        device = NetworkDevice.named(veth.inner(), inner);
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (running != null && running.isAlive()) {
            running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (veth != null) {
            veth.close();
        }
    }

    private Process start(String... args) throws Exception {
        running = ToolRuns.process(List.of("ip", "netns", "exec", inner.name()), args).start();
        return running;
    }

    @Test
    void jsonTotalsOfTheLauncherEqualTheConnectionsAndTcpdump() throws Exception {
        Process tool = start("watch", veth.inner(), "--json", "--duration", "8");
        ToolRuns.awaitTc(device, 2, 20_000);
        CapturedTraffic.Capture seen = CapturedTraffic.run(veth, CONNECTIONS, inner.name(), veth.inner(), "in", inner::call, outer::call,
                () -> Long.MAX_VALUE);
        ToolRuns.Result result = ToolRuns.finish(tool);
        assertEquals(0, result.exitCode(), result.err());
        JsonObject last = result.json().getLast();
        assertTrue(last.get("final").getAsBoolean(), last.toString());
        JsonObject counters = last.getAsJsonArray("interfaces").get(0).getAsJsonObject();
        assertEquals(CONNECTIONS, counters.getAsJsonObject("packets").get("syn").getAsLong(), "one SYN per connection");
        seen.assertAccountsFor(counters.get("packets_total").getAsLong(), "every TCP frame tcpdump saw arriving");
        ToolRuns.awaitTc(device, 0, 2_000);
    }

    @Test
    void sigtermAndSigintDetachEverythingAndExitZero() throws Exception {
        for (String signal : List.of("TERM", "INT")) {
            Process tool = start("watch", veth.inner());
            // main() installs the signal handlers before the command runs: attached means they are in place
            ToolRuns.awaitTc(device, 2, 20_000);
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(tool.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
            ToolRuns.Result result = ToolRuns.finish(tool);
            assertEquals(0, result.exitCode(), "SIG" + signal + ": " + result.err());
            assertTrue(result.out().lines().anyMatch(l -> l.contains(" total " + veth.inner() + " ingress: ")),
                    "SIG" + signal + " ends the run with its totals line: " + result.out());
            ToolRuns.awaitTc(device, 0, 0);
        }
    }

    @Test
    void killMinusNineLeavesNothingAttached() throws Exception {
        Process tool = start("watch", veth.inner(), "--json");
        ToolRuns.awaitTc(device, 2, 20_000);
        tool.destroyForcibly();
        tool.waitFor(10, TimeUnit.SECONDS);
        ToolRuns.awaitTc(device, 0, 5_000);
    }

    @Test
    void persistLeavesItAttachedAndPinnedUntilStopRemovesExactlyThat() throws Exception {
        try (PrivateBpffs bpffs = PrivateBpffs.mount()) {
            Path pins = bpffs.dir().resolve("tcpinspect");
            ToolRuns.Result run = ToolRuns.finish(start("watch", veth.inner(), "--json", "--duration", "1", "--persist",
                    "--pin-dir", pins.toString()));
            assertEquals(0, run.exitCode(), run.err());
            ToolRuns.awaitTc(device, 2, 0);
            Path dir = pins.resolve(veth.inner());
            List<String> listing = listing(dir);
            assertEquals(List.of("TrafficCounters", "TrafficCounters/egress", "TrafficCounters/ingress", "TrafficCounters/link-egress",
                    "TrafficCounters/link-ingress", "TrafficCounters/maps", "TrafficCounters/maps/flagBytes", "TrafficCounters/maps/flagPackets",
                    "TrafficCounters/maps/portBytes", "TrafficCounters/maps/portPackets", "TrafficCounters/maps/totals"),
                    listing.stream().filter(p -> p.startsWith("TrafficCounters")).toList());
            assertTrue(listing.stream().allMatch(p -> WatchCommand.PROGRAMS.contains(p.split("/")[0])), "one directory per program: " + listing);
            long files = listing.stream().filter(p -> !Files.isDirectory(dir.resolve(p))).count();

            ToolRuns.Result again = ToolRuns.finish(start("watch", veth.inner(), "--persist", "--pin-dir", pins.toString()));
            assertEquals(ExitCode.HOOK_TAKEN, again.exitCode(), again.err());
            assertTrue(again.err().contains("tcpinspect stop " + veth.inner()), again.err());

            ToolRuns.Result stop = ToolRuns.finish(start("stop", veth.inner(), "--pin-dir", pins.toString()));
            assertEquals(0, stop.exitCode(), stop.err());
            assertTrue(stop.out().contains("stop " + veth.inner() + ": detached; removed " + files + " pins"), stop.out());
            ToolRuns.awaitTc(device, 0, 2_000);
            assertEquals(List.of(), listing(pins), "the pin directory is left as it was before, empty");
        }
    }

    private static List<String> listing(Path dir) throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}
