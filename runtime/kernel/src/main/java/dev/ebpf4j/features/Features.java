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
import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.sys.BtfCalls;
import dev.ebpf4j.errors.Errno;
import dev.ebpf4j.sys.MapCalls;
import dev.ebpf4j.sys.MappedMemory;
import dev.ebpf4j.sys.OwnedFd;
import dev.ebpf4j.sys.ProgramCalls;
import dev.ebpf4j.errors.VerifierException;
import dev.ebpf4j.types.AttachType;
import dev.ebpf4j.types.MapType;
import dev.ebpf4j.types.ProgramType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

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
 * <p>Each question has two forms: a {@code boolean} ({@link #mapType}) and a {@link Support}
 * ({@link #mapTypeSupport}) that says why not. A kernel that lacks a feature answers
 * {@link Support.Unsupported}; a kernel that refuses the feature to this process with
 * {@code EPERM} (a capability it lacks, or a security policy) while the process can create a plain
 * array map answers {@link Support.Refused}, and the boolean is {@code false}:
 *
 * <pre>{@code
 * features.mapTypeSupport(MapType.ARENA)
 *   // refused: BPF_MAP_CREATE refused ARENA maps to this process (EPERM), though it creates array maps;
 *   //   this process holds CAP_BPF, which the kernel checks for it, so something else refuses it: a check
 *   //   this kernel adds (this process lacks CAP_SYS_RESOURCE) or a security policy (an LSM or seccomp)
 * }</pre>
 *
 * <p>When {@code bpf()} is refused to the process entirely (not even an array map), every probe
 * that meets the refusal throws the {@link BpfException} ({@code EPERM}): that is no answer about
 * any feature. Answers, refusals included, are cached for the life of the process; a process does
 * not gain capabilities.
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

    private final Map<Object, Support> cache = new ConcurrentHashMap<>();
    private final AtomicInteger probes = new AtomicInteger();
    /** Set once a plain array map was created: EPERM from a probe is then a refusal of that feature. */
    private volatile boolean bpfUsable;

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
        return programTypeSupport(type).isSupported();
    }

    /** {@link #programType}, with the reason when the answer is no. */
    public Support programTypeSupport(ProgramType type) {
        return cached(new ProgramTypeProbe(type), () -> probeProgramType(type));
    }

    /** Whether the kernel creates maps of {@code type}. {@code STRUCT_OPS} maps follow the program type of that name. */
    public boolean mapType(MapType type) {
        return mapTypeSupport(type).isSupported();
    }

    /** {@link #mapType}, with the reason when the answer is no. */
    public Support mapTypeSupport(MapType type) {
        return cached(new MapTypeProbe(type), () -> probeMapType(type));
    }

    /**
     * Whether programs of {@code type} may call helper number {@code helper}. The kernel either
     * does not know the helper ("invalid func" / "unknown func"), refuses it to this program
     * type, or accepts the call (possibly complaining about its arguments, which still means the
     * helper is there).
     *
     * <p>Some helpers the kernel grants only to processes with a capability (tracing helpers such as
     * {@code bpf_trace_printk} need CAP_PERFMON, spin locks and timers CAP_BPF), and refuses them
     * with the same words as a helper the program type does not have; a process without that
     * capability gets {@link Support.Refused} for them. So does every helper of a program type
     * refused to this process.
     */
    public boolean helper(ProgramType type, int helper) {
        return helperSupport(type, helper).isSupported();
    }

    /** {@link #helper}, with the reason when the answer is no. */
    public Support helperSupport(ProgramType type, int helper) {
        return cached(new HelperProbe(type, helper), () -> {
            Support program = programTypeSupport(type);
            return switch (program) {
                case Support.Supported s -> probeHelper(type, helper);
                case Support.Unsupported u -> Support.unsupported(type + " programs are not supported: " + u.reason());
                case Support.Refused r -> Support.refused("helper " + helper + " cannot be probed: " + r.reason());
            };
        });
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
        return levelSupport(level).isSupported();
    }

    /** {@link #supports(InstructionSetLevel)}, with the reason when the answer is no. */
    public Support levelSupport(InstructionSetLevel level) {
        if (level == InstructionSetLevel.V1) {
            return Support.supported();
        }
        return cached(new LevelProbe(level), () -> loads(ProgramType.SOCKET_FILTER, levelProbe(level), level + " instructions"));
    }

    /** Whether array maps can be created {@code BPF_F_MMAPABLE} and mapped into this process (5.5). */
    public boolean mmapableArrays() {
        return mmapableArraysSupport().isSupported();
    }

    /** {@link #mmapableArrays}, with the reason when the answer is no. */
    public Support mmapableArraysSupport() {
        return cached(Misc.MMAPABLE_ARRAYS, this::probeMmapableArrays);
    }

    /** Whether the kernel accepts BTF that uses {@code feature}. */
    public boolean btf(BtfFeature feature) {
        return btfSupport(feature).isSupported();
    }

    /** {@link #btf}, with the reason when the answer is no. */
    public Support btfSupport(BtfFeature feature) {
        return cached(new BtfProbe(feature), () -> probeBtf(feature));
    }

    private Support cached(Object key, Supplier<Support> probe) {
        Support known = cache.get(key);
        if (known != null) {
            return known;
        }
        // Not computeIfAbsent: a probe may consult the cache itself (helper -> program type).
        Support answer = probe.get();
        probes.incrementAndGet();
        Support raced = cache.putIfAbsent(key, answer);
        return raced != null ? raced : answer;
    }

    // ---- programs

    private Support probeProgramType(ProgramType type) {
        if (type == ProgramType.UNSPEC) {
            return Support.unsupported("UNSPEC is no program type");
        }
        if (NEEDS_ATTACH_TARGET.contains(type)) {
            // This kernel refuses these types with EPERM before verifying when no attach target is
            // named, and ProgramCalls cannot pass attach_btf_id yet; answering false would be a lie.
            throw new UnsupportedOperationException("probing " + type + " programs needs an attach target (attach_btf_id),"
                    + " which the kernel layer cannot pass yet");
        }
        try (OwnedFd fd = ProgramCalls.load(request(type, encode(movR0(0), new Instruction.Exit())))) {
            return Support.supported();
        } catch (VerifierException e) {
            return Support.supported(); // the verifier ran, so the kernel knows the type
        } catch (BpfException e) {
            return notSupported(e, type + " programs", Privileges.needs(type));
        }
    }

    private Support probeHelper(ProgramType type, int helper) {
        try (OwnedFd fd = ProgramCalls.load(request(type, encode(Instruction.Call.helper(helper), movR0(0), new Instruction.Exit())))) {
            return Support.supported();
        } catch (VerifierException e) {
            String log = e.log();
            if (log.contains("invalid func ")) {
                return Support.unsupported("this kernel has no helper " + helper + " (the verifier said: " + e.complaint() + ")");
            }
            if (!log.contains("unknown func ") && !log.contains("program of this type cannot use helper ")) {
                return Support.supported(); // it complained about the arguments: the helper is there
            }
            Privileges.Capability needed = Privileges.helperNeeds(helper);
            if (needed != null && !Privileges.grants(needed)) {
                return Support.refused("the kernel grants helper " + helper + " only to processes with " + needed
                        + (needed == Privileges.Capability.SYS_ADMIN ? "" : " (or CAP_SYS_ADMIN)")
                        + ", which this process lacks, so whether " + type + " programs may call it is unknown here"
                        + " (the verifier said: " + e.complaint() + ")");
            }
            return Support.unsupported(type + " programs cannot call helper " + helper + " on this kernel (the verifier said: "
                    + e.complaint() + ")");
        } catch (BpfException e) {
            return notSupported(e, type + " programs calling helper " + helper, Privileges.needs(type));
        }
    }

    private Support loads(ProgramType type, byte[] insns, String what) {
        try (OwnedFd fd = ProgramCalls.load(request(type, insns))) {
            return Support.supported();
        } catch (VerifierException e) {
            return Support.unsupported("the verifier refused " + what + ": " + e.complaint());
        } catch (BpfException e) {
            return notSupported(e, what, Privileges.needs(type));
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

    private Support probeMapType(MapType type) {
        String what = type + " maps";
        return switch (type) {
            case UNSPEC -> Support.unsupported("UNSPEC is no map type");
            case STRUCT_OPS -> switch (programTypeSupport(ProgramType.STRUCT_OPS)) {
                case Support.Supported s -> s;
                case Support.Unsupported u -> Support.unsupported("they come with STRUCT_OPS programs: " + u.reason());
                case Support.Refused r -> Support.refused("they come with STRUCT_OPS programs: " + r.reason());
            };
            case ARRAY_OF_MAPS, HASH_OF_MAPS -> {
                try (OwnedFd inner = MapCalls.create(new MapCalls.CreateRequest(MapType.ARRAY.number(), 4, 4, 1, 0, "probe_inner"))) {
                    yield creates(new MapCalls.CreateRequest(type.number(), 4, 4, 1, 0, "probe", 0, 0, 0, inner.get(), 0), type);
                } catch (BpfException e) {
                    yield notSupported(e, "the inner array map of a probe of " + what, List.of());
                }
            }
            case SK_STORAGE, INODE_STORAGE, TASK_STORAGE, CGRP_STORAGE -> {
                // Local storage needs BTF for its key (an int) and value.
                Btf.Builder b = Btf.builder();
                int integer = b.add(new BtfType.Int("int", 4, BtfType.IntEncoding.SIGNED, 0, 32));
                int value = b.add(new BtfType.Struct("val", 4, List.of(new BtfType.Member("cnt", integer, 0)), false));
                try (OwnedFd btf = BtfCalls.load(BtfEncoder.encode(b.build()), "probe")) {
                    yield creates(new MapCalls.CreateRequest(type.number(), 4, 4, 0, F_NO_PREALLOC, "probe",
                            btf.get(), integer, value, 0, 0), type);
                } catch (VerifierException e) {
                    yield Support.unsupported("the kernel refused the BTF of " + what + ": " + e.complaint());
                } catch (BpfException e) {
                    yield notSupported(e, "the BTF that " + what + " need", List.of(Privileges.Capability.BPF));
                }
            }
            default -> creates(mapRequest(type), type);
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

    private Support creates(MapCalls.CreateRequest request, MapType type) {
        try (OwnedFd fd = MapCalls.create(request)) {
            return Support.supported();
        } catch (BpfException e) {
            return notSupported(e, type + " maps", Privileges.needs(type));
        }
    }

    private Support probeMmapableArrays() {
        try (OwnedFd fd = MapCalls.create(new MapCalls.CreateRequest(MapType.ARRAY.number(), 4, 8, 1, F_MMAPABLE, "probe"));
             var arena = java.lang.foreign.Arena.ofConfined()) {
            MappedMemory.map(fd.get(), 8, true, arena);
            return Support.supported();
        } catch (BpfException e) {
            return notSupported(e, "mmap-able array maps", List.of());
        }
    }

    // ---- BTF

    private Support probeBtf(BtfFeature feature) {
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
            return Support.supported();
        } catch (VerifierException e) {
            return Support.unsupported("the kernel refused BTF with " + feature + ": " + e.complaint());
        } catch (BpfException e) {
            return notSupported(e, "BTF with " + feature, List.of(Privileges.Capability.BPF));
        }
    }

    // ---- refusals

    /**
     * The answer for a probe the kernel turned down before verifying: a refusal to this process
     * when the errno says "not permitted" and a plain array map can be created, unsupported for
     * any other errno. Throws when bpf() is refused to the process altogether. {@code needed} is
     * what the kernel checks for {@code what}, for the reason.
     */
    private Support notSupported(BpfException e, String what, List<Privileges.Capability> needed) {
        if (!refusal(e)) {
            return Support.unsupported(e.getMessage());
        }
        requireBpf();
        return Support.refused(e.command().kernelName() + " refused " + what + " to this process (" + e.errno().name()
                + "), though it creates array maps; " + Privileges.refusal(needed));
    }

    /** EPERM, or EACCES without a verifier log: capabilities or a security policy (LSMs answer EACCES too). */
    private static boolean refusal(BpfException e) {
        return Errno.EPERM.equals(e.errno()) || (Errno.EACCES.equals(e.errno()) && !(e instanceof VerifierException));
    }

    /** Throws the refusal when this process may not use bpf() at all: no array map for it either. */
    private void requireBpf() {
        if (bpfUsable) {
            return;
        }
        try (OwnedFd fd = MapCalls.create(new MapCalls.CreateRequest(MapType.ARRAY.number(), 4, 4, 1, 0, "probe"))) {
            bpfUsable = true;
        } catch (BpfException e) {
            if (refusal(e)) {
                throw new BpfException(e.command(), e.errno(), "bpf() is refused to this process (it cannot create even a plain array map): "
                        + e.getMessage(), e);
            }
            throw e;
        }
    }

    private static Instruction movR0(int value) {
        return new Instruction.Alu(true, AluOp.MOV, Register.R0, Operand.of(value));
    }

    private static byte[] encode(Instruction... instructions) {
        return InstructionCodec.encode(List.of(instructions));
    }
}
