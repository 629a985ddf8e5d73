package dev.ebpf4j.features;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.Instruction;
import dev.ebpf4j.asm.InstructionCodec;
import dev.ebpf4j.asm.JumpOp;
import dev.ebpf4j.asm.Operand;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.btf.Btf;
import dev.ebpf4j.btf.BtfEncoder;
import dev.ebpf4j.btf.BtfType;
import dev.ebpf4j.sys.BpfException;
import dev.ebpf4j.sys.BtfCalls;
import dev.ebpf4j.sys.Errno;
import dev.ebpf4j.sys.MapCalls;
import dev.ebpf4j.sys.MappedMemory;
import dev.ebpf4j.sys.OwnedFd;
import dev.ebpf4j.sys.ProgramCalls;
import dev.ebpf4j.sys.VerifierException;
import dev.ebpf4j.types.AttachType;
import dev.ebpf4j.types.MapType;
import dev.ebpf4j.types.ProgramType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * What this kernel supports, found by probing and remembered for the life of the process: each
 * question asks the kernel once, by loading a minimal program or creating a tiny map, and later
 * calls answer from the cache. There is no kernel version check anywhere; a feature is used when
 * its probe succeeds.
 *
 * <pre>{@code
 * Features features = Features.get();
 * features.programType(ProgramType.XDP);                      // true
 * features.helper(ProgramType.XDP, 1);                        // bpf_map_lookup_elem: true
 * features.instructionSetLevel();                             // V4 on 6.6 and later
 * if (features.mmapableArrays()) { ... map globals instead of using lookups ... }
 * }</pre>
 *
 * <p>A probe the kernel refuses with {@code EPERM} throws: missing privileges are not a missing
 * feature, and caching "unsupported" for them would be wrong once privileges are granted.
 */
public final class Features {
    private static final Features PROCESS = new Features();
    private static final String LICENSE = "GPL";
    private static final int F_NO_PREALLOC = 1;
    private static final int F_MMAPABLE = 1 << 10;
    private static final int F_SLEEPABLE = 1 << 4;

    private static final java.util.Set<ProgramType> NEEDS_ATTACH_TARGET =
            java.util.EnumSet.of(ProgramType.TRACING, ProgramType.EXT, ProgramType.LSM);

    private record ProgramTypeProbe(ProgramType type) {}

    private record MapTypeProbe(MapType type) {}

    private record HelperProbe(ProgramType type, int helper) {}

    private record LevelProbe(InstructionSetLevel level) {}

    private record BtfProbe(BtfFeature feature) {}

    private enum Misc { MMAPABLE_ARRAYS }

    private final Map<Object, Boolean> cache = new ConcurrentHashMap<>();
    private final AtomicInteger probes = new AtomicInteger();

    private Features() {}

    /** The process-wide cache. */
    public static Features get() {
        return PROCESS;
    }

    /** How many probes have asked the kernel so far (answers from the cache do not count). */
    public int probesRun() {
        return probes.get();
    }

    /**
     * Whether the kernel loads programs of {@code type}: a {@code r0 = 0; exit} of that type gets
     * as far as the verifier.
     *
     * @throws UnsupportedOperationException for {@code TRACING}, {@code EXT} and {@code LSM}, whose
     *     probe needs an attach target the kernel layer cannot pass yet
     */
    public boolean programType(ProgramType type) {
        return cached(new ProgramTypeProbe(type), () -> probeProgramType(type));
    }

    /** Whether the kernel creates maps of {@code type}. {@code STRUCT_OPS} maps follow the program type of that name. */
    public boolean mapType(MapType type) {
        return cached(new MapTypeProbe(type), () -> probeMapType(type));
    }

    /**
     * Whether programs of {@code type} may call helper number {@code helper}. The kernel either
     * does not know the helper ("invalid func" / "unknown func"), refuses it to this program
     * type, or accepts the call (possibly complaining about its arguments, which still means the
     * helper is there).
     */
    public boolean helper(ProgramType type, int helper) {
        return cached(new HelperProbe(type, helper), () -> programType(type) && probeHelper(type, helper));
    }

    /** The highest instruction set level whose new instructions the verifier accepts (and all below it). */
    public InstructionSetLevel instructionSetLevel() {
        InstructionSetLevel supported = InstructionSetLevel.V1;
        for (InstructionSetLevel level : List.of(InstructionSetLevel.V2, InstructionSetLevel.V3, InstructionSetLevel.V4)) {
            if (!supports(level)) {
                break;
            }
            supported = level;
        }
        return supported;
    }

    /** Whether the instructions {@code level} adds load here (independently of the other levels). */
    public boolean supports(InstructionSetLevel level) {
        return level == InstructionSetLevel.V1 || cached(new LevelProbe(level), () -> loads(ProgramType.SOCKET_FILTER, levelProbe(level), 0, null));
    }

    /** Whether array maps can be created {@code BPF_F_MMAPABLE} and mapped into this process (5.5). */
    public boolean mmapableArrays() {
        return cached(Misc.MMAPABLE_ARRAYS, Features::probeMmapableArrays);
    }

    /** Whether the kernel accepts BTF that uses {@code feature}. */
    public boolean btf(BtfFeature feature) {
        return cached(new BtfProbe(feature), () -> probeBtf(feature));
    }

    private boolean cached(Object key, BooleanSupplier probe) {
        Boolean known = cache.get(key);
        if (known != null) {
            return known;
        }
        // Not computeIfAbsent: a probe may consult the cache itself (helper -> program type).
        boolean answer = probe.getAsBoolean();
        probes.incrementAndGet();
        Boolean raced = cache.putIfAbsent(key, answer);
        return raced != null ? raced : answer;
    }

    // ---- programs

    private static boolean probeProgramType(ProgramType type) {
        if (type == ProgramType.UNSPEC) {
            return false;
        }
        if (NEEDS_ATTACH_TARGET.contains(type)) {
            // This kernel refuses these types with EPERM before verifying when no attach target is
            // named, and ProgramCalls cannot pass attach_btf_id yet; answering false would be a lie.
            throw new UnsupportedOperationException("probing " + type + " programs needs an attach target (attach_btf_id),"
                    + " which the kernel layer cannot pass yet");
        }
        try (OwnedFd fd = ProgramCalls.load(request(type, encode(movR0(0), new Instruction.Exit())))) {
            return true;
        } catch (VerifierException e) {
            return true; // the verifier ran, so the kernel knows the type
        } catch (BpfException e) {
            return refusedAsUnsupported(e);
        }
    }

    private static boolean probeHelper(ProgramType type, int helper) {
        try (OwnedFd fd = ProgramCalls.load(request(type, encode(Instruction.Call.helper(helper), movR0(0), new Instruction.Exit())))) {
            return true;
        } catch (VerifierException e) {
            String log = e.log();
            return !(log.contains("invalid func ") || log.contains("unknown func ")
                    || log.contains("program of this type cannot use helper "));
        } catch (BpfException e) {
            return refusedAsUnsupported(e);
        }
    }

    private static boolean loads(ProgramType type, byte[] insns, int flags, AttachType attachType) {
        try (OwnedFd fd = ProgramCalls.load(new ProgramCalls.LoadRequest(type.number(), attachType == null ? 0 : attachType.number(),
                insns, LICENSE, "probe", flags, 0, null, 0, null, 0, 1, null))) {
            return true;
        } catch (VerifierException e) {
            return false;
        } catch (BpfException e) {
            return refusedAsUnsupported(e);
        }
    }

    private static ProgramCalls.LoadRequest request(ProgramType type, byte[] insns) {
        AttachType attach = switch (type) {
            case CGROUP_SOCK_ADDR -> AttachType.CGROUP_INET4_CONNECT;
            case CGROUP_SOCKOPT -> AttachType.CGROUP_GETSOCKOPT;
            case LIRC_MODE2 -> AttachType.LIRC_MODE2;
            case SK_LOOKUP -> AttachType.SK_LOOKUP;
            case NETFILTER -> AttachType.NETFILTER;
            case TRACING -> AttachType.TRACE_FENTRY;
            case LSM -> AttachType.LSM_MAC;
            case CGROUP_SOCK -> AttachType.CGROUP_INET_SOCK_CREATE;
            case FLOW_DISSECTOR -> AttachType.FLOW_DISSECTOR;
            case CGROUP_SYSCTL -> AttachType.CGROUP_SYSCTL;
            case CGROUP_DEVICE -> AttachType.CGROUP_DEVICE;
            case SK_MSG -> AttachType.SK_MSG_VERDICT;
            default -> null;
        };
        int flags = type == ProgramType.SYSCALL ? F_SLEEPABLE : 0;
        return new ProgramCalls.LoadRequest(type.number(), attach == null ? 0 : attach.number(), insns, LICENSE, "probe",
                flags, 0, null, 0, null, 0, 1, null);
    }

    private static byte[] levelProbe(InstructionSetLevel level) {
        Instruction exit = new Instruction.Exit();
        return switch (level) {
            case V1 -> encode(movR0(0), exit);
            case V2 -> encode(movR0(0), new Instruction.Jump(true, JumpOp.JLT, Register.R0, Operand.of(1), 0), exit);
            case V3 -> encode(new Instruction.Alu(false, AluOp.MOV, Register.R0, Operand.of(0)),
                    new Instruction.Jump(false, JumpOp.JLT, Register.R0, Operand.of(1), 0), exit);
            case V4 -> encode(
                    new Instruction.StoreImm(Size.DW, Register.R10, -8, 0),
                    new Instruction.Load(Size.B, true, Register.R1, Register.R10, -8),     // ldsx
                    movR0(7),
                    new Instruction.Alu(true, AluOp.SDIV, Register.R0, Operand.of(2)),    // sdiv
                    new Instruction.Alu(true, AluOp.SMOD, Register.R0, Operand.of(2)),    // smod
                    new Instruction.Alu(true, AluOp.MOVSX8, Register.R0, Operand.of(Register.R0)),
                    new Instruction.ByteSwap(Instruction.SwapKind.SWAP, 16, Register.R0),
                    new Instruction.Goto(true, 0),                                          // gotol
                    exit);
        };
    }

    // ---- maps

    private boolean probeMapType(MapType type) {
        return switch (type) {
            case UNSPEC -> false;
            case STRUCT_OPS -> programType(ProgramType.STRUCT_OPS);
            case ARRAY_OF_MAPS, HASH_OF_MAPS -> {
                try (OwnedFd inner = MapCalls.create(new MapCalls.CreateRequest(MapType.ARRAY.number(), 4, 4, 1, 0, "probe_inner"))) {
                    yield creates(new MapCalls.CreateRequest(type.number(), 4, 4, 1, 0, "probe", 0, 0, 0, inner.get(), 0));
                }
            }
            case SK_STORAGE, INODE_STORAGE, TASK_STORAGE, CGRP_STORAGE -> {
                // Local storage needs BTF for its key (an int) and value.
                Btf.Builder b = Btf.builder();
                int integer = b.add(new BtfType.Int("int", 4, BtfType.IntEncoding.SIGNED, 0, 32));
                int value = b.add(new BtfType.Struct("val", 4, List.of(new BtfType.Member("cnt", integer, 0)), false));
                try (OwnedFd btf = BtfCalls.load(BtfEncoder.encode(b.build()), "probe")) {
                    yield creates(new MapCalls.CreateRequest(type.number(), 4, 4, 0, F_NO_PREALLOC, "probe",
                            btf.get(), integer, value, 0, 0));
                } catch (VerifierException e) {
                    yield false;
                }
            }
            default -> creates(mapRequest(type));
        };
    }

    private static MapCalls.CreateRequest mapRequest(MapType type) {
        int page = (int) MappedMemory.pageSize();
        return switch (type) {
            case LPM_TRIE -> new MapCalls.CreateRequest(type.number(), 8, 8, 1, F_NO_PREALLOC, "probe");
            case STACK, QUEUE, BLOOM_FILTER -> new MapCalls.CreateRequest(type.number(), 0, 4, 1, 0, "probe");
            case RINGBUF, USER_RINGBUF -> new MapCalls.CreateRequest(type.number(), 0, 0, page, 0, "probe");
            case CGROUP_STORAGE, PERCPU_CGROUP_STORAGE -> new MapCalls.CreateRequest(type.number(), 8, 4, 0, 0, "probe");
            case STACK_TRACE -> new MapCalls.CreateRequest(type.number(), 4, 8, 1, 0, "probe");
            case ARENA -> new MapCalls.CreateRequest(type.number(), 0, 0, 1, F_MMAPABLE, "probe");
            default -> new MapCalls.CreateRequest(type.number(), 4, 4, 1, 0, "probe");
        };
    }

    private static boolean creates(MapCalls.CreateRequest request) {
        try (OwnedFd fd = MapCalls.create(request)) {
            return true;
        } catch (BpfException e) {
            return refusedAsUnsupported(e);
        }
    }

    private static boolean probeMmapableArrays() {
        try (OwnedFd fd = MapCalls.create(new MapCalls.CreateRequest(MapType.ARRAY.number(), 4, 8, 1, F_MMAPABLE, "probe"));
             var arena = java.lang.foreign.Arena.ofConfined()) {
            MappedMemory.map(fd.get(), 8, true, arena);
            return true;
        } catch (BpfException e) {
            return refusedAsUnsupported(e);
        }
    }

    // ---- BTF

    private static boolean probeBtf(BtfFeature feature) {
        Btf.Builder b = Btf.builder();
        int integer = b.add(new BtfType.Int("int", 4, BtfType.IntEncoding.SIGNED, 0, 32));
        switch (feature) {
            case FUNC, GLOBAL_FUNC -> {
                int proto = b.add(new BtfType.FuncProto(integer, List.of()));
                b.add(new BtfType.Func("probe", proto, feature == BtfFeature.FUNC ? BtfType.FuncLinkage.STATIC : BtfType.FuncLinkage.GLOBAL));
            }
            case DATASEC -> {
                int var = b.add(new BtfType.Var("probe", integer, BtfType.VarLinkage.GLOBAL));
                b.add(new BtfType.Datasec(".data", 4, List.of(new BtfType.VarSecinfo(var, 0, 4))));
            }
            case FLOAT -> b.add(new BtfType.Float("float", 4));
            case DECL_TAG -> {
                int var = b.add(new BtfType.Var("probe", integer, BtfType.VarLinkage.GLOBAL));
                b.add(new BtfType.DeclTag("tag", var, -1));
            }
            case TYPE_TAG -> {
                int tag = b.add(new BtfType.TypeTag("tag", integer));
                b.add(new BtfType.Ptr(tag));
            }
            case ENUM64 -> b.add(new BtfType.Enum64("probe", 8, false, List.of(new BtfType.Enumerator64("BIG", 1L << 40))));
        }
        try (OwnedFd fd = BtfCalls.load(BtfEncoder.encode(b.build()), "probe")) {
            return true;
        } catch (VerifierException e) {
            return false;
        } catch (BpfException e) {
            return refusedAsUnsupported(e);
        }
    }

    // ---- helpers

    private static boolean refusedAsUnsupported(BpfException e) {
        if (Errno.EPERM.equals(e.errno())) {
            throw e;
        }
        return false;
    }

    private static Instruction movR0(int value) {
        return new Instruction.Alu(true, AluOp.MOV, Register.R0, Operand.of(value));
    }

    private static byte[] encode(Instruction... instructions) {
        return InstructionCodec.encode(List.of(instructions));
    }
}
