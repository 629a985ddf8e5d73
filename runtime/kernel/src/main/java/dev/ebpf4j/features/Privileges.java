package dev.ebpf4j.features;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.ebpf4j.types.MapType;
import dev.ebpf4j.types.ProgramType;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The capabilities {@code bpf()} checks, and which of them this process holds: what turns a
 * refusal into a reason a user can act on. The kernel's capability checks are per process, so a
 * probe answer that depends on them is a refusal to this process, not a fact about the kernel.
 */
final class Privileges {
    /** The capabilities bpf() and its helpers check, with their bit numbers. */
    enum Capability {
        NET_ADMIN(12), IPC_LOCK(14), SYS_ADMIN(21), SYS_RESOURCE(24), PERFMON(38), BPF(39);

        final int bit;

        Capability(int bit) {
            this.bit = bit;
        }

        @Override
        public String toString() {
            return "CAP_" + name();
        }
    }

    private static final Path STATUS = Path.of("/proc/self/status");

    private Privileges() {}

    /**
     * The capabilities the kernel checks before creating maps of {@code type}, beyond what array
     * maps need (kernel/bpf/syscall.c, map_create; before 6.2 the same checks sat in each map
     * type's allocation).
     */
    static List<Capability> needs(MapType type) {
        return switch (type) {
            case UNSPEC, HASH, ARRAY, PROG_ARRAY, PERF_EVENT_ARRAY, PERCPU_HASH, PERCPU_ARRAY, CGROUP_ARRAY, ARRAY_OF_MAPS,
                 HASH_OF_MAPS, CGROUP_STORAGE, PERCPU_CGROUP_STORAGE, RINGBUF, USER_RINGBUF -> List.of();
            case DEVMAP, DEVMAP_HASH, SOCKMAP, SOCKHASH, XSKMAP -> List.of(Capability.NET_ADMIN);
            case STACK_TRACE, LRU_HASH, LRU_PERCPU_HASH, LPM_TRIE, CPUMAP, REUSEPORT_SOCKARRAY, QUEUE, STACK, SK_STORAGE,
                 STRUCT_OPS, INODE_STORAGE, TASK_STORAGE, BLOOM_FILTER, CGRP_STORAGE, ARENA -> List.of(Capability.BPF);
        };
    }

    /** The capabilities the kernel checks before loading programs of {@code type} (bpf_prog_load). */
    static List<Capability> needs(ProgramType type) {
        return switch (type) {
            case UNSPEC, SOCKET_FILTER, CGROUP_SKB -> List.of();
            case SCHED_CLS, SCHED_ACT, XDP, LWT_IN, LWT_OUT, LWT_XMIT, LWT_SEG6LOCAL, SK_SKB, SK_MSG, LIRC_MODE2, FLOW_DISSECTOR,
                 CGROUP_DEVICE, CGROUP_SOCK, CGROUP_SOCK_ADDR, CGROUP_SOCKOPT, CGROUP_SYSCTL, SOCK_OPS, NETFILTER ->
                    List.of(Capability.BPF, Capability.NET_ADMIN);
            case KPROBE, TRACEPOINT, PERF_EVENT, RAW_TRACEPOINT, RAW_TRACEPOINT_WRITABLE, TRACING, LSM, STRUCT_OPS ->
                    List.of(Capability.BPF, Capability.PERFMON);
            case EXT -> List.of(Capability.BPF, Capability.NET_ADMIN, Capability.PERFMON);
            case SK_REUSEPORT, SK_LOOKUP, SYSCALL -> List.of(Capability.BPF);
        };
    }

    /**
     * The capability the kernel hides {@code helper} behind whatever the program type (5.8 and
     * later: bpf_base_func_proto and bpf_sk_base_func_proto grant these only to CAP_BPF or
     * CAP_PERFMON, the probe_write_user proto only to CAP_SYS_ADMIN). Without it the verifier says
     * "unknown func" or "program of this type cannot use helper", exactly as for a helper the
     * program type does not have, so those words prove nothing for these helpers.
     */
    static Capability helperNeeds(int helper) {
        return switch (helper) {
            // spin locks, jiffies64, per-cpu pointers, timers, kptr_xchg, for_each_map_elem, loop,
            // dynptrs, user ring buffers, cgroup and task storage, the current task's cgroup ids
            case 17, 37, 80, 93, 94, 118, 123, 153, 154, 156, 157, 164, 169, 170, 171, 172, 181, 194,
                 197, 198, 199, 200, 201, 202, 203, 209, 210, 211 -> Capability.BPF;
            // trace_printk, the current task and its comm, probe_read_*, copy_from_user*, snprintf*,
            // perf event reads, signals, stacks, branch snapshots, find_vma, the skc_to_* casts
            case 6, 16, 22, 35, 55, 109, 112, 113, 114, 115, 117, 136, 137, 138, 139, 140, 141, 148, 149,
                 158, 165, 175, 176, 177, 178, 180, 191, 196 -> Capability.PERFMON;
            case 36 -> Capability.SYS_ADMIN; // probe_write_user
            default -> null;
        };
    }

    /** This process's effective capability set, or empty when /proc does not say. */
    static OptionalLong effective() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("CapEff:")) {
                    return OptionalLong.of(Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16));
                }
            }
            return OptionalLong.empty();
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Whether a process with {@code effective} passes the kernel's check for {@code capability}:
     * CAP_SYS_ADMIN also passes the checks for CAP_BPF and CAP_PERFMON, which split from it in 5.8.
     */
    static boolean grants(long effective, Capability capability) {
        boolean held = (effective & (1L << capability.bit)) != 0;
        boolean admin = (effective & (1L << Capability.SYS_ADMIN.bit)) != 0;
        return held || (admin && (capability == Capability.BPF || capability == Capability.PERFMON));
    }

    /** Whether this process passes the check for {@code capability}; true when /proc does not say. */
    static boolean grants(Capability capability) {
        OptionalLong effective = effective();
        return effective.isEmpty() || grants(effective.getAsLong(), capability);
    }

    /**
     * Why the kernel refused something to a process with {@code effective} that passes the checks
     * for array maps, when it checks {@code needed} for it: the capabilities to grant, or, when the
     * process holds them, what else refuses (a check this list does not know, which the capabilities
     * the process lacks hint at, or a security policy).
     */
    static String refusal(List<Capability> needed, OptionalLong effective) {
        if (effective.isEmpty()) {
            return "its capabilities could not be read from " + STATUS;
        }
        long held = effective.getAsLong();
        List<Capability> missing = needed.stream().filter(capability -> !grants(held, capability)).toList();
        if (!missing.isEmpty()) {
            boolean admin = missing.contains(Capability.BPF) || missing.contains(Capability.PERFMON);
            return "the kernel allows it only with " + names(needed, " plus ") + ", and this process lacks "
                    + names(missing, " and ") + (admin ? " (CAP_SYS_ADMIN would do too)" : "");
        }
        List<Capability> others = new ArrayList<>();
        for (Capability capability : Capability.values()) {
            if ((held & (1L << capability.bit)) == 0) {
                others.add(capability);
            }
        }
        String checked = needed.isEmpty() ? "the kernel checks no capability for it beyond those for array maps"
                : "this process holds " + names(needed, " and ") + ", which the kernel checks for it";
        return checked + ", so something else refuses it: "
                + (others.isEmpty() ? "a security policy (an LSM or seccomp)"
                        : "a check this kernel adds (this process lacks " + names(others, ", ") + ") or a security policy (an LSM or seccomp)");
    }

    static String refusal(List<Capability> needed) {
        return refusal(needed, effective());
    }

    private static String names(List<Capability> capabilities, String separator) {
        return String.join(separator, capabilities.stream().map(Capability::toString).toList());
    }
}
