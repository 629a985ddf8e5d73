package dev.ebpf4j.sys;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.VerifierException;
import dev.ebpf4j.errors.BpfCommand;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.IntFunction;

/**
 * {@code BPF_PROG_LOAD} and {@code BPF_PROG_TEST_RUN}.
 *
 * <pre>{@code
 * byte[] insns = ...;                       // r0 = 2; exit
 * try (OwnedFd prog = ProgramCalls.load(ProgramCalls.LoadRequest.of(6, insns, "GPL", "pass"))) {
 *     ProgramCalls.TestRunResult r = ProgramCalls.testRun(prog.get(), packet, out, null, null, 1);
 * }
 * }</pre>
 */
public final class ProgramCalls {
    /** Bytes per instruction slot. */
    public static final int INSN_SIZE = 8;

    private static final LoggedLoad.LogFields LOG = new LoggedLoad.LogFields(Attr.ProgLoad.LOG_BUF,
            Attr.ProgLoad.LOG_SIZE, Attr.ProgLoad.LOG_LEVEL, Attr.ProgLoad.LOG_TRUE_SIZE);
    private static final ThreadLocal<MemorySegment> TEST_RUN_ATTR =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(Attr.TestRun.LAYOUT));

    private ProgramCalls() {}

    /**
     * The attributes of {@code BPF_PROG_LOAD}.
     *
     * @param type {@code enum bpf_prog_type}
     * @param expectedAttachType {@code enum bpf_attach_type}, or 0 when the type needs none
     * @param insns the instructions, 8 little-endian bytes each
     * @param funcInfo {@code struct bpf_func_info} records (or null), each {@code funcInfoRecSize} bytes
     * @param lineInfo {@code struct bpf_line_info} records (or null), each {@code lineInfoRecSize} bytes
     * @param logLevel the verifier log level for the retry after a failure (1: the usual; 2: every state)
     * @param sourceLocator instruction index to source position for error messages, or null
     */
    public record LoadRequest(int type, int expectedAttachType, byte[] insns, String license, String name,
                              int flags, int btfFd, byte[] funcInfo, int funcInfoRecSize,
                              byte[] lineInfo, int lineInfoRecSize, int logLevel,
                              IntFunction<String> sourceLocator) {
        public LoadRequest {
            if (insns == null || insns.length == 0 || insns.length % INSN_SIZE != 0) {
                throw new IllegalArgumentException("program '" + name + "': instructions must be a non-empty multiple of 8 bytes, got "
                        + (insns == null ? "none" : insns.length + " bytes"));
            }
            if (license == null || license.isEmpty()) {
                throw new IllegalArgumentException("program '" + name + "': a license is required (e.g. \"GPL\")");
            }
            name = name == null ? "" : name;
            ObjectNames.check("program", name);
            checkRecords("func_info", funcInfo, funcInfoRecSize);
            checkRecords("line_info", lineInfo, lineInfoRecSize);
        }

        /** A program with no BTF, loaded with log level 1 on failure. */
        public static LoadRequest of(int type, byte[] insns, String license, String name) {
            return new LoadRequest(type, 0, insns, license, name, 0, 0, null, 0, null, 0, 1, null);
        }

        private static void checkRecords(String what, byte[] records, int recordSize) {
            if (records != null && (recordSize <= 0 || records.length % recordSize != 0)) {
                throw new IllegalArgumentException(what + ": " + records.length + " bytes is not a whole number of "
                        + recordSize + "-byte records");
            }
        }
    }

    /**
     * What a test run reported.
     *
     * @param durationNanos the mean time of one run, as the kernel measured it
     * @param dataSizeOut bytes of packet the kernel wrote to the data-out buffer
     * @param ctxSizeOut bytes of context the kernel wrote to the context-out buffer
     */
    public record TestRunResult(int retval, int durationNanos, int dataSizeOut, int ctxSizeOut) {}

    /**
     * Loads a program; on refusal throws {@link VerifierException} with the verifier's log, or
     * {@link BpfException} when the kernel refused before verifying (privileges, bad attributes).
     */
    public static OwnedFd load(LoadRequest request) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(Attr.ProgLoad.LAYOUT);
            MemorySegment insns = arena.allocateFrom(ValueLayout.JAVA_BYTE, request.insns());
            Attr.ProgLoad.PROG_TYPE.set(attr, request.type());
            Attr.ProgLoad.INSN_CNT.set(attr, request.insns().length / INSN_SIZE);
            Attr.ProgLoad.INSNS.set(attr, insns.address());
            Attr.ProgLoad.LICENSE.set(attr, arena.allocateFrom(request.license()).address());
            Attr.ProgLoad.PROG_FLAGS.set(attr, request.flags());
            Attr.ProgLoad.EXPECTED_ATTACH_TYPE.set(attr, request.expectedAttachType());
            Attr.ProgLoad.PROG_BTF_FD.set(attr, request.btfFd());
            Attr.putName(attr, Attr.ProgLoad.LAYOUT, "prog_name", request.name());
            if (request.funcInfo() != null && request.funcInfo().length > 0) {
                Attr.ProgLoad.FUNC_INFO_REC_SIZE.set(attr, request.funcInfoRecSize());
                Attr.ProgLoad.FUNC_INFO.set(attr, arena.allocateFrom(ValueLayout.JAVA_BYTE, request.funcInfo()).address());
                Attr.ProgLoad.FUNC_INFO_CNT.set(attr, request.funcInfo().length / request.funcInfoRecSize());
            }
            if (request.lineInfo() != null && request.lineInfo().length > 0) {
                Attr.ProgLoad.LINE_INFO_REC_SIZE.set(attr, request.lineInfoRecSize());
                Attr.ProgLoad.LINE_INFO.set(attr, arena.allocateFrom(ValueLayout.JAVA_BYTE, request.lineInfo()).address());
                Attr.ProgLoad.LINE_INFO_CNT.set(attr, request.lineInfo().length / request.lineInfoRecSize());
            }
            return LoggedLoad.run(BpfCommand.PROG_LOAD, attr, LOG, Math.max(1, request.logLevel()), request.name(),
                    request.sourceLocator(), privilegeHint(request.type()));
        }
    }

    /**
     * Runs a loaded program once or {@code repeat} times on the given packet and/or context. Any
     * segment may be null. Reuses a per-thread attr, so a loop of test runs does not allocate attrs.
     */
    public static TestRunResult testRun(int progFd, MemorySegment dataIn, MemorySegment dataOut,
                                        MemorySegment ctxIn, MemorySegment ctxOut, int repeat) {
        MemorySegment attr = TEST_RUN_ATTR.get();
        attr.fill((byte) 0);
        Attr.TestRun.PROG_FD.set(attr, progFd);
        Attr.TestRun.DATA_IN.set(attr, MapCalls.address(dataIn));
        Attr.TestRun.DATA_SIZE_IN.set(attr, size(dataIn));
        Attr.TestRun.DATA_OUT.set(attr, MapCalls.address(dataOut));
        Attr.TestRun.DATA_SIZE_OUT.set(attr, size(dataOut));
        Attr.TestRun.CTX_IN.set(attr, MapCalls.address(ctxIn));
        Attr.TestRun.CTX_SIZE_IN.set(attr, size(ctxIn));
        Attr.TestRun.CTX_OUT.set(attr, MapCalls.address(ctxOut));
        Attr.TestRun.CTX_SIZE_OUT.set(attr, size(ctxOut));
        Attr.TestRun.REPEAT.set(attr, repeat);
        Syscall.check(BpfCommand.PROG_TEST_RUN, attr);
        return new TestRunResult((int) Attr.TestRun.RETVAL.get(attr), (int) Attr.TestRun.DURATION.get(attr),
                (int) Attr.TestRun.DATA_SIZE_OUT.get(attr), (int) Attr.TestRun.CTX_SIZE_OUT.get(attr));
    }

    private static int size(MemorySegment segment) {
        return segment == null ? 0 : Math.toIntExact(segment.byteSize());
    }

    /** Which capabilities a program type needs besides CAP_BPF, for EPERM messages. */
    static String privilegeHint(int progType) {
        String extra = switch (progType) {
            // kprobe, tracepoint, perf_event, raw_tracepoint(_writable), tracing, struct_ops, ext, lsm
            case 2, 5, 7, 17, 24, 26, 27, 28, 29 -> "CAP_PERFMON";
            // tc, xdp, cgroup socket hooks, lwt, sockmap, flow dissector, sk_lookup...
            case 3, 4, 6, 9, 10, 11, 12, 13, 14, 15, 16, 18, 19, 20, 21, 22, 23, 25, 30 -> "CAP_NET_ADMIN";
            default -> null;
        };
        String needs = extra == null ? "CAP_BPF" : "CAP_BPF plus " + extra;
        return "not permitted: loading this program type needs root, or " + needs
                + " (kernels before 5.8: CAP_SYS_ADMIN)"
                + (Memlock.accountsMemlock() ? "; this kernel also charges BPF memory to RLIMIT_MEMLOCK" : "");
    }
}
