package dev.ebpf4j.links;

import dev.ebpf4j.sys.LinkCalls;

/**
 * Where a TCX link goes among the programs on its hook, as cilium's anchors and the kernel's
 * {@code BPF_F_BEFORE}/{@code BPF_F_AFTER} say it.
 *
 * @param flags {@code BPF_F_BEFORE} or {@code BPF_F_AFTER}, with {@code BPF_F_ID} when relative to a program
 * @param relativeProgramId the program to go before or after, 0 for the head or tail
 */
public record TcxOrder(int flags, int relativeProgramId) {
    /** Before every program on the hook. */
    public static TcxOrder first() {
        return new TcxOrder(LinkCalls.F_BEFORE, 0);
    }

    /** After every program on the hook (the default). */
    public static TcxOrder last() {
        return new TcxOrder(LinkCalls.F_AFTER, 0);
    }

    /** Right before the program with id {@code programId}. */
    public static TcxOrder before(int programId) {
        return new TcxOrder(LinkCalls.F_BEFORE | LinkCalls.F_ID, programId);
    }

    /** Right after the program with id {@code programId}. */
    public static TcxOrder after(int programId) {
        return new TcxOrder(LinkCalls.F_AFTER | LinkCalls.F_ID, programId);
    }
}
