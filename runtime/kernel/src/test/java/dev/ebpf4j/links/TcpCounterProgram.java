package dev.ebpf4j.links;

import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.maps.MapSpec;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.types.MapType;
import dev.ebpf4j.types.ProgramType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static dev.ebpf4j.programs.Insns.addImm;
import static dev.ebpf4j.programs.Insns.call;
import static dev.ebpf4j.programs.Insns.concat;
import static dev.ebpf4j.programs.Insns.exit;
import static dev.ebpf4j.programs.Insns.insn;
import static dev.ebpf4j.programs.Insns.ldMapFd;
import static dev.ebpf4j.programs.Insns.ldxW;
import static dev.ebpf4j.programs.Insns.movImm;
import static dev.ebpf4j.programs.Insns.movReg;
import static dev.ebpf4j.programs.Insns.stxW;

/**
 * An XDP (or tc) program that counts received IPv4 TCP frames (without IP options) in an array map: slot 0
 * counts segments without SYN or with SYN and ACK, slot 1 counts connection requests (SYN without
 * ACK). Passes every frame.
 */
final class TcpCounterProgram implements AutoCloseable {
    final MapHandle counts;
    final Program program;

    private TcpCounterProgram(MapHandle counts, Program program) {
        this.counts = counts;
        this.program = program;
    }

    /** The XDP counter. */
    static TcpCounterProgram load(String name) {
        return load(name, ProgramType.XDP);
    }

    /**
     * The counter as {@code type}: XDP (returns XDP_PASS) or SCHED_CLS (reads {@code __sk_buff}'s
     * data and data_end, returns -1: TC_ACT_UNSPEC / TCX_NEXT, so programs after it run too).
     */
    static TcpCounterProgram load(String name, ProgramType type) {
        boolean tc = type == ProgramType.SCHED_CLS;
        MapHandle counts = MapHandle.create(MapSpec.of(MapType.ARRAY, 4, 8, 2).withName("tcp_counts"));
        byte[] code = concat(
                ldxW(2, 1, tc ? 76 : 0),       // 0: r2 = ctx->data
                ldxW(3, 1, tc ? 80 : 4),       // 1: r3 = ctx->data_end
                movReg(4, 2),                  // 2
                addImm(4, 54),                 // 3: Ethernet 14 + IPv4 20 + TCP 20
                insn(0x2d, 4, 3, 20, 0),       // 4: if r4 > r3 goto pass
                insn(0x69, 5, 2, 12, 0),       // 5: r5 = *(u16 *)(r2 + 12): EtherType
                insn(0x55, 5, 0, 18, 0x0008),  // 6: if r5 != htons(0x0800) goto pass
                insn(0x71, 5, 2, 14, 0),       // 7: r5 = version and IHL
                insn(0x55, 5, 0, 16, 0x45),    // 8: if r5 != 0x45 goto pass
                insn(0x71, 5, 2, 23, 0),       // 9: r5 = protocol
                insn(0x55, 5, 0, 14, 6),       // 10: if r5 != TCP goto pass
                insn(0x71, 5, 2, 47, 0),       // 11: r5 = TCP flags
                insn(0x57, 5, 0, 0, 0x12),     // 12: r5 &= SYN | ACK
                movImm(6, 0),                  // 13
                insn(0x55, 5, 0, 1, 0x02),     // 14: if r5 != SYN goto +1
                movImm(6, 1),                  // 15
                stxW(10, -4, 6),               // 16: key
                movReg(2, 10),                 // 17
                addImm(2, -4),                 // 18
                ldMapFd(1, counts.fd()),       // 19-20
                call(1),                       // 21: bpf_map_lookup_elem
                insn(0x15, 0, 0, 2, 0),        // 22: if r0 == 0 goto pass
                movImm(1, 1),                  // 23
                insn(0xdb, 0, 1, 0, 0),        // 24: lock *(u64 *)(r0 + 0) += r1
                movImm(0, tc ? -1 : 2),        // 25: pass: r0 = TC_ACT_UNSPEC or XDP_PASS
                exit());                       // 26
        try {
            return new TcpCounterProgram(counts, Program.load(type, code, "GPL", name));
        } catch (RuntimeException e) {
            counts.close();
            throw e;
        }
    }

    /** Counted SYNs without ACK. */
    long connectionRequests() {
        return slot(1);
    }

    /** All TCP segments counted. */
    long segments() {
        return slot(0) + slot(1);
    }

    private long slot(int index) {
        byte[] key = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(index).array();
        byte[] value = counts.lookup(key).orElseThrow();
        return ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getLong();
    }

    @Override
    public void close() {
        program.close();
        counts.close();
    }
}
