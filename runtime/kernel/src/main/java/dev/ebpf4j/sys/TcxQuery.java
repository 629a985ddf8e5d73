package dev.ebpf4j.sys;

import dev.ebpf4j.errors.BpfCommand;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/** {@code BPF_PROG_QUERY} on a TCX hook: the programs in order, their links, and the hook's revision. */
public final class TcxQuery {
    public static final int ATTACH_TCX_INGRESS = 46, ATTACH_TCX_EGRESS = 47;
    private static final int MAX = 64;

    private TcxQuery() {}

    /** The programs on the hook, first to run first, with the id of the link holding each (0: none). */
    public record TcxPrograms(int[] programIds, int[] linkIds, long revision) {}

    /** {@code attr.query} with the mprog fields (6.6+). */
    private static final class Query {
        static final StructLayout LAYOUT = MemoryLayout.structLayout(
                Attr.u32("target_ifindex"), Attr.u32("attach_type"), Attr.u32("query_flags"), Attr.u32("attach_flags"),
                Attr.u64("prog_ids"), Attr.u32("count"), Attr.pad(4), Attr.u64("prog_attach_flags"),
                Attr.u64("link_ids"), Attr.u64("link_attach_flags"), Attr.u64("revision"));
        static final VarHandle TARGET = Attr.field(LAYOUT, "target_ifindex");
        static final VarHandle ATTACH_TYPE = Attr.field(LAYOUT, "attach_type");
        static final VarHandle PROG_IDS = Attr.field(LAYOUT, "prog_ids");
        static final VarHandle COUNT = Attr.field(LAYOUT, "count");
        static final VarHandle LINK_IDS = Attr.field(LAYOUT, "link_ids");
        static final VarHandle REVISION = Attr.field(LAYOUT, "revision");
    }

    /** Queries {@code attachType} ({@link #ATTACH_TCX_INGRESS} or {@link #ATTACH_TCX_EGRESS}) on {@code ifindex}. */
    public static TcxPrograms query(int ifindex, int attachType) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(Query.LAYOUT);
            MemorySegment programs = arena.allocate(ValueLayout.JAVA_INT, MAX);
            MemorySegment links = arena.allocate(ValueLayout.JAVA_INT, MAX);
            Query.TARGET.set(attr, ifindex);
            Query.ATTACH_TYPE.set(attr, attachType);
            Query.PROG_IDS.set(attr, programs.address());
            Query.LINK_IDS.set(attr, links.address());
            Query.COUNT.set(attr, MAX);
            Syscall.check(BpfCommand.PROG_QUERY, attr);
            int count = Math.min(MAX, (int) Query.COUNT.get(attr));
            return new TcxPrograms(programs.asSlice(0, 4L * count).toArray(ValueLayout.JAVA_INT),
                    links.asSlice(0, 4L * count).toArray(ValueLayout.JAVA_INT), (long) Query.REVISION.get(attr));
        }
    }
}
