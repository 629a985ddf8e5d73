package dev.ebpf4j.links;

import dev.ebpf4j.sys.LinkCalls;

/**
 * Where a TCX link goes among the programs on its hook, as cilium's anchors and the kernel's
 * {@code BPF_F_BEFORE}/{@code BPF_F_AFTER} say it.
 *
 * @param flags {@code BPF_F_BEFORE} or {@code BPF_F_AFTER}, with {@code BPF_F_ID} when relative to a
 *              program, and {@code BPF_F_LINK} as well when relative to a link
 * @param relativeId the program (or link) to go before or after, 0 for the head or tail
 */
public record TcxOrder(int flags, int relativeId) {
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

    /**
     * Right before the program that the TCX link with id {@code linkId} holds: the place stays
     * right even if that link's program is later replaced by an update.
     */
    public static TcxOrder beforeLink(int linkId) {
        return new TcxOrder(LinkCalls.F_BEFORE | LinkCalls.F_LINK | LinkCalls.F_ID, linkId);
    }

    /** Right after the program that the TCX link with id {@code linkId} holds. */
    public static TcxOrder afterLink(int linkId) {
        return new TcxOrder(LinkCalls.F_AFTER | LinkCalls.F_LINK | LinkCalls.F_ID, linkId);
    }

    /** Whether {@link #relativeId} names a link rather than a program. */
    public boolean relativeToLink() {
        return (flags & LinkCalls.F_LINK) != 0;
    }

    /** What the order is relative to, in words: "program 12", "link 7", or "the head"/"the tail". */
    String anchor() {
        if ((flags & LinkCalls.F_ID) == 0) {
            return (flags & LinkCalls.F_BEFORE) != 0 ? "the head" : "the tail";
        }
        return (relativeToLink() ? "link " : "program ") + relativeId;
    }
}
