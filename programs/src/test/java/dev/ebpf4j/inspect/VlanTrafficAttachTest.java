package dev.ebpf4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.inspect.CidrFirewall.Rule;
import dev.ebpf4j.inspect.ConnectionEvents.ConnectionEvent;
import dev.ebpf4j.inspect.FlowTracker.Flow;
import dev.ebpf4j.inspect.FlowTracker.FlowKey;
import dev.ebpf4j.links.Direction;
import dev.ebpf4j.links.NetworkNamespace;
import dev.ebpf4j.links.XdpMode;
import dev.ebpf4j.testing.ExternalTool;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.testing.VethPair;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The suite on a trunk port: curl (IPv4 and IPv6, several requests at once) talks to an HTTP server
 * across VLAN sub-interfaces on both ends of a veth, while the programs sit on the parent veth (XDP,
 * and tc at ingress and egress) and tcpdump captures on that parent with the link-level headers:
 * the counters, the flow tables and the events equal the capture, frames and bytes, exactly. The
 * frames' tags travel as the kernel carries them: in the socket buffer's metadata (veth offloads
 * VLAN insertion, so tc, and XDP on veth, see an untagged frame and the tag beside it), or in the
 * frame's bytes once the veth's VLAN offloads are off; one case has two tags (802.1ad outer, 802.1Q
 * inner). Skipped, with the reason, where the kernel cannot make a VLAN link (no 8021q).
 */
@RequiresBpf
@Tag("traffic") // real traffic from real tools: one VM kernel runs it (vm-tests/run)
class VlanTrafficAttachTest {
    private static final int VLAN = 10, SERVICE_VLAN = 20;
    private static final int REQUESTS = 6, PARALLEL = 3;
    private static final String INNER_4 = "10.213.0.1", OUTER_4 = "10.213.0.2", INNER_6 = "fd00:213::1", OUTER_6 = "fd00:213::2";
    private static final Pattern FRAME_LENGTH = Pattern.compile("length (\\d+)");
    private static final Pattern TAG = Pattern.compile("vlan \\d+, p \\d+");

    /** How the frames between the sub-interfaces are tagged, and where the tags travel. */
    enum Tagging {
        /** One 802.1Q tag, in metadata as veth carries it by default. */
        ONE_TAG(1, true),
        /** One 802.1Q tag written into the frame: the veth's VLAN offloads are off. */
        ONE_TAG_IN_FRAME(1, false),
        /** An 802.1ad service tag outside an 802.1Q tag, both written into the frame. */
        TWO_TAGS_IN_FRAME(2, false);

        final int tags;
        final boolean offloaded;

        Tagging(int tags, boolean offloaded) {
            this.tags = tags;
            this.offloaded = offloaded;
        }
    }

    private VethPair veth;
    private NetworkNamespace inner;

    @BeforeEach
    void namespaces() throws Exception {
        veth = VethPair.create();
        inner = new NetworkNamespace(veth.innerNamespace());
    }

    @AfterEach
    void removeNamespaces() throws Exception {
        if (veth != null) veth.close(); // the sub-interfaces go with their namespaces
    }

    /**
     * Makes the sub-interfaces on both ends, with the test's addresses, and turns the veth's VLAN
     * offloads off where the tags are to travel in the frame. The first VLAN link, made in the
     * test's own namespace, is the probe: a kernel without 802.1Q support skips the test.
     */
    private void subInterfaces(Tagging tagging) throws Exception {
        String innerTop = vlans(veth.innerNamespace(), veth.inner(), tagging);
        String outerTop = vlans(veth.outerNamespace(), veth.outer(), tagging);
        for (String[] end : new String[][] {{veth.innerNamespace(), innerTop, INNER_4, INNER_6}, {veth.outerNamespace(), outerTop, OUTER_4, OUTER_6}}) {
            VethPair.ip("-n", end[0], "addr", "add", end[2] + "/24", "dev", end[1]);
            VethPair.ip("-n", end[0], "addr", "add", end[3] + "/64", "dev", end[1], "nodad");
        }
        if (!tagging.offloaded) {
            String ethtool = ExternalTool.require("ethtool").executable().toString();
            for (String[] end : new String[][] {{veth.innerNamespace(), veth.inner()}, {veth.outerNamespace(), veth.outer()}}) {
                run(List.of("ip", "netns", "exec", end[0], ethtool, "-K", end[1], "txvlan", "off", "tx-vlan-stag-hw-insert", "off"), true);
            }
        }
    }

    /** The VLAN links on {@code parent} in {@code namespace}, up; returns the innermost, which gets the addresses. */
    private static String vlans(String namespace, String parent, Tagging tagging) throws Exception {
        List<String> first = tagging.tags == 2
                ? List.of("ip", "-n", namespace, "link", "add", "link", parent, "name", parent + "." + SERVICE_VLAN, "type", "vlan", "proto", "802.1ad",
                        "id", String.valueOf(SERVICE_VLAN))
                : List.of("ip", "-n", namespace, "link", "add", "link", parent, "name", parent + "." + VLAN, "type", "vlan", "id", String.valueOf(VLAN));
        String refusal = run(first, false);
        if (refusal != null) {
            String reason = "no VLAN links on this kernel (802.1Q, module 8021q): " + String.join(" ", first) + ": " + refusal;
            System.out.println("VlanTrafficAttachTest skipped: " + reason);
            Assumptions.abort(reason);
        }
        String top = parent + "." + (tagging.tags == 2 ? SERVICE_VLAN : VLAN);
        VethPair.ip("-n", namespace, "link", "set", top, "up");
        if (tagging.tags == 2) {
            String service = top;
            top = service + "." + VLAN;
            VethPair.ip("-n", namespace, "link", "add", "link", service, "name", top, "type", "vlan", "id", String.valueOf(VLAN));
            VethPair.ip("-n", namespace, "link", "set", top, "up");
        }
        return top;
    }

    /**
     * Runs {@code command}; returns null when it succeeds, and when it fails throws if
     * {@code mustSucceed}, else returns the kernel's refusal of a VLAN link (any other failure throws).
     */
    private static String run(List<String> command, boolean mustSucceed) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes()).strip();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 30 s");
        }
        if (process.exitValue() == 0) return null;
        if (!mustSucceed && output.contains("Unknown device type")) return output;
        throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): " + output);
    }

    /** What tcpdump captured on the parent veth in one direction: the frames of the HTTP connections. */
    private record Frames(List<String> lines) {
        long count() {
            return lines.size();
        }

        /** The frames' lengths as captured: the whole frame, with its tags wherever the kernel kept them. */
        long bytes() {
            return lines.stream().mapToLong(Frames::length).sum();
        }

        long count(String server) {
            return lines.stream().filter(line -> line.contains(server + ".8080: ")).count();
        }

        long syns() {
            return lines.stream().filter(line -> line.contains("Flags [S],")).count();
        }

        static long length(String line) {
            Matcher matcher = FRAME_LENGTH.matcher(line);
            if (!matcher.find()) throw new IllegalStateException("tcpdump printed no frame length: " + line);
            return Long.parseLong(matcher.group(1));
        }

        void assertTagged(Tagging tagging, String direction) {
            for (String line : lines) {
                assertEquals(tagging.tags, TAG.matcher(line).results().count(), () -> direction + ": the frame carries " + tagging.tags + " tag(s): " + line);
            }
        }
    }

    private record Capture(Frames in, Frames out, Set<String> clients) {
    }

    private static boolean http(String line) {
        return line.contains(".8080: ") || line.contains(".8080 > ");
    }

    /**
     * Curl's requests of both families across the sub-interfaces to a server in the inner
     * namespace, captured on the parent veth in both directions until the capture has caught up with
     * {@code arrived} and {@code left}; returns the frames and the client endpoints the server served.
     */
    private Capture serve(Tagging tagging, LongSupplier arrived, LongSupplier left) throws Exception {
        try (HttpServerInNamespace server = HttpServerInNamespace.start(inner)) {
            Frames in, out;
            try (PacketCount captureIn = PacketCount.frames(veth.innerNamespace(), veth.inner(), "in", VlanTrafficAttachTest::http);
                 PacketCount captureOut = PacketCount.frames(veth.innerNamespace(), veth.inner(), "out", VlanTrafficAttachTest::http)) {
                long answered4 = Curl.get(veth.outerNamespace(), "http://" + INNER_4 + ":" + HttpServerInNamespace.PORT + "/", REQUESTS, PARALLEL);
                long answered6 = Curl.get(veth.outerNamespace(), "http://[" + INNER_6 + "]:" + HttpServerInNamespace.PORT + "/", REQUESTS, PARALLEL);
                assertEquals(List.of((long) REQUESTS, (long) REQUESTS), List.of(answered4, answered6), tagging + ": curl got every response");
                captureIn.stopAt(arrived.getAsLong());
                captureOut.stopAt(left.getAsLong());
                in = new Frames(captureIn.lines());
                out = new Frames(captureOut.lines());
            }
            in.assertTagged(tagging, "in");
            out.assertTagged(tagging, "out");
            Set<String> clients = new TreeSet<>();
            for (InetSocketAddress client : server.clients()) {
                clients.add((client.getAddress() instanceof Inet4Address ? "4:" : "6:") + client.getPort());
            }
            assertEquals(2 * REQUESTS, clients.size(), () -> "a connection of its own for every request: " + clients);
            return new Capture(in, out, clients);
        }
    }

    private static String client(long high, int port) {
        return (high == 0 ? "4:" : "6:") + port;
    }

    /**
     * The tc programs at ingress and egress of the parent and the firewall at its XDP hook, all at
     * once, on one run of curl: each equals the capture on the parent.
     */
    @ParameterizedTest
    @EnumSource(names = {"ONE_TAG", "TWO_TAGS_IN_FRAME"}) // few cases: the class runs under emulation in CI
    void theProgramsOnTheParentEqualTheCaptureOnTheParent(Tagging tagging) throws Exception {
        subInterfaces(tagging);
        try (TrafficCountersSkeleton counters = TrafficCountersSkeleton.load();
             FlowTrackerSkeleton tracker = FlowTrackerSkeleton.load();
             ConnectionEventsSkeleton events = ConnectionEventsSkeleton.load();
             CidrFirewallSkeleton firewall = CidrFirewallSkeleton.load()) {
            inner.call(() -> counters.ingress().attachTc(veth.inner(), Direction.INGRESS));
            inner.call(() -> counters.egress().attachTc(veth.inner(), Direction.EGRESS));
            inner.call(() -> tracker.ingress().attachTc(veth.inner(), Direction.INGRESS));
            inner.call(() -> tracker.egress().attachTc(veth.inner(), Direction.EGRESS));
            inner.call(() -> events.ingress().attachTc(veth.inner(), Direction.INGRESS));
            inner.call(() -> events.egress().attachTc(veth.inner(), Direction.EGRESS));
            // the client's addresses allowed for the server's port: a rule's hits are the client's frames to the server
            firewall.allow4().put(0x0ad50002, 32, new Rule(4, 32, HttpServerInNamespace.PORT));
            firewall.allow6().put(new Ipv6Address(0xfd00021300000000L, 2), 128, new Rule(6, 128, HttpServerInNamespace.PORT));
            inner.call(() -> firewall.filter().attachXdp(veth.inner(), XdpMode.NATIVE));

            LongSupplier in = () -> counters.totals().sum(TrafficCounters.IN * TrafficCounters.TOTALS + TrafficCounters.TCP_PACKETS);
            LongSupplier out = () -> counters.totals().sum(TrafficCounters.OUT * TrafficCounters.TOTALS + TrafficCounters.TCP_PACKETS);
            Capture seen = serve(tagging, in, out);
            System.out.println(tagging + ": " + seen.in().count() + " frames (" + seen.in().bytes() + " bytes) in, "
                    + seen.out().count() + " (" + seen.out().bytes() + " bytes) out; first in: " + seen.in().lines().getFirst());

            // the counters at tc
            assertEquals(List.of(seen.in().count(), seen.in().bytes(), seen.out().count(), seen.out().bytes()),
                    List.of(in.getAsLong(), counters.totals().sum(TrafficCounters.IN * TrafficCounters.TOTALS + TrafficCounters.TCP_BYTES),
                            out.getAsLong(), counters.totals().sum(TrafficCounters.OUT * TrafficCounters.TOTALS + TrafficCounters.TCP_BYTES)),
                    tagging + ": TCP frames and bytes in, then out, as captured on the parent");
            assertEquals(2L * 2 * REQUESTS, counters.flagPackets().sum(TrafficCounters.IN * Segments.COMBINATIONS + Segments.SYN)
                    + counters.flagPackets().sum(TrafficCounters.OUT * Segments.COMBINATIONS + Segments.SYN_ACK), tagging + ": a SYN in and a SYN-ACK out per connection");
            assertEquals(seen.in().syns(), counters.flagPackets().sum(TrafficCounters.IN * Segments.COMBINATIONS + Segments.SYN), tagging + ": SYNs in as captured");

            // the flow tables of the tracker and of the events: the server is endpoint A (the smaller address)
            for (Map<FlowKey, Flow> flows : List.of(tracker.flows().entries(), events.flows().entries())) {
                Set<String> tracked = flows.keySet().stream().map(key -> client(key.bHigh(), key.bPort())).collect(Collectors.toCollection(TreeSet::new));
                assertEquals(seen.clients(), tracked, tagging + ": one flow for each connection the server served, and no other");
                // ended: by FIN, or by the RST the JDK's server may send after its FIN when the
                // client's last segment crosses its close (seen on 5.10 under emulation)
                for (Map.Entry<FlowKey, Flow> entry : flows.entrySet()) {
                    assertEquals(true, Flows.closed(entry.getValue().state()), () -> tagging + ": ended: " + entry);
                }
                assertEquals(List.of(seen.in().count(), seen.in().bytes(), seen.out().count(), seen.out().bytes()),
                        List.of(flows.values().stream().mapToLong(Flow::packetsBToA).sum(), flows.values().stream().mapToLong(Flow::bytesBToA).sum(),
                                flows.values().stream().mapToLong(Flow::packetsAToB).sum(), flows.values().stream().mapToLong(Flow::bytesAToB).sum()),
                        tagging + ": the client's frames and bytes, then the server's, over all flows, as captured");
            }
            List<ConnectionEvent> said = new ArrayList<>();
            events.events().consume(said::add);
            for (int kind : new int[] {ConnectionEvents.ATTEMPT, ConnectionEvents.ACCEPTED, ConnectionEvents.END}) {
                Set<String> clients = said.stream().filter(e -> e.kind() == kind)
                        .map(e -> e.sourcePort() == HttpServerInNamespace.PORT ? client(e.destinationHigh(), e.destinationPort())
                                : client(e.sourceHigh(), e.sourcePort()))
                        .collect(Collectors.toCollection(TreeSet::new));
                assertEquals(2 * REQUESTS, said.stream().filter(e -> e.kind() == kind).count(), () -> tagging + ": one event of kind " + kind + " per connection");
                assertEquals(seen.clients(), clients, tagging + ": kind " + kind + ": the connections the server served");
            }
            assertEquals(0, events.lost().sum(0), tagging + ": no event refused");

            // the firewall at XDP, which sees the tags in the frame when they travel there
            assertEquals(List.of(seen.in().count(INNER_4), seen.in().count(INNER_6)), List.of(firewall.ruleHits().sum(4), firewall.ruleHits().sum(6)),
                    tagging + ": the client's frames to the server, IPv4 then IPv6, as captured");
            assertEquals(0, firewall.verdicts().sum(CidrFirewall.DROPPED), tagging + ": nothing dropped");
        }
    }

    /**
     * The SYN guard at the parent's XDP hook, where the one tag is in the frame, passes every SYN
     * the clients sent, counted as captured, and limits no one.
     */
    @ParameterizedTest
    @EnumSource(names = "ONE_TAG_IN_FRAME")
    void theGuardOnTheParentCountsTheSynsCapturedOnTheParent(Tagging tagging) throws Exception {
        subInterfaces(tagging);
        try (SynGuardSkeleton guard = SynGuardSkeleton.load()) {
            guard.config().put(SynGuard.RATE, 0L);
            guard.config().put(SynGuard.BURST, 1_000L); // no refill, and room for every SYN: each one passes
            inner.call(() -> guard.guard().attachXdp(veth.inner(), XdpMode.NATIVE));
            LongSupplier passed = () -> guard.synCounts().sum(SynGuard.PASSED);
            Capture seen = serve(tagging, passed, () -> 0);
            assertEquals(2L * REQUESTS, seen.in().syns(), tagging + ": one SYN captured per connection");
            assertEquals(List.of(seen.in().syns(), 0L, 0L),
                    List.of(passed.getAsLong(), guard.synCounts().sum(SynGuard.DROPPED), guard.synCounts().sum(SynGuard.ALLOWLISTED)),
                    tagging + ": passed, dropped, allowlisted");
            assertEquals(Map.of(), guard.overLimit().entries(), tagging + ": no source over its limit");
        }
    }
}
