package dev.ebpf4j.cli;

import static dev.ebpf4j.cli.CommandLineTest.assertOneLineError;
import static dev.ebpf4j.cli.CommandLineTest.ebpf4j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.cli.CommandLineTest.Run;
import dev.ebpf4j.links.AttachedProgram;
import dev.ebpf4j.links.Direction;
import dev.ebpf4j.links.Mechanism;
import dev.ebpf4j.links.NetworkAttachments;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.NetworkNamespace;
import dev.ebpf4j.testing.PrivateBpffs;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.testing.VethPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * attach, detach and net on a veth in namespaces of the test's own: the command runs inside the
 * namespace (on a thread that entered it), as it would under {@code ip netns exec}.
 */
@RequiresBpf
class AttachCommandsTest {
    /** An XDP program that passes and a tc program that hands on: what the attach tests put on a veth. */
    static final String PROGRAMS = """
                    .section xdp
                    .globl pass_xdp
            pass_xdp:
                    r0 = 2
                    exit
                    .section tc
                    .globl next_tc
            next_tc:
                    r0 = -1
                    exit
            """;

    @TempDir
    Path dir;

    private VethPair veth;
    private NetworkNamespace inner;
    private PrivateBpffs bpffs;
    private String object;

    @BeforeEach
    void setUp() throws Exception {
        Path source = dir.resolve("attach.s");
        Files.writeString(source, PROGRAMS);
        object = dir.resolve("attach.o").toString();
        Run asm = ebpf4j("asm", source.toString(), "-o", object);
        assertEquals(0, asm.exitCode(), asm.err());
        veth = VethPair.create();
        inner = new NetworkNamespace(veth.innerNamespace());
        bpffs = PrivateBpffs.mount();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (veth != null) {
                veth.close();
            }
        } finally {
            if (bpffs != null) {
                bpffs.close();
            }
        }
    }

    private Run inside(String... args) {
        return inner.call(() -> ebpf4j(args));
    }

    private String pinDir() {
        return bpffs.dir().resolve("ebpf4j").toString();
    }

    @Test
    void anXdpAttachmentOutlivesTheCommandIsListedAndDetachRemovesIt() {
        Run attach = inside("attach", "xdp", object + ":pass_xdp", "veth-in", "--pin-dir", pinDir());
        assertEquals(0, attach.exitCode(), attach.err());
        assertTrue(attach.out().matches("attached XDP program 'pass_xdp' \\(id \\d+\\) to veth-in in native mode by BPF link \\d+, "
                + "pinned at " + pinDir() + "/xdp-veth-in; detach with: ebpf4j detach xdp veth-in\\R"), attach.out());

        Run net = inside("net", "veth-in");
        assertTrue(net.out().matches("veth-in \\(ifindex \\d+\\) xdp: program \\d+ 'pass_xdp', native mode, BPF link \\d+\\R"), net.out());
        assertEquals(net.out(), inside("net").out(), "every interface of the namespace: only veth-in has a program");

        Run detach = inside("detach", "xdp", "veth-in", "--pin-dir", pinDir());
        assertEquals(0, detach.exitCode(), detach.err());
        assertTrue(detach.out().startsWith("detached XDP program "), detach.out());
        assertEquals("veth-in: no XDP or tc programs attached\n", inside("net", "veth-in").out());
        assertFalse(Files.exists(Path.of(pinDir(), "xdp-veth-in")));

        assertOneLineError(inside("detach", "xdp", "veth-in", "--pin-dir", pinDir()),
                "veth-in: ebpf4j attached no XDP program here; nothing is attached there");
    }

    @Test
    void detachXdpLeavesSomeoneElsesProgramAndSaysWhatItIs() throws Exception {
        Path pinned = bpffs.dir().resolve("theirs");
        assertEquals(0, ebpf4j("load", object, "--pin", pinned.toString()).exitCode());
        veth.inInner("ip", "link", "set", "dev", "veth-in", "xdpgeneric", "pinned", pinned.resolve("pass_xdp").toString());

        assertOneLineError(inside("attach", "xdp", object + ":pass_xdp", "veth-in", "--pin-dir", pinDir()),
                "cannot attach XDP program 'pass_xdp' to veth-in: the hook is taken by program ", "in generic mode");
        assertFalse(Files.exists(Path.of(pinDir(), "xdp-veth-in")), "nothing half-attached: no pin left behind");

        assertOneLineError(inside("detach", "xdp", "veth-in", "--pin-dir", pinDir()),
                "veth-in: ebpf4j attached no XDP program here; attached there by others, left as it is: veth-in (ifindex ",
                "xdp: program ", "'pass_xdp', generic mode, netlink");
        assertTrue(veth.inInner("ip", "link", "show", "veth-in").contains("xdpgeneric"), "still there");
        veth.inInner("ip", "link", "set", "dev", "veth-in", "xdpgeneric", "off");
    }

    @Test
    void aTcAttachmentIsListedAndDetachedByDirection() {
        Run attach = inside("attach", "tc", object + ":next_tc", "veth-in", "egress", "--pin-dir", pinDir());
        assertEquals(0, attach.exitCode(), attach.err());
        assertTrue(attach.out().startsWith("attached tc program 'next_tc' (id "), attach.out());
        assertTrue(attach.out().endsWith("; detach with: ebpf4j detach tc veth-in egress\n"), attach.out());

        Run net = inside("net", "veth-in");
        assertTrue(net.out().matches("veth-in \\(ifindex \\d+\\) tc egress: program \\d+ 'next_tc', .*\\R"), net.out());

        Run wrongWay = inside("detach", "tc", "veth-in", "ingress", "--pin-dir", pinDir());
        assertOneLineError(wrongWay, "veth-in: ebpf4j attached no tc ingress program here; nothing is attached there");

        Run detach = inside("detach", "tc", "veth-in", "egress", "--pin-dir", pinDir());
        assertEquals(0, detach.exitCode(), detach.err());
        assertTrue(detach.out().startsWith("detached tc egress program "), detach.out());
        assertEquals("veth-in: no XDP or tc programs attached\n", inside("net", "veth-in").out());
    }

    @Test
    void aLinkPinnedWhereTheUserSaidIsDetachedByItsPath() {
        String link = bpffs.dir().resolve("my-xdp").toString();
        Run attach = inside("attach", "xdp", object + ":pass_xdp", "veth-in", "--mode", "generic", "--pin", link);
        assertEquals(0, attach.exitCode(), attach.err());
        assertTrue(attach.out().contains(" in generic mode by BPF link "), attach.out());
        Run detach = inside("detach", link);
        assertEquals(0, detach.exitCode(), detach.err());
        assertTrue(detach.out().matches("detached XDP program \\d+ from veth-in \\(BPF link \\d+\\); removed " + link + "\\R"), detach.out());
        assertFalse(Files.exists(Path.of(link)));
    }

    @Test
    void netlinkAttachmentsAreMadeWhenAskedForAndDetachedByTheSameCommands() throws Exception {
        Run xdp = inside("attach", "xdp", object + ":pass_xdp", "veth-in", "--netlink", "--mode", "generic", "--pin-dir", pinDir());
        assertEquals(0, xdp.exitCode(), xdp.err());
        assertTrue(xdp.out().contains(" in generic mode over netlink (program pinned at "), xdp.out());
        Run tc = inside("attach", "tc", object + ":next_tc", "veth-in", "ingress", "--netlink", "--pin-dir", pinDir());
        assertEquals(0, tc.exitCode(), tc.err());
        assertTrue(tc.out().contains(" as cls_bpf filter pref "), tc.out());

        String net = inside("net", "veth-in").out();
        assertTrue(net.contains("xdp: program ") && net.contains("'pass_xdp', generic mode, netlink"), net);
        assertTrue(net.contains("tc ingress: program ") && net.contains("'next_tc'"), net);
        assertTrue(veth.inInner("ip", "link", "show", "veth-in").contains("xdpgeneric"), "ip sees the netlink attachment");

        assertEquals(0, inside("detach", "xdp", "veth-in", "--pin-dir", pinDir()).exitCode());
        assertEquals(0, inside("detach", "tc", "veth-in", "ingress", "--pin-dir", pinDir()).exitCode());
        assertEquals("veth-in: no XDP or tc programs attached\n", inside("net", "veth-in").out());
    }

    @Test
    void tcxLinksArePlacedFirstOrNextToAProgram() {
        NetworkDevice device = NetworkDevice.named("veth-in", inner);
        Assumptions.assumeTrue(NetworkAttachments.tcxRevision(device, Direction.INGRESS).isPresent(), "this kernel has no TCX (6.6+)");
        String a = bpffs.dir().resolve("a").toString(), b = bpffs.dir().resolve("b").toString(), c = bpffs.dir().resolve("c").toString();
        assertEquals(0, inside("attach", "tc", object + ":next_tc", "veth-in", "ingress", "--pin", a).exitCode());
        int firstId = tcxPrograms(device).get(0);
        Run second = inside("attach", "tc", object + ":next_tc", "veth-in", "ingress", "--first", "--pin", b);
        assertEquals(0, second.exitCode(), second.err());
        Run third = inside("attach", "tc", object + ":next_tc", "veth-in", "ingress", "--before", String.valueOf(firstId), "--pin", c);
        assertEquals(0, third.exitCode(), third.err());
        List<Integer> order = tcxPrograms(device);
        assertEquals(3, order.size(), order.toString());
        assertEquals(firstId, order.get(2), "--first went to the head, --before right before the first program: " + order);

        assertOneLineError(inside("attach", "tc", object + ":next_tc", "veth-in", "ingress", "--netlink", "--first", "--pin-dir", pinDir()),
                "a netlink filter (--netlink) has no such order");
        Run both = inside("attach", "tc", object + ":next_tc", "veth-in", "ingress", "--first", "--after", "1");
        assertEquals(2, both.exitCode(), "mutually exclusive placements are a usage error: " + both.err());
        for (String link : List.of(a, b, c)) {
            assertEquals(0, inside("detach", link).exitCode());
        }
        assertEquals(List.of(), tcxPrograms(device));
    }

    private static List<Integer> tcxPrograms(NetworkDevice device) {
        return NetworkAttachments.on(device).stream()
                .filter(p -> p.hook() == Direction.INGRESS.hook() && p.mechanism() == Mechanism.BPF_LINK)
                .map(AttachedProgram::programId).toList();
    }

    @Test
    void badInputIsOneLineAndAttachesNothing() {
        assertOneLineError(inside("attach", "xdp", object + ":pass_xdp", "nosuch0", "--pin-dir", pinDir()),
                "no network interface named 'nosuch0' in netns " + inner.name() + ": list them with 'ip link' (ip -n " + inner.name() + " link)");
        assertOneLineError(inside("attach", "xdp", object + ":pass_xdp", "veth-in", "--pin-dir", dir.resolve("pins").toString()),
                "not on a bpf file system", "mount -t bpf bpf /sys/fs/bpf");
        assertOneLineError(inside("attach", "tc", object + ":pass_xdp", "veth-in", "ingress", "--pin-dir", pinDir()),
                "program 'pass_xdp' is a XDP program; the tc ingress hook of veth-in runs SCHED_CLS programs only");
        Run badMode = inside("attach", "xdp", object + ":pass_xdp", "veth-in", "--mode", "fast");
        assertEquals(2, badMode.exitCode(), "a usage error");
        assertTrue(badMode.err().startsWith("ebpf4j: Invalid value for option '--mode': 'fast' is not a mode: native or generic"), badMode.err());
        assertEquals("veth-in: no XDP or tc programs attached\n", inside("net", "veth-in").out());
    }
}
