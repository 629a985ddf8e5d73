package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.JumpOp;
import dev.ebpf4j.asm.Operand;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.Intrinsic;

/**
 * The packet views: each computes a packet pointer or null exactly as the Java classes of
 * {@code dev.ebpf4j.program.net} decide, in the shapes the verifier accepts — a candidate pointer
 * plus the bytes needed compared with {@code data_end} (so the same pointer id gets its range),
 * variable header lengths masked to their few bits, the VLAN tags unrolled and the IPv6
 * extension-header walk a loop of at most six rounds. A caller may fuse its null test into the
 * view's checks ({@link Exit}), and a later network view of the same Ethernet header may start past
 * the tags an earlier one stepped over ({@link NetworkCache}).
 *
 * <p>Loads of 16-bit fields that are only tested (fragment offsets, EtherTypes) use the raw
 * little-endian halfword with a swapped mask or constant instead of a byte swap. Later views bound
 * their checks with the {@code data_end} the Ethernet view kept ({@link PacketEnd}).
 */
final class ViewEmitter {
    static final int ETH_LENGTH = 14;
    private static final int VLAN = 0x8100;
    private static final int QINQ = 0x88A8;
    private static final int MAX_VLAN_TAGS = 2;
    private static final int MAX_EXTENSION_HEADERS = 6;

    private final Emission emit;
    private final Locals locals;
    private final ExpressionEmitter exprs;
    private final CodeBuilder code;

    /**
     * Where a view goes when it is done. {@link #NORMAL}: falls through with {@code dst} the pointer
     * or null. With a label, the caller's null test is fused into the view's own checks and
     * {@code dst} is left unset on the null path: {@code onSuccess} jumps to the label with the
     * pointer and falls through when null; otherwise every failed check jumps to the label and the
     * pointer falls through.
     */
    record Exit(String label, boolean onSuccess) {
        static final Exit NORMAL = new Exit(null, false);
    }

    /** The label a failed check jumps to. */
    private String none(Exit exit) {
        return exit.label() != null && !exit.onSuccess() ? exit.label() : emit.label("view_null");
    }

    /**
     * The last check: the view's pointer in {@code dst} is good if {@code a op b} holds (64-bit if
     * {@code wide}); its failed checks so far went to {@code none}. Leaves as {@code exit} says.
     */
    private void finish(Exit exit, Register dst, boolean wide, JumpOp op, Register a, Operand b, String none) {
        if (exit.label() == null) {
            String done = emit.label("view_done");
            code.jump(wide, op, a, b, done);
            code.label(none);
            code.mov64(dst, 0);
            code.label(done);
        } else if (exit.onSuccess()) {
            code.jump(wide, op, a, b, exit.label());
            code.label(none);
        } else {
            code.jump(wide, CodeCleanup.negation(op), a, b, none);
        }
    }

    private static int swap16(int value) {
        return Integer.reverseBytes(value) >>> 16;
    }

    ViewEmitter(Emission emit, Locals locals, ExpressionEmitter exprs) {
        this.emit = emit;
        this.locals = locals;
        this.exprs = exprs;
        this.code = emit.code;
    }

    private int dataOffset() {
        return locals.hook() == Hook.XDP ? 0 : 76;
    }

    private int dataEndOffset() {
        return locals.hook() == Hook.XDP ? 4 : 80;
    }

    private void requirePacketHook() {
        Hook hook = locals.hook();
        if (hook == null || hook == Hook.SOCKET_FILTER) {
            throw emit.error("packet views need an XDP or tc context (socket filters cannot read the packet directly)");
        }
    }

    /** True if {@code e} is a view accessor {@link #view} lowers. */
    static boolean isView(Expr e) {
        return e instanceof Expr.IntrinsicCall(var i, var args) && switch (i) {
            case XDP_ETHERNET, TC_ETHERNET, ETHERNET_IPV4, ETHERNET_IPV6, IPV4_TCP, IPV4_UDP, IPV6_TCP, IPV6_UDP -> true;
            default -> false;
        };
    }

    /** The view accessor {@code call} (see {@link #isView}) into {@code dst}, leaving as {@code exit} says. */
    void view(Expr.IntrinsicCall call, Register dst, Exit exit) {
        Intrinsic i = call.intrinsic();
        if (i == Intrinsic.XDP_ETHERNET || i == Intrinsic.TC_ETHERNET) {
            ethernet(dst, exit);
            return;
        }
        ExpressionEmitter.Val parent = exprs.register(call.arguments().getFirst());
        switch (i) {
            case ETHERNET_IPV4 -> network(parent.reg(), 0x0800, dst, exit);
            case ETHERNET_IPV6 -> network(parent.reg(), 0x86DD, dst, exit);
            case IPV4_TCP -> ipv4Transport(parent.reg(), 6, 20, dst, exit);
            case IPV4_UDP -> ipv4Transport(parent.reg(), 17, 8, dst, exit);
            case IPV6_TCP -> ipv6Transport(parent.reg(), 6, 20, dst, exit);
            case IPV6_UDP -> ipv6Transport(parent.reg(), 17, 8, dst, exit);
            default -> throw new IllegalStateException("no view: " + i);
        }
        exprs.release(parent);
    }

    /**
     * {@code data_end} in a register: the {@link PacketEnd} local's home once the Ethernet view
     * filled it, else a new temporary loaded from there or from the context. Callers free it with
     * {@code temps.free}, which leaves a home alone.
     */
    Register dataEnd() {
        requirePacketHook();
        if (locals.packetEndHeld) {
            Homes.Home home = locals.homes.of(locals.packetEnd.local());
            if (home.inRegister()) return home.register();
            Register end = emit.temps.take();
            code.ldxdw(end, Register.R10, home.offset());
            return end;
        }
        Register end = emit.temps.take();
        Register ctx = locals.contextIn(end);
        code.ldxw(end, ctx, dataEndOffset());
        return end;
    }

    /** {@code dst = data}, or null if the Ethernet header does not fit. */
    void ethernet(Register dst) {
        ethernet(dst, Exit.NORMAL);
    }

    void ethernet(Register dst, Exit exit) {
        requirePacketHook();
        Register end;
        if (locals.packetEnd.produces(emit.statement) && !locals.packetEndHeld) {
            // data after data_end: data_end may go to the context's register (then dead), never dst's.
            Register scratch = emit.temps.take();
            Register ctx = locals.contextIn(scratch);
            Homes.Home home = locals.homes.of(locals.packetEnd.local());
            end = home.inRegister() ? home.register() : scratch;
            if (ctx == dst) {
                // Only where the context stays in r1 and the view goes there too: never end's.
                code.ldxw(end, ctx, dataEndOffset());
                code.ldxw(dst, ctx, dataOffset());
            } else {
                code.ldxw(dst, ctx, dataOffset());
                code.ldxw(end, ctx, dataEndOffset());
            }
            if (!home.inRegister()) code.stxdw(Register.R10, home.offset(), end);
            else emit.temps.free(scratch);
            locals.packetEndHeld = true;
        } else {
            end = dataEnd();
            Register ctx = locals.contextIn(dst);
            code.ldxw(dst, ctx, dataOffset());
        }
        Register t = emit.temps.take();
        code.mov64(t, dst).add64(t, ETH_LENGTH);
        finish(exit, dst, true, JumpOp.JLE, t, Operand.of(end), none(exit));
        emit.temps.free(t);
        emit.temps.free(end);
    }

    /**
     * {@code dst} = the network header after {@code eth} and up to two VLAN tags if its EtherType
     * is {@code etherType} and it passes the IPv4 or IPv6 checks; null otherwise.
     */
    void network(Register eth, int etherType, Register dst) {
        network(eth, etherType, dst, Exit.NORMAL);
    }

    void network(Register eth, int etherType, Register dst, Exit exit) {
        Register end = dataEnd();
        Register type = emit.temps.take();
        Register q = emit.temps.take();
        String none = none(exit);
        String tagsDone = emit.label("tags_done");
        dev.ebpf4j.processor.ir.Local cached = locals.network.consumes(emit.statement);
        dev.ebpf4j.processor.ir.Local caching = locals.network.produces(emit.statement);
        String matched = emit.label("ether_type");
        // EtherTypes are only compared for equality: against byte-swapped constants, so the raw
        // little-endian halfword needs no swap.
        int wanted = swap16(etherType);
        if (cached != null) {
            // An earlier view of this Ethernet header stepped over the tags already; the EtherType
            // before its pointer is the one after the tags, or a tag's if the walk fell short.
            locals.load(cached, dst);
            code.ldxh(type, dst, -2);
        } else {
            code.ldxh(type, eth, 12);
            code.mov64(dst, eth).add64(dst, ETH_LENGTH);
            if (caching != null) locals.store(caching, dst);
            code.jeq32(type, wanted, matched);   // untagged: the common case first
            for (int tag = 0; tag < MAX_VLAN_TAGS; tag++) {
                String tagged = emit.label("vlan");
                code.jeq32(type, swap16(VLAN), tagged);
                // Untagged and not the wanted type: nothing to do at tagsDone.
                code.jne32(type, swap16(QINQ), tag == 0 ? none : tagsDone);
                code.label(tagged);
                code.mov64(q, dst).add64(q, 4);
                code.jgt(q, end, none);
                code.ldxh(type, dst, 2);
                code.mov64(dst, q);
            }
            code.label(tagsDone);
            if (caching != null) locals.store(caching, dst);
        }
        code.jne32(type, wanted, none);
        code.label(matched);
        if (etherType == 0x0800) {
            code.mov64(q, dst).add64(q, 20);
            code.jgt(q, end, none);
            code.ldxb(type, dst, 0);
            code.mov32(q, type).rsh32(q, 4);
            code.jne32(q, 4, none);
            code.and32(type, 0x0f).lsh32(type, 2);
            code.jlt32(type, 20, none);
            code.mov64(q, dst).add64(q, type);
            finish(exit, dst, true, JumpOp.JLE, q, Operand.of(end), none);
        } else {
            code.mov64(q, dst).add64(q, 40);
            code.jgt(q, end, none);
            code.ldxb(type, dst, 0).rsh32(type, 4);
            finish(exit, dst, false, JumpOp.JEQ, type, Operand.of(6), none);
        }
        emit.temps.free(q);
        emit.temps.free(type);
        emit.temps.free(end);
    }

    /** {@code dst} = the TCP ({@code protocol} 6) or UDP (17) header after the IPv4 header {@code ip}, or null. */
    void ipv4Transport(Register ip, int protocol, int length, Register dst) {
        ipv4Transport(ip, protocol, length, dst, Exit.NORMAL);
    }

    void ipv4Transport(Register ip, int protocol, int length, Register dst, Exit exit) {
        Register t = emit.temps.take();
        String none = none(exit);
        code.ldxb(t, ip, 9);
        code.jne32(t, protocol, none);
        code.ldxh(t, ip, 6);
        code.jset32(t, 0xff1f, none);   // fragment offset != 0, tested on the raw little-endian halfword
        code.ldxb(t, ip, 0).and32(t, 0x0f).lsh32(t, 2);
        code.mov64(dst, ip).add64(dst, t);
        Register end = dataEnd();
        code.mov64(t, dst).add64(t, length);
        finish(exit, dst, true, JumpOp.JLE, t, Operand.of(end), none);
        emit.temps.free(end);
        emit.temps.free(t);
    }

    /**
     * {@code dst} = the TCP or UDP header after the IPv6 header {@code ip} and at most six extension
     * headers, or null. The walk is a loop counted down from six, which the verifier bounds by
     * exploring each iteration (a tenth of the unrolled walk's size); unrolled only when no scratch
     * register is left for the counter.
     */
    void ipv6Transport(Register ip, int protocol, int length, Register dst) {
        ipv6Transport(ip, protocol, length, dst, Exit.NORMAL);
    }

    void ipv6Transport(Register ip, int protocol, int length, Register dst, Exit exit) {
        Register next = emit.temps.take();
        Register u = emit.temps.take();
        Register end = dataEnd();
        Register steps = emit.temps.tryTake();
        if (steps == null) {
            unrolledIpv6Transport(ip, protocol, length, dst, next, u, end, exit);
            return;
        }
        String none = none(exit);
        String walk = emit.label("ext_walk");
        String walked = emit.label("walked");
        code.ldxb(next, ip, 6);
        code.mov64(dst, ip).add64(dst, 40);
        code.mov32(steps, MAX_EXTENSION_HEADERS);
        code.label(walk);
        extensionHeaderStep(dst, next, u, end, none, walked);
        code.sub32(steps, 1);
        code.jne32(steps, 0, walk);
        code.label(walked);
        emit.temps.free(steps);
        finishTransport(protocol, length, dst, next, u, end, none, exit);
    }

    /**
     * One extension header of the IPv6 walk: {@code next} is its type and {@code dst} points at it;
     * a header that is no extension goes to {@code walked}, one that does not fit or a later
     * fragment to {@code none}; otherwise {@code dst} steps over it and {@code next} is the next type.
     */
    private void extensionHeaderStep(Register dst, Register next, Register u, Register end, String none, String walked) {
        String options = emit.label("ext_opt");
        String fragment = emit.label("ext_frag");
        String advance = emit.label("ext_next");
        code.jeq32(next, 0, options).jeq32(next, 43, options).jeq32(next, 60, options);
        code.jeq32(next, 44, fragment);
        code.jne32(next, 51, walked);
        // authentication header: (length + 2) * 4 bytes
        code.mov64(u, dst).add64(u, 2);
        code.jgt(u, end, none);
        code.ldxb(u, dst, 1).lsh32(u, 2);
        code.ja(advance);
        code.label(fragment);
        code.mov64(u, dst).add64(u, 8);
        code.jgt(u, end, none);
        code.ldxh(u, dst, 2);
        code.jset32(u, 0xf8ff, none);   // a later fragment: offset bits of the big-endian halfword
        code.mov32(u, 0);
        code.ja(advance);
        code.label(options);
        code.mov64(u, dst).add64(u, 2);
        code.jgt(u, end, none);
        code.ldxb(u, dst, 1).lsh32(u, 3);
        code.label(advance);
        // Every header's 8 fixed bytes go to the pointer's constant offset, apart from its
        // variable part: the verifier then finds more walks alike and prunes more of them.
        code.ldxb(next, dst, 0);
        code.add64(dst, u).add64(dst, 8);
    }

    private void finishTransport(int protocol, int length, Register dst, Register next, Register u, Register end,
                                 String none, Exit exit) {
        code.jne32(next, protocol, none);
        code.mov64(u, dst).add64(u, length);
        finish(exit, dst, true, JumpOp.JLE, u, Operand.of(end), none);
        emit.temps.free(end);
        emit.temps.free(u);
        emit.temps.free(next);
    }

    /** The walk unrolled, for when no scratch register is left for the loop's counter. */
    private void unrolledIpv6Transport(Register ip, int protocol, int length, Register dst, Register next, Register u,
                                       Register end, Exit exit) {
        String none = none(exit);
        String walked = emit.label("walked");
        code.ldxb(next, ip, 6);
        code.mov64(dst, ip).add64(dst, 40);
        for (int step = 0; step < MAX_EXTENSION_HEADERS; step++) extensionHeaderStep(dst, next, u, end, none, walked);
        code.label(walked);
        finishTransport(protocol, length, dst, next, u, end, none, exit);
    }
}
