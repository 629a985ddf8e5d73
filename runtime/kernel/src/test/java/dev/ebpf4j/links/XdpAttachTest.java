package dev.ebpf4j.links;

import dev.ebpf4j.programs.Program;
import dev.ebpf4j.testing.ExternalTool;
import dev.ebpf4j.testing.CapturedTraffic;
import dev.ebpf4j.testing.PrivateBpffs;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.testing.VethPair;
import dev.ebpf4j.types.ProgramType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * XDP on a real veth in a namespace of the test's own, with real TCP from the peer namespace: the
 * program's counters equal the connections made and what tcpdump saw on the same interface.
 */
@RequiresBpf
class XdpAttachTest {
    private static final int CONNECTIONS = 4;

    private VethPair veth;
    private NetworkNamespace inner;
    private NetworkDevice device;

    @BeforeEach
    void namespaces() throws Exception {
        ExternalTool.require("ip");
        veth = VethPair.create();
        inner = new NetworkNamespace(veth.innerNamespace());
        device = NetworkDevice.named(veth.inner(), inner);
    }

    @AfterEach
    void removeNamespaces() throws Exception {
        if (veth != null) {
            veth.close();
        }
    }

    @Test
    void aBpfLinkCountsEveryTcpSegmentOfRealConnectionsAndDetachesOnClose() throws Exception {
        try (TcpCounterProgram counter = TcpCounterProgram.load("count_link")) {
            try (XdpAttachment attached = XdpAttachment.attach(counter.program, device)) {
                assertInstanceOf(XdpLink.class, attached);
                assertEquals(Mechanism.BPF_LINK, attached.mechanism());
                assertEquals(XdpMode.NATIVE, attached.mode(), "veth has native XDP, and the kernel chose it");
                assertEquals(counter.program.id(), attached.programId());
                CapturedTraffic.Capture seen = trafficSeenByTcpdump(counter);
                assertEquals(CONNECTIONS, counter.connectionRequests(), "one SYN per connection");
                seen.assertAccountsFor(counter.segments(), "every TCP frame tcpdump saw arriving on " + device.name());
            }
            assertEquals("nothing", attachedNow(), "closing the unpinned link detached it");
        }
    }

    @Test
    void netlinkInGenericModeCountsTheSameAndDetachesOnlyItsOwnProgram() throws Exception {
        try (TcpCounterProgram counter = TcpCounterProgram.load("count_nl")) {
            XdpOptions options = XdpOptions.defaults().withMechanism(Mechanism.NETLINK).withMode(XdpMode.GENERIC);
            try (XdpAttachment attached = XdpAttachment.attach(counter.program, device, options)) {
                assertInstanceOf(XdpNetlinkAttachment.class, attached);
                assertEquals(XdpMode.GENERIC, attached.mode());
                assertEquals(counter.program.id(), attached.programId());
                CapturedTraffic.Capture seen = trafficSeenByTcpdump(counter);
                assertEquals(CONNECTIONS, counter.connectionRequests());
                seen.assertAccountsFor(counter.segments(), "generic mode");
                AttachException taken = assertThrows(AttachException.class, () -> XdpAttachment.attach(counter.program, device,
                        XdpOptions.defaults().withMechanism(Mechanism.NETLINK).withMode(XdpMode.GENERIC)));
                assertTrue(taken.getMessage().contains("taken by program " + counter.program.id() + " in generic mode"),
                        taken.getMessage());
                assertEquals(AttachException.Reason.HOOK_TAKEN, taken.reason());
            }
            assertEquals("nothing", attachedNow());
        }
    }

    @Test
    void anInterfaceLookedUpInsideANamespaceIsDetachedThereFromAnyThread() throws Exception {
        try (TcpCounterProgram counter = TcpCounterProgram.load("count_ns")) {
            XdpOptions netlink = XdpOptions.defaults().withMechanism(Mechanism.NETLINK).withMode(XdpMode.GENERIC);
            // Looked up by name on a thread that entered the namespace, as Program.attachXdp(name) does there.
            XdpAttachment attached = inner.call(() -> XdpAttachment.attach(counter.program, NetworkDevice.named(veth.inner()), netlink));
            assertEquals(java.util.Optional.of(inner), attached.device().namespace(), "the device remembers where it was found");
            assertEquals("program " + counter.program.id() + " in generic mode", attachedNow());
            attached.close(); // on the test's thread, in the process's namespace
            assertEquals("nothing", attachedNow(), "the detach went to the namespace the interface is in");
        }
    }

    @Test
    void aNetlinkAttachmentNeverRemovesAProgramThatReplacedIt() throws Exception {
        try (PrivateBpffs bpffs = PrivateBpffs.mount();
             TcpCounterProgram ours = TcpCounterProgram.load("ours"); TcpCounterProgram theirs = TcpCounterProgram.load("theirs")) {
            XdpOptions netlink = XdpOptions.defaults().withMechanism(Mechanism.NETLINK).withMode(XdpMode.GENERIC);
            Path theirPin = bpffs.dir().resolve("theirs");
            theirs.program.pin(theirPin);
            try (XdpAttachment attached = XdpAttachment.attach(ours.program, device, netlink)) {
                // Someone else forces their program in, as an administrator would with ip.
                VethPair.ip("-force", "-n", inner.name(), "link", "set", "dev", device.name(), "xdpgeneric", "pinned",
                        theirPin.toString());
                assertEquals("program " + theirs.program.id() + " in generic mode", attachedNow());
                AttachException notOurs = assertThrows(AttachException.class, attached::detach);
                assertEquals(AttachException.Reason.HOOK_TAKEN, notOurs.reason());
                assertTrue(notOurs.getMessage().contains("no longer the one this process attached (now: program "
                        + theirs.program.id() + " in generic mode); left as it is"), notOurs.getMessage());
            }
            assertEquals("program " + theirs.program.id() + " in generic mode", attachedNow(), "closing left theirs alone");
            VethPair.ip("-n", inner.name(), "link", "set", "dev", device.name(), "xdpgeneric", "off");
        }
        assertEquals("nothing", attachedNow());
    }

    @Test
    void aPinnedLinkOutlivesItsHandleAndIsDetachedFromThePin() throws Exception {
        try (PrivateBpffs bpffs = PrivateBpffs.mount(); TcpCounterProgram counter = TcpCounterProgram.load("count_pin")) {
            Path pin = bpffs.dir().resolve("xdp-" + device.name());
            XdpLink link = (XdpLink) XdpAttachment.attach(counter.program, device);
            link.pin(pin);
            link.close();
            assertEquals("program " + counter.program.id() + " in native mode", attachedNow());

            try (XdpLink fromHere = XdpLink.openPinned(pin)) {
                assertEquals(null, fromHere.device(), "opened from the test's namespace, where its interface is not");
                assertEquals(counter.program.id(), fromHere.programId());
            }
            XdpLink again = XdpLink.openPinned(pin, inner);
            assertEquals(device, again.device());
            assertEquals(XdpMode.NATIVE, again.mode());
            assertEquals(link.linkId(), again.linkId());
            assertEquals(counter.program.id(), again.programId());
            again.detach();
            assertFalse(Files.exists(pin), "detach removes the pin");
            assertEquals("nothing", attachedNow());
        }
    }

    @Test
    void anUpdateSwapsTheProgramInOneStep() throws Exception {
        try (TcpCounterProgram first = TcpCounterProgram.load("first"); TcpCounterProgram second = TcpCounterProgram.load("second")) {
            for (Mechanism mechanism : Mechanism.values()) {
                try (XdpAttachment attached = XdpAttachment.attach(first.program, device,
                        XdpOptions.defaults().withMechanism(mechanism))) {
                    attached.update(second.program);
                    assertEquals(second.program.id(), attached.programId(), mechanism.name());
                    assertNotEquals(first.program.id(), attached.programId());
                }
                assertEquals("nothing", attachedNow(), mechanism + ": closing removed the updated program");
            }
        }
    }

    @Test
    void badInputIsOneLineNamingTheProblemAndTheFix() throws Exception {
        AttachException unknown = assertThrows(AttachException.class, () -> NetworkDevice.named("nosuch0", inner));
        assertEquals(AttachException.Reason.NO_SUCH_INTERFACE, unknown.reason());
        assertEquals("no network interface named 'nosuch0' in netns " + inner.name()
                + ": list them with 'ip link' (ip -n " + inner.name() + " link)", unknown.getMessage());

        byte[] returnOk = {(byte) 0xb7, 0, 0, 0, 0, 0, 0, 0, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0};
        try (Program classifier = Program.load(ProgramType.SCHED_CLS, returnOk, "GPL", "classifier")) {
            AttachException wrongType = assertThrows(AttachException.class, () -> XdpAttachment.attach(classifier, device));
            assertEquals("program 'classifier' is a SCHED_CLS program; the XDP hook runs XDP programs only "
                    + "(an @Xdp method, section \"xdp\")", wrongType.getMessage());
        }
        try (TcpCounterProgram counter = TcpCounterProgram.load("holder");
             XdpAttachment held = XdpAttachment.attach(counter.program, device)) {
            AttachException taken = assertThrows(AttachException.class, () -> XdpAttachment.attach(counter.program, device,
                    XdpOptions.defaults().withMechanism(Mechanism.NETLINK)));
            assertTrue(taken.getMessage().startsWith("cannot attach XDP program 'holder' to veth-in: the hook is taken by program "
                    + counter.program.id() + " in native mode (kernel: "), taken.getMessage());
            assertFalse(taken.getMessage().contains("\n"));
        }
        assertEquals("nothing", attachedNow(), "nothing left half-attached");
    }

    /** Runs the traffic while tcpdump listens on the attached end; returns the TCP frames it saw arrive. */
    private CapturedTraffic.Capture trafficSeenByTcpdump(TcpCounterProgram counter) throws Exception {
        return CapturedTraffic.run(veth, CONNECTIONS, inner.name(), device.name(), "in", inner::call,
                new NetworkNamespace(veth.outerNamespace())::call, counter::segments);
    }

    /** What the interface's XDP hook holds now, as the runtime describes it. */
    private String attachedNow() {
        return device.call(() -> XdpAttacher.occupant(device));
    }
}
