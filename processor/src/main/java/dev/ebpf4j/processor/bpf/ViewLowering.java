package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.processor.ir.Hook;

/**
 * The packet views: each computes a packet pointer or null exactly as the Java classes of
 * {@code dev.ebpf4j.program.net} decide, in the shapes the verifier accepts — a candidate pointer
 * plus the bytes needed compared with {@code data_end} (so the same pointer id gets its range),
 * variable header lengths masked to their few bits, the VLAN tags and the IPv6 extension-header
 * walk unrolled.
 *
 * <p>Loads of 16-bit fields that are only tested (fragment offsets) use the raw little-endian
 * halfword with a swapped mask instead of a byte swap.
 */
final class ViewLowering {
    static final int ETH_LENGTH = 14;
    private static final int VLAN = 0x8100;
    private static final int QINQ = 0x88A8;
    private static final int MAX_VLAN_TAGS = 2;
    private static final int MAX_EXTENSION_HEADERS = 6;

    private final FunctionCompiler fc;
    private final CodeBuilder code;

    ViewLowering(FunctionCompiler fc) {
        this.fc = fc;
        this.code = fc.code;
    }

    private int dataOffset() {
        return fc.hook() == Hook.XDP ? 0 : 76;
    }

    private int dataEndOffset() {
        return fc.hook() == Hook.XDP ? 4 : 80;
    }

    private void requirePacketHook() {
        Hook hook = fc.hook();
        if (hook == null || hook == Hook.SOCKET_FILTER) {
            throw fc.error("packet views need an XDP or tc context (socket filters cannot read the packet directly)");
        }
    }

    /** A new temporary holding {@code data_end}. */
    Register dataEnd() {
        requirePacketHook();
        Register end = fc.temps.take();
        Register ctx = fc.contextIn(end);
        code.ldxw(end, ctx, dataEndOffset());
        return end;
    }

    /** {@code dst = data}, or null if the Ethernet header does not fit. */
    void ethernet(Register dst) {
        requirePacketHook();
        Register end = dataEnd();
        Register ctx = fc.contextIn(dst);
        code.ldxw(dst, ctx, dataOffset());
        Register t = fc.temps.take();
        code.mov64(t, dst).add64(t, ETH_LENGTH);
        String ok = fc.label("eth_ok");
        code.jle(t, end, ok);
        code.mov64(dst, 0);
        code.label(ok);
        fc.temps.free(t);
        fc.temps.free(end);
    }

    /**
     * {@code dst} = the network header after {@code eth} and up to two VLAN tags if its EtherType
     * is {@code etherType} and it passes the IPv4 or IPv6 checks; null otherwise.
     */
    void network(Register eth, int etherType, Register dst) {
        Register end = dataEnd();
        Register type = fc.temps.take();
        Register q = fc.temps.take();
        String none = fc.label("net_null");
        String tagsDone = fc.label("tags_done");
        String done = fc.label("net_done");
        code.ldxh(type, eth, 12).toBe(type, 16);
        code.mov64(dst, eth).add64(dst, ETH_LENGTH);
        for (int tag = 0; tag < MAX_VLAN_TAGS; tag++) {
            String tagged = fc.label("vlan");
            code.jeq32(type, VLAN, tagged);
            code.jne32(type, QINQ, tagsDone);
            code.label(tagged);
            code.mov64(q, dst).add64(q, 4);
            code.jgt(q, end, none);
            code.ldxh(type, dst, 2).toBe(type, 16);
            code.mov64(dst, q);
        }
        code.label(tagsDone);
        code.jne32(type, etherType, none);
        if (etherType == 0x0800) {
            code.mov64(q, dst).add64(q, 20);
            code.jgt(q, end, none);
            code.ldxb(type, dst, 0);
            code.mov32(q, type).rsh32(q, 4);
            code.jne32(q, 4, none);
            code.and32(type, 0x0f).lsh32(type, 2);
            code.jlt32(type, 20, none);
            code.mov64(q, dst).add64(q, type);
            code.jle(q, end, done);
        } else {
            code.mov64(q, dst).add64(q, 40);
            code.jgt(q, end, none);
            code.ldxb(type, dst, 0).rsh32(type, 4);
            code.jeq32(type, 6, done);
        }
        code.label(none);
        code.mov64(dst, 0);
        code.label(done);
        fc.temps.free(q);
        fc.temps.free(type);
        fc.temps.free(end);
    }

    /** {@code dst} = the TCP ({@code protocol} 6) or UDP (17) header after the IPv4 header {@code ip}, or null. */
    void ipv4Transport(Register ip, int protocol, int length, Register dst) {
        Register t = fc.temps.take();
        String none = fc.label("l4_null");
        String done = fc.label("l4_done");
        code.ldxb(t, ip, 9);
        code.jne32(t, protocol, none);
        code.ldxh(t, ip, 6);
        code.jset32(t, 0xff1f, none);   // fragment offset != 0, tested on the raw little-endian halfword
        code.ldxb(t, ip, 0).and32(t, 0x0f).lsh32(t, 2);
        code.mov64(dst, ip).add64(dst, t);
        Register end = dataEnd();
        code.mov64(t, dst).add64(t, length);
        code.jle(t, end, done);
        fc.temps.free(end);
        code.label(none);
        code.mov64(dst, 0);
        code.label(done);
        fc.temps.free(t);
    }

    /**
     * {@code dst} = the TCP or UDP header after the IPv6 header {@code ip} and at most six extension
     * headers, or null. The walk is a loop counted down from six, which the verifier bounds by
     * exploring each iteration (a tenth of the unrolled walk's size); unrolled only when no scratch
     * register is left for the counter.
     */
    void ipv6Transport(Register ip, int protocol, int length, Register dst) {
        Register next = fc.temps.take();
        Register u = fc.temps.take();
        Register end = dataEnd();
        Register steps = fc.temps.tryTake();
        if (steps == null) {
            unrolledIpv6Transport(ip, protocol, length, dst, next, u, end);
            return;
        }
        String none = fc.label("l4_null");
        String walk = fc.label("ext_walk");
        String walked = fc.label("walked");
        String done = fc.label("l4_done");
        String options = fc.label("ext_opt");
        String fragment = fc.label("ext_frag");
        String advance = fc.label("ext_next");
        code.ldxb(next, ip, 6);
        code.mov64(dst, ip).add64(dst, 40);
        code.mov32(steps, MAX_EXTENSION_HEADERS);
        code.label(walk);
        code.jeq32(next, 0, options).jeq32(next, 43, options).jeq32(next, 60, options);
        code.jeq32(next, 44, fragment);
        code.jne32(next, 51, walked);
        // authentication header: (length + 2) * 4 bytes
        code.mov64(u, dst).add64(u, 2);
        code.jgt(u, end, none);
        code.ldxb(u, dst, 1).lsh32(u, 2).add32(u, 8);
        code.ja(advance);
        code.label(fragment);
        code.mov64(u, dst).add64(u, 8);
        code.jgt(u, end, none);
        code.ldxh(u, dst, 2);
        code.jset32(u, 0xf8ff, none);   // a later fragment: offset bits of the big-endian halfword
        code.mov32(u, 8);
        code.ja(advance);
        code.label(options);
        code.mov64(u, dst).add64(u, 2);
        code.jgt(u, end, none);
        code.ldxb(u, dst, 1).lsh32(u, 3).add32(u, 8);
        code.label(advance);
        code.ldxb(next, dst, 0);
        code.add64(dst, u);
        code.sub32(steps, 1);
        code.jne32(steps, 0, walk);
        code.label(walked);
        fc.temps.free(steps);
        finishTransport(protocol, length, dst, next, u, end, none, done);
    }

    private void finishTransport(int protocol, int length, Register dst, Register next, Register u, Register end,
                                 String none, String done) {
        code.jne32(next, protocol, none);
        code.mov64(u, dst).add64(u, length);
        code.jle(u, end, done);
        code.label(none);
        code.mov64(dst, 0);
        code.label(done);
        fc.temps.free(end);
        fc.temps.free(u);
        fc.temps.free(next);
    }

    /** The walk unrolled, for when no scratch register is left for the loop's counter. */
    private void unrolledIpv6Transport(Register ip, int protocol, int length, Register dst, Register next, Register u,
                                       Register end) {
        String none = fc.label("l4_null");
        String walked = fc.label("walked");
        String done = fc.label("l4_done");
        code.ldxb(next, ip, 6);
        code.mov64(dst, ip).add64(dst, 40);
        for (int step = 0; step < MAX_EXTENSION_HEADERS; step++) {
            String options = fc.label("ext_opt");
            String fragment = fc.label("ext_frag");
            String advance = fc.label("ext_next");
            code.jeq32(next, 0, options).jeq32(next, 43, options).jeq32(next, 60, options);
            code.jeq32(next, 44, fragment);
            code.jne32(next, 51, walked);
            // authentication header: (length + 2) * 4 bytes
            code.mov64(u, dst).add64(u, 2);
            code.jgt(u, end, none);
            code.ldxb(u, dst, 1).lsh32(u, 2).add32(u, 8);
            code.ja(advance);
            code.label(fragment);
            code.mov64(u, dst).add64(u, 8);
            code.jgt(u, end, none);
            code.ldxh(u, dst, 2);
            code.jset32(u, 0xf8ff, none);   // a later fragment: offset bits of the big-endian halfword
            code.mov32(u, 8);
            code.ja(advance);
            code.label(options);
            code.mov64(u, dst).add64(u, 2);
            code.jgt(u, end, none);
            code.ldxb(u, dst, 1).lsh32(u, 3).add32(u, 8);
            code.label(advance);
            code.ldxb(next, dst, 0);
            code.add64(dst, u);
        }
        code.label(walked);
        finishTransport(protocol, length, dst, next, u, end, none, done);
    }
}
