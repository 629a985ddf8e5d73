package dev.ebpf4j.programs;

import dev.ebpf4j.links.Attachment;
import dev.ebpf4j.links.Direction;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.TcAttachment;
import dev.ebpf4j.links.XdpAttachment;
import dev.ebpf4j.links.XdpMode;
import dev.ebpf4j.links.XdpOptions;
import dev.ebpf4j.types.ProgramType;

import dev.ebpf4j.sys.ObjectCalls;
import dev.ebpf4j.sys.OwnedFd;
import dev.ebpf4j.sys.ProgramCalls;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A program the verifier accepted, owned through its file descriptor.
 *
 * <pre>{@code
 * byte[] insns = {(byte) 0xb7, 0, 0, 0, 2, 0, 0, 0,   // r0 = 2
 *                 (byte) 0x95, 0, 0, 0, 0, 0, 0, 0};  // exit
 * try (Program pass = Program.load(ProgramType.XDP, insns, "GPL", "pass")) {
 *     pass.testRun(new byte[64], 1).retval();          // 2 (XDP_PASS)
 * }
 * }</pre>
 *
 * <p>A refused load throws {@link dev.ebpf4j.errors.VerifierException} carrying the verifier's log.
 */
public final class Program implements AutoCloseable {
    /** Room the kernel may need beyond the input frame in a test run (XDP can grow a frame). */
    private static final int DATA_OUT_SLACK = 4096;

    private final OwnedFd fd;
    private final ProgramType type;
    private final String name;
    private final List<Attachment> attachments = new ArrayList<>();

    private Program(OwnedFd fd, ProgramType type, String name) {
        this.fd = fd;
        this.type = type;
        this.name = name;
    }

    /** Loads instruction bytes of the given type. */
    public static Program load(ProgramType type, byte[] instructions, String license, String name) {
        return load(ProgramSpec.of(type, instructions, license, name));
    }

    /** Loads a program described by {@code spec}. */
    public static Program load(ProgramSpec spec) {
        OwnedFd fd = ProgramCalls.load(new ProgramCalls.LoadRequest(spec.type().number(),
                spec.expectedAttachType() == null ? 0 : spec.expectedAttachType().number(), spec.instructions(),
                spec.license(), spec.name(), 0, spec.btfFd(), spec.funcInfo(), spec.funcInfoRecordSize(),
                spec.lineInfo(), spec.lineInfoRecordSize(), spec.logLevel(), spec.sourceLocator()));
        return new Program(fd, spec.type(), spec.name());
    }

    /** Takes ownership of a program fd obtained elsewhere. */
    public static Program adopt(OwnedFd fd) {
        try {
            ObjectCalls.RawProgramInfo info = ObjectCalls.programInfo(fd.get());
            return new Program(fd, ProgramType.of(info.type()), info.name());
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /**
     * Opens the program pinned at {@code path} on bpffs.
     *
     * @throws IllegalArgumentException naming the path, if it holds a map or link rather than a
     *         program (the kernel would take its fd as a program's, and fail only later, on use)
     */
    public static Program openPinned(Path path) {
        OwnedFd fd = ObjectCalls.get(path, 0);
        ObjectCalls.ObjectKind kind = ObjectCalls.kind(fd.get());
        if (kind != ObjectCalls.ObjectKind.PROGRAM && kind != ObjectCalls.ObjectKind.OTHER) {
            fd.close();
            throw new IllegalArgumentException(path + ": not a pinned program (it is a pinned "
                    + kind.name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        return adopt(fd);
    }

    /** Opens the program with this kernel id. */
    public static Program openById(int id) {
        return adopt(ObjectCalls.programFdById(id));
    }

    /**
     * The program's file descriptor, for calls this library does not make; valid until {@link #close()},
     * and not to be closed by the caller.
     */
    public int fd() {
        return fd.get();
    }

    public ProgramType type() {
        return type;
    }

    public String name() {
        return name;
    }

    /**
     * Runs the program {@code repeat} times on a copy of {@code data} ({@code BPF_PROG_TEST_RUN}).
     * For XDP and tc, {@code data} is an Ethernet frame of at least 14 bytes.
     */
    public TestRunResult testRun(byte[] data, int repeat) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocateFrom(ValueLayout.JAVA_BYTE, data);
            MemorySegment out = arena.allocate(data.length + DATA_OUT_SLACK);
            ProgramCalls.TestRunResult r = ProgramCalls.testRun(fd.get(), in, out, null, null, repeat);
            byte[] dataOut = out.asSlice(0, Math.min(r.dataSizeOut(), out.byteSize())).toArray(ValueLayout.JAVA_BYTE);
            return new TestRunResult(r.retval(), r.durationNanos(), dataOut);
        }
    }

    /**
     * The allocation-free test run: caller-owned native segments, returning only the program's
     * return value ({@code dataOut} may be null).
     */
    public int testRun(MemorySegment dataIn, MemorySegment dataOut, int repeat) {
        return ProgramCalls.testRun(fd.get(), dataIn, dataOut, null, null, repeat).retval();
    }

    /** What the kernel reports about this program. */
    public ProgramInfo info() {
        ObjectCalls.RawProgramInfo raw = ObjectCalls.programInfo(fd.get());
        return new ProgramInfo(ProgramType.of(raw.type()), raw.id(), raw.name(), raw.tag(), raw.jitedLength(),
                raw.xlatedLength(), raw.mapIds(), raw.gplCompatible(), raw.btfId(), raw.verifiedInstructions());
    }

    /** The kernel-wide id of this program. */
    public int id() {
        return ObjectCalls.programInfo(fd.get()).id();
    }

    /** Pins the program at {@code path} on bpffs, so it outlives this process. */
    public void pin(Path path) {
        ObjectCalls.pin(fd.get(), path);
    }

    /**
     * Attaches this XDP program to the interface {@code device} of the process's network namespace,
     * in the mode the kernel chooses (see {@link XdpAttachment#attach}). The attachment is closed
     * with this program: {@code skeleton.filter().attachXdp("eth0")} lasts as long as the skeleton.
     */
    public XdpAttachment attachXdp(String device) {
        return track(XdpAttachment.attach(this, NetworkDevice.named(device)));
    }

    /** Attaches this XDP program to {@code device} in {@code mode}; see {@link #attachXdp(String)}. */
    public XdpAttachment attachXdp(String device, XdpMode mode) {
        return track(XdpAttachment.attach(this, NetworkDevice.named(device), XdpOptions.defaults().withMode(mode)));
    }

    /**
     * Attaches this tc program to {@code device} in {@code direction} (see {@link TcAttachment#attach});
     * the attachment is closed with this program.
     */
    public TcAttachment attachTc(String device, Direction direction) {
        return track(TcAttachment.attach(this, NetworkDevice.named(device), direction));
    }

    private synchronized <A extends Attachment> A track(A attachment) {
        attachments.add(attachment);
        return attachment;
    }

    /** Closes the attachments made through this program (unpinned ones detach), then the program's descriptor. */
    @Override
    public void close() {
        List<Attachment> made;
        synchronized (this) {
            made = List.copyOf(attachments);
            attachments.clear();
        }
        RuntimeException failure = null;
        for (Attachment attachment : made.reversed()) {
            try {
                attachment.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        fd.close();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "Program[" + type + " '" + name + "', " + fd + "]";
    }
}
