package dev.ebpf4j.features;

import dev.ebpf4j.sys.KernelVersion;
import dev.ebpf4j.types.MapType;
import dev.ebpf4j.types.ProgramType;

/**
 * The upstream release that brought each feature, so the probes can be checked against the kernel
 * the tests run on (in QEMU: Debian's 5.10, 6.1 and 6.12; Debian does not backport BPF features).
 * The probes themselves never consult this: features are gated on probes, not versions.
 */
final class KernelHistory {
    private KernelHistory() {}

    static KernelVersion since(MapType type) {
        return switch (type) {
            case UNSPEC -> null;
            case HASH, ARRAY -> v(3, 19);
            case PROG_ARRAY -> v(4, 2);
            case PERF_EVENT_ARRAY -> v(4, 3);
            case PERCPU_HASH, PERCPU_ARRAY, STACK_TRACE -> v(4, 6);
            case CGROUP_ARRAY -> v(4, 8);
            case LRU_HASH, LRU_PERCPU_HASH -> v(4, 10);
            case LPM_TRIE -> v(4, 11);
            case ARRAY_OF_MAPS, HASH_OF_MAPS -> v(4, 12);
            case DEVMAP, SOCKMAP -> v(4, 14);
            case CPUMAP -> v(4, 15);
            case XSKMAP, SOCKHASH -> v(4, 18);
            case CGROUP_STORAGE, REUSEPORT_SOCKARRAY -> v(4, 19);
            case PERCPU_CGROUP_STORAGE, QUEUE, STACK -> v(4, 20);
            case SK_STORAGE -> v(5, 2);
            case DEVMAP_HASH -> v(5, 4);
            case STRUCT_OPS -> v(5, 6);
            case RINGBUF -> v(5, 8);
            case INODE_STORAGE -> v(5, 10);
            case TASK_STORAGE -> v(5, 11);
            case BLOOM_FILTER -> v(5, 16);
            case USER_RINGBUF -> v(6, 1);
            case CGRP_STORAGE -> v(6, 2);
            case ARENA -> v(6, 9);
        };
    }

    static KernelVersion since(ProgramType type) {
        return switch (type) {
            case UNSPEC -> null;
            case SOCKET_FILTER -> v(3, 19);
            case KPROBE, SCHED_CLS, SCHED_ACT -> v(4, 1);
            case TRACEPOINT -> v(4, 7);
            case XDP -> v(4, 8);
            case PERF_EVENT -> v(4, 9);
            case CGROUP_SKB, CGROUP_SOCK, LWT_IN, LWT_OUT, LWT_XMIT -> v(4, 10);
            case SOCK_OPS -> v(4, 13);
            case SK_SKB -> v(4, 14);
            case CGROUP_DEVICE -> v(4, 15);
            case SK_MSG, RAW_TRACEPOINT, CGROUP_SOCK_ADDR -> v(4, 17);
            case LWT_SEG6LOCAL, LIRC_MODE2 -> v(4, 18);
            case SK_REUSEPORT -> v(4, 19);
            case FLOW_DISSECTOR -> v(4, 20);
            case CGROUP_SYSCTL, RAW_TRACEPOINT_WRITABLE -> v(5, 2);
            case CGROUP_SOCKOPT -> v(5, 3);
            case TRACING -> v(5, 5);
            case STRUCT_OPS, EXT -> v(5, 6);
            case LSM -> v(5, 7);
            case SK_LOOKUP -> v(5, 9);
            case SYSCALL -> v(5, 14);
            case NETFILTER -> v(6, 4);
        };
    }

    static KernelVersion since(BtfFeature feature) {
        return switch (feature) {
            case FUNC -> v(5, 0);
            case DATASEC -> v(5, 2);
            case GLOBAL_FUNC -> v(5, 6);
            case FLOAT -> v(5, 13);
            case DECL_TAG -> v(5, 16);
            case TYPE_TAG -> v(5, 17);
            case ENUM64 -> v(6, 0);
        };
    }

    /** The highest instruction set level of a kernel: JMP32 came in 5.1, cpu v4's instructions in 6.6. */
    static InstructionSetLevel instructionSetLevel(KernelVersion kernel) {
        if (kernel.isAtLeast(6, 6)) {
            return InstructionSetLevel.V4;
        }
        return kernel.isAtLeast(5, 1) ? InstructionSetLevel.V3 : InstructionSetLevel.V2;
    }

    static boolean has(KernelVersion since) {
        return since != null && KernelVersion.running().compareTo(since) >= 0;
    }

    private static KernelVersion v(int major, int minor) {
        return new KernelVersion(major, minor, 0);
    }
}
