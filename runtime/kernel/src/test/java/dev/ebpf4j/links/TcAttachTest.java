package dev.ebpf4j.links;

import dev.ebpf4j.programs.Program;
import dev.ebpf4j.testing.ExternalTool;
import dev.ebpf4j.sys.NetlinkSocket;
import dev.ebpf4j.sys.TcNetlink;
import dev.ebpf4j.sys.TcxQuery;
import dev.ebpf4j.testing.CapturedTraffic;
import dev.ebpf4j.testing.PrivateBpffs;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.testing.VethPair;
import dev.ebpf4j.types.ProgramType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * tc on a real veth in namespaces of the test's own, by TCX link (where the kernel has TCX) and by
 * cls_bpf filter on clsact (always, forced where TCX exists): counters equal the connections made
 * and what tcpdump saw; what others put on the interface is still there afterwards.
 */
@RequiresBpf
class TcAttachTest {
    private static final int CONNECTIONS = 3;

    private VethPair veth;
    private NetworkNamespace inner;
    private NetworkNamespace outer;
    private NetworkDevice device;

    @BeforeEach
    void namespaces() throws Exception {
        ExternalTool.require("ip");
        veth = VethPair.create();
        inner = new NetworkNamespace(veth.innerNamespace());
        outer = new NetworkNamespace(veth.outerNamespace());
        device = NetworkDevice.named(veth.inner(), inner);
    }

    @AfterEach
    void removeNamespaces() throws Exception {
        if (veth != null) {
            veth.close();
        }
    }

    /** The mechanisms this kernel has: the filter always, TCX where the probe finds it. */
    private static List<Mechanism> mechanisms() {
        List<Mechanism> all = new ArrayList<>(List.of(Mechanism.NETLINK));
        if (LinkSupport.tcx().orElse(false)) {
            all.add(Mechanism.BPF_LINK);
        }
        return all;
    }

    @Test
    void bothMechanismsCountEveryTcpSegmentOnIngressAndLeaveNoProgramBehind() throws Exception {
        for (Mechanism mechanism : mechanisms()) {
            try (TcpCounterProgram counter = TcpCounterProgram.load("tc_in", ProgramType.SCHED_CLS)) {
                try (TcAttachment attached = TcAttachment.attach(counter.program, device, Direction.INGRESS,
                        TcOptions.defaults().withMechanism(mechanism))) {
                    assertEquals(mechanism == Mechanism.BPF_LINK, attached instanceof TcxLink, attached.toString());
                    assertEquals(mechanism, attached.mechanism());
                    assertEquals(Hook.TC_INGRESS, attached.hook());
                    assertEquals(counter.program.id(), attached.programId());
                    CapturedTraffic.Capture seen = CapturedTraffic.run(veth, CONNECTIONS, inner.name(), device.name(), "in", inner::call, outer::call, counter::segments);
                    assertEquals(CONNECTIONS, counter.connectionRequests(), mechanism + ": one SYN per connection");
                    seen.assertAccountsFor(counter.segments(), mechanism + ": every TCP frame tcpdump saw");
                }
                assertEquals(List.of(), programsOn(device, Direction.INGRESS), mechanism + ": closing detached it");
            }
        }
    }

    @Test
    void egressSeesTheConnectionRequestsLeavingThePeer() throws Exception {
        NetworkDevice peer = NetworkDevice.named(veth.outer(), outer);
        for (Mechanism mechanism : mechanisms()) {
            try (TcpCounterProgram counter = TcpCounterProgram.load("tc_out", ProgramType.SCHED_CLS);
                 TcAttachment attached = TcAttachment.attach(counter.program, peer, Direction.EGRESS,
                         TcOptions.defaults().withMechanism(mechanism))) {
                assertEquals(Hook.TC_EGRESS, attached.hook());
                CapturedTraffic.Capture seen = CapturedTraffic.run(veth, CONNECTIONS, outer.name(), peer.name(), "out", inner::call, outer::call, counter::segments);
                assertEquals(CONNECTIONS, counter.connectionRequests(), mechanism.name());
                seen.assertAccountsFor(counter.segments(), mechanism.name());
            }
        }
    }

    @Test
    void theFilterGetsItsOwnPriorityAndHandleAndAnUpdateKeepsThem() throws Exception {
        try (TcpCounterProgram first = TcpCounterProgram.load("first", ProgramType.SCHED_CLS);
             TcpCounterProgram second = TcpCounterProgram.load("second", ProgramType.SCHED_CLS);
             TcFilterAttachment a = (TcFilterAttachment) TcAttachment.attach(first.program, device, Direction.INGRESS,
                     TcOptions.defaults().withMechanism(Mechanism.NETLINK));
             TcFilterAttachment b = (TcFilterAttachment) TcAttachment.attach(second.program, device, Direction.INGRESS,
                     TcOptions.defaults().withMechanism(Mechanism.NETLINK))) {
            assertTrue(a.createdClsact() && !b.createdClsact(), "the first attach made clsact, the second found it");
            assertTrue(a.priority() > 0 && a.handle() != 0 && a.priority() != b.priority(), a + " / " + b);
            a.update(second.program);
            assertEquals(List.of("pref " + a.priority() + " program " + second.program.id(),
                    "pref " + b.priority() + " program " + second.program.id()), sorted(programsOn(device, Direction.INGRESS), a, b));
            a.detach();
            assertEquals(List.of("pref " + b.priority() + " program " + second.program.id()), programsOn(device, Direction.INGRESS));
        }
        assertEquals(List.of(), programsOn(device, Direction.INGRESS));
        assertTrue(veth.inInner("tc", "qdisc", "show", "dev", device.name()).contains("clsact"), "clsact is never removed");
    }

    @Test
    void tcxPlacesBeforeAProgramOrAfterALinkAndRefusesAStaleRevision() throws Exception {
        Assumptions.assumeTrue(LinkSupport.tcx().orElse(false), "this kernel has no TCX (6.6+)");
        try (TcpCounterProgram first = TcpCounterProgram.load("first", ProgramType.SCHED_CLS);
             TcpCounterProgram second = TcpCounterProgram.load("second", ProgramType.SCHED_CLS);
             TcpCounterProgram third = TcpCounterProgram.load("third", ProgramType.SCHED_CLS);
             TcxLink a = (TcxLink) TcAttachment.attach(first.program, device, Direction.INGRESS)) {
            long revision = NetworkAttachments.tcxRevision(device, Direction.INGRESS).orElseThrow();
            assertEquals(revision, device.call(() -> TcxQuery.query(device.index(), Direction.INGRESS.tcxAttachType())).revision());
            try (TcAttachment b = TcAttachment.attach(second.program, device, Direction.INGRESS,
                    TcOptions.defaults().withOrder(TcxOrder.before(first.program.id())).withExpectedRevision(revision));
                 TcAttachment c = TcAttachment.attach(third.program, device, Direction.INGRESS,
                         TcOptions.defaults().withOrder(TcxOrder.afterLink(a.linkId())))) {
                assertEquals(List.of(second.program.id(), first.program.id(), third.program.id()), tcxOrder(Direction.INGRESS));
                assertEquals(revision + 2, NetworkAttachments.tcxRevision(device, Direction.INGRESS).orElseThrow(),
                        "each attach moves the revision on by one");
            }
            AttachException stale = assertThrows(AttachException.class, () -> TcAttachment.attach(second.program, device,
                    Direction.INGRESS, TcOptions.defaults().withExpectedRevision(revision)));
            assertTrue(stale.getMessage().contains("the hook changed since revision " + revision), stale.getMessage());
            assertEquals(AttachException.Reason.STALE, stale.reason());
            AttachException noSuchLink = assertThrows(AttachException.class, () -> TcAttachment.attach(second.program, device,
                    Direction.INGRESS, TcOptions.defaults().withOrder(TcxOrder.beforeLink(a.linkId() + 1000))));
            assertTrue(noSuchLink.getMessage().contains("link " + (a.linkId() + 1000) + " to place it next to is not on that hook"),
                    noSuchLink.getMessage());
        }
    }

    private List<Integer> tcxOrder(Direction direction) {
        return NetworkAttachments.on(device).stream()
                .filter(p -> p.hook() == direction.hook() && p.mechanism() == Mechanism.BPF_LINK)
                .map(AttachedProgram::programId).toList();
    }

    @Test
    void whatOthersPutOnTheInterfaceIsStillThereAfterOurAttachAndDetach() throws Exception {
        try (PrivateBpffs bpffs = PrivateBpffs.mount();
             TcpCounterProgram foreignTc = TcpCounterProgram.load("foreign_tc", ProgramType.SCHED_CLS);
             TcpCounterProgram foreignXdp = TcpCounterProgram.load("foreign_xdp");
             TcpCounterProgram ours = TcpCounterProgram.load("ours_tc", ProgramType.SCHED_CLS);
             TcpCounterProgram oursXdp = TcpCounterProgram.load("ours_xdp")) {
            Path tcPin = bpffs.dir().resolve("foreign_tc");
            Path xdpPin = bpffs.dir().resolve("foreign_xdp");
            foreignTc.program.pin(tcPin);
            foreignXdp.program.pin(xdpPin);
            veth.inInner("tc", "qdisc", "add", "dev", device.name(), "clsact");
            veth.inInner("tc", "filter", "add", "dev", device.name(), "ingress", "prio", "7", "handle", "0x7", "bpf", "da",
                    "pinned", tcPin.toString());
            veth.inInner("ip", "link", "set", "dev", device.name(), "xdpgeneric", "pinned", xdpPin.toString());
            String filtersBefore = veth.inInner("tc", "filter", "show", "dev", device.name(), "ingress");
            String linkBefore = veth.inInner("ip", "link", "show", device.name());

            for (Mechanism mechanism : mechanisms()) {
                try (TcAttachment attached = TcAttachment.attach(ours.program, device, Direction.INGRESS,
                        TcOptions.defaults().withMechanism(mechanism))) {
                    if (attached instanceof TcFilterAttachment filter) {
                        assertTrue(!filter.createdClsact() && filter.priority() != 7, filter.toString());
                    }
                }
            }
            AttachException taken = assertThrows(AttachException.class, () -> XdpAttachment.attach(oursXdp.program, device));
            assertTrue(taken.getMessage().contains("taken by program " + foreignXdp.program.id() + " in generic mode"),
                    taken.getMessage());

            assertEquals(filtersBefore, veth.inInner("tc", "filter", "show", "dev", device.name(), "ingress"));
            assertEquals(linkBefore, veth.inInner("ip", "link", "show", device.name()));
            assertTrue(filtersBefore.contains("foreign_tc") && linkBefore.contains("xdpgeneric"), filtersBefore + linkBefore);
        }
    }

    @Test
    void aPlainIngressQdiscIsReportedNotReplaced() throws Exception {
        veth.inInner("tc", "qdisc", "add", "dev", device.name(), "ingress");
        try (TcpCounterProgram counter = TcpCounterProgram.load("tc_in", ProgramType.SCHED_CLS)) {
            AttachException refused = assertThrows(AttachException.class, () -> TcAttachment.attach(counter.program, device,
                    Direction.INGRESS, TcOptions.defaults().withMechanism(Mechanism.NETLINK)));
            assertEquals("cannot attach tc program 'tc_in' to veth-in ingress: veth-in has an 'ingress' qdisc where clsact goes, "
                    + "and ebpf4j does not replace what others set up; remove it if nothing needs it "
                    + "(tc qdisc del dev veth-in ingress) or use TCX (kernel 6.6+)", refused.getMessage());
        }
        assertTrue(veth.inInner("tc", "qdisc", "show", "dev", device.name()).contains("qdisc ingress ffff:"));
    }

    @Test
    void anXdpProgramIsRefusedOnATcHook() throws Exception {
        try (Program xdp = TcpCounterProgram.load("an_xdp").program) {
            AttachException refused = assertThrows(AttachException.class,
                    () -> TcAttachment.attach(xdp, device, Direction.EGRESS));
            assertEquals("program 'an_xdp' is a XDP program; the tc egress hook of veth-in runs SCHED_CLS programs only "
                    + "(a @Tc method, section \"tc\" or \"classifier\")", refused.getMessage());
        }
    }

    /** Every program on the direction, by either mechanism, as "pref P program ID" or "tcx program ID". */
    private static List<String> programsOn(NetworkDevice device, Direction direction) {
        return device.call(() -> {
            List<String> all = new ArrayList<>();
            try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
                boolean clsact = TcNetlink.qdiscs(socket, device.index()).stream().anyMatch(q -> q.kind().equals("clsact"));
                if (clsact) {
                    for (TcNetlink.Filter f : TcNetlink.filters(socket, device.index(), direction.clsactParent())) {
                        all.add("pref " + f.priority() + " program " + f.programId());
                    }
                }
            }
            if (LinkSupport.tcx().orElse(false)) {
                for (int id : TcxQuery.query(device.index(), direction.tcxAttachType()).programIds()) {
                    all.add("tcx program " + id);
                }
            }
            return all;
        });
    }

    private static List<String> sorted(List<String> lines, TcFilterAttachment a, TcFilterAttachment b) {
        List<String> copy = new ArrayList<>(lines);
        copy.sort((x, y) -> x.startsWith("pref " + a.priority() + " ") ? -1 : y.startsWith("pref " + a.priority() + " ") ? 1 : 0);
        return copy;
    }
}
