package dev.ebpf4j.sys;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.Errno;
import dev.ebpf4j.errors.BpfCommand;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * {@code BPF_LINK_CREATE}, {@code BPF_LINK_UPDATE} and {@code BPF_LINK_DETACH} as raw calls. A link
 * detaches its program when its last fd closes, so a crashed process leaves nothing attached.
 */
public final class LinkCalls {
    /** {@code BPF_F_REPLACE} for {@link #update}: replace only if {@code oldProgFd} is still attached. */
    public static final int F_REPLACE = 1 << 2;
    /** TCX ordering flags ({@code BPF_F_BEFORE}, {@code BPF_F_AFTER}, {@code BPF_F_ID}, {@code BPF_F_LINK}). */
    public static final int F_BEFORE = 1 << 3;
    public static final int F_AFTER = 1 << 4;
    public static final int F_ID = 1 << 5;
    public static final int F_LINK = 1 << 13;
    /** XDP link flags: native driver mode, generic (skb) mode, offload. */
    public static final int XDP_FLAGS_SKB_MODE = 1 << 1;
    public static final int XDP_FLAGS_DRV_MODE = 1 << 2;
    public static final int XDP_FLAGS_HW_MODE = 1 << 3;

    private LinkCalls() {}

    /**
     * {@code BPF_LINK_CREATE} for attach points addressed by a target fd or an interface index (XDP).
     *
     * @param attachType {@code enum bpf_attach_type}
     */
    public static OwnedFd create(int progFd, int targetFdOrIfindex, int attachType, int flags) {
        return createTcx(progFd, targetFdOrIfindex, attachType, flags, 0, 0);
    }

    /**
     * {@code BPF_LINK_CREATE} for TCX (6.6+): {@code relativeFdOrId} and the ordering flags place the
     * program among others on the hook; {@code expectedRevision} (0: any) guards against races.
     */
    public static OwnedFd createTcx(int progFd, int ifindex, int attachType, int flags, int relativeFdOrId,
                                    long expectedRevision) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(Attr.LinkCreate.LAYOUT);
            Attr.LinkCreate.PROG_FD.set(attr, progFd);
            Attr.LinkCreate.TARGET.set(attr, ifindex);
            Attr.LinkCreate.ATTACH_TYPE.set(attr, attachType);
            Attr.LinkCreate.FLAGS.set(attr, flags);
            Attr.LinkCreate.RELATIVE_FD_OR_ID.set(attr, relativeFdOrId);
            Attr.LinkCreate.EXPECTED_REVISION.set(attr, expectedRevision);
            return Syscall.fd(BpfCommand.LINK_CREATE, attr);
        }
    }

    /** {@code BPF_LINK_UPDATE}: swaps the link's program; with {@link #F_REPLACE}, only if {@code oldProgFd} is current. */
    public static void update(int linkFd, int newProgFd, int flags, int oldProgFd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(Attr.LinkUpdate.LAYOUT);
            Attr.LinkUpdate.LINK_FD.set(attr, linkFd);
            Attr.LinkUpdate.NEW_PROG_FD.set(attr, newProgFd);
            Attr.LinkUpdate.FLAGS.set(attr, flags);
            Attr.LinkUpdate.OLD_PROG_FD.set(attr, oldProgFd);
            Syscall.check(BpfCommand.LINK_UPDATE, attr);
        }
    }

    /** {@code BPF_LINK_DETACH} (5.9+): detaches now; the fd stays open but the link is defunct. */
    public static void detach(int linkFd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(Attr.LinkDetach.LAYOUT);
            Attr.LinkDetach.LINK_FD.set(attr, linkFd);
            Syscall.check(BpfCommand.LINK_DETACH, attr);
        }
    }

    /** {@code bpf_link_type} numbers {@link RawLinkInfo#type()} may hold. */
    public static final int LINK_TYPE_XDP = 6, LINK_TYPE_TCX = 11;

    /**
     * What {@code BPF_OBJ_GET_INFO_BY_FD} reports about a link, in kernel numbers.
     *
     * @param ifindex the interface of an XDP or TCX link, 0 for other types
     * @param attachType the attach type of a TCX link, 0 for other types
     */
    public record RawLinkInfo(int type, int id, int programId, int ifindex, int attachType) {}

    /** {@code struct bpf_link_info} up to the {@code xdp}/{@code tcx} members of its union. */
    private static final class LinkInfo {
        static final StructLayout LAYOUT = MemoryLayout.structLayout(
                Attr.u32("type"), Attr.u32("id"), Attr.u32("prog_id"), Attr.pad(4),
                Attr.u32("ifindex"), Attr.u32("attach_type"), Attr.pad(40));
        static final VarHandle TYPE = Attr.field(LAYOUT, "type");
        static final VarHandle ID = Attr.field(LAYOUT, "id");
        static final VarHandle PROG_ID = Attr.field(LAYOUT, "prog_id");
        static final VarHandle IFINDEX = Attr.field(LAYOUT, "ifindex");
        static final VarHandle ATTACH_TYPE = Attr.field(LAYOUT, "attach_type");
    }

    /** {@code BPF_OBJ_GET_INFO_BY_FD} on a link. */
    public static RawLinkInfo info(int linkFd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(LinkInfo.LAYOUT);
            ObjectCalls.info(linkFd, info);
            int type = (int) LinkInfo.TYPE.get(info);
            boolean network = type == LINK_TYPE_XDP || type == LINK_TYPE_TCX;
            return new RawLinkInfo(type, (int) LinkInfo.ID.get(info), (int) LinkInfo.PROG_ID.get(info),
                    network ? (int) LinkInfo.IFINDEX.get(info) : 0,
                    type == LINK_TYPE_TCX ? (int) LinkInfo.ATTACH_TYPE.get(info) : 0);
        }
    }

    /** {@code BPF_LINK_GET_NEXT_ID}: the id of the next link after {@code id}, or 0 after the last. */
    public static int nextId(int id) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(Attr.GetId.LAYOUT);
            Attr.GetId.ID.set(attr, id);
            long result = Syscall.bpf(BpfCommand.LINK_GET_NEXT_ID, attr);
            if (result == -Errno.ENOENT.number()) {
                return 0;
            }
            if (result < 0) {
                throw new BpfException(BpfCommand.LINK_GET_NEXT_ID, new Errno((int) -result));
            }
            return (int) Attr.GetId.NEXT_ID.get(attr);
        }
    }
}
