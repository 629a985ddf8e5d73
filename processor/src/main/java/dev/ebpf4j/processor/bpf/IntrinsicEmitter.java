package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Intrinsic;
import dev.ebpf4j.processor.ir.Prim;
import java.util.List;

/**
 * The intrinsics: context fields, header fields (big-endian in the packet, converted with
 * {@code be16/be32/be64}), views (see {@link ViewEmitter}), helpers and the JDK's byte-order and
 * unsigned methods.
 */
final class IntrinsicEmitter {
    private static final int KTIME_GET_NS = 5;
    private static final int GET_PRANDOM_U32 = 7;
    private static final int GET_SMP_PROCESSOR_ID = 8;

    private final Emission emit;
    private final Locals locals;
    private final ExpressionEmitter exprs;
    private final ViewEmitter views;
    private final CodeBuilder code;

    IntrinsicEmitter(Emission emit, Locals locals, ExpressionEmitter exprs, ViewEmitter views) {
        this.emit = emit;
        this.locals = locals;
        this.exprs = exprs;
        this.views = views;
        this.code = emit.code;
    }

    /** A header field: its offset and width in bytes (6 for a MAC address). */
    private record Field(int offset, int width) {}

    private static Field field(Intrinsic i) {
        return switch (i) {
            case ETHERNET_DESTINATION -> new Field(0, 6);
            case ETHERNET_SOURCE -> new Field(6, 6);
            case ETHERNET_ETHER_TYPE -> new Field(12, 2);
            case IPV4_TOS -> new Field(1, 1);
            case IPV4_TOTAL_LENGTH -> new Field(2, 2);
            case IPV4_IDENTIFICATION -> new Field(4, 2);
            case IPV4_TTL -> new Field(8, 1);
            case IPV4_PROTOCOL -> new Field(9, 1);
            case IPV4_CHECKSUM -> new Field(10, 2);
            case IPV4_SOURCE -> new Field(12, 4);
            case IPV4_DESTINATION -> new Field(16, 4);
            case IPV6_PAYLOAD_LENGTH -> new Field(4, 2);
            case IPV6_NEXT_HEADER -> new Field(6, 1);
            case IPV6_HOP_LIMIT -> new Field(7, 1);
            case IPV6_SOURCE_HIGH -> new Field(8, 8);
            case IPV6_SOURCE_LOW -> new Field(16, 8);
            case IPV6_DESTINATION_HIGH -> new Field(24, 8);
            case IPV6_DESTINATION_LOW -> new Field(32, 8);
            case TCP_SOURCE_PORT, UDP_SOURCE_PORT -> new Field(0, 2);
            case TCP_DESTINATION_PORT, UDP_DESTINATION_PORT -> new Field(2, 2);
            case TCP_SEQUENCE_NUMBER -> new Field(4, 4);
            case TCP_ACKNOWLEDGMENT_NUMBER -> new Field(8, 4);
            case TCP_FLAGS -> new Field(13, 1);
            case TCP_WINDOW -> new Field(14, 2);
            case TCP_CHECKSUM -> new Field(16, 2);
            case TCP_URGENT_POINTER -> new Field(18, 2);
            case UDP_LENGTH -> new Field(4, 2);
            case UDP_CHECKSUM -> new Field(6, 2);
            default -> null;
        };
    }

    /** A flag bit: the byte's offset in the header and the mask. */
    private record Flag(int offset, int mask) {}

    private static Flag flag(Intrinsic i) {
        return switch (i) {
            case IPV4_DONT_FRAGMENT -> new Flag(6, 0x40);
            case IPV4_MORE_FRAGMENTS -> new Flag(6, 0x20);
            case TCP_FIN -> new Flag(13, 0x01);
            case TCP_SYN -> new Flag(13, 0x02);
            case TCP_RST -> new Flag(13, 0x04);
            case TCP_PSH -> new Flag(13, 0x08);
            case TCP_ACK -> new Flag(13, 0x10);
            case TCP_URG -> new Flag(13, 0x20);
            default -> null;
        };
    }

    void intrinsic(Expr.IntrinsicCall call, Register dst) {
        Intrinsic i = call.intrinsic();
        List<Expr> args = call.arguments();
        ExpressionEmitter ex = exprs;
        Field f = field(i);
        if (f != null) {
            ExpressionEmitter.Val p = ex.register(args.getFirst());
            readField(p.reg(), f, dst);
            ex.release(p);
            return;
        }
        Flag flag = flag(i);
        if (flag != null) {
            ExpressionEmitter.Val p = ex.register(args.getFirst());
            code.ldxb(dst, p.reg(), flag.offset());
            int shift = Integer.numberOfTrailingZeros(flag.mask());
            if (shift > 0) code.rsh32(dst, shift);
            code.and32(dst, 1);
            ex.release(p);
            return;
        }
        if (TcpOptionEmitter.handles(i)) {
            ExpressionEmitter.Val tcp = ex.register(args.getFirst());
            new TcpOptionEmitter(emit, locals).lower(i, tcp.reg(), dst);
            ex.release(tcp);
            return;
        }
        switch (i) {
            case NANO_TIME -> helper(KTIME_GET_NS, Prim.LONG, dst);
            case RANDOM -> helper(GET_PRANDOM_U32, Prim.INT, dst);
            case CPU -> helper(GET_SMP_PROCESSOR_ID, Prim.INT, dst);
            case REVERSE_BYTES_INT -> {
                ex.into(args.getFirst(), dst);
                code.toBe(dst, 32);
            }
            case REVERSE_BYTES_LONG -> {
                ex.into(args.getFirst(), dst);
                code.toBe(dst, 64);
            }
            case REVERSE_BYTES_CHAR -> {
                ex.into(args.getFirst(), dst);
                code.toBe(dst, 16);
            }
            case REVERSE_BYTES_SHORT -> {
                ex.into(args.getFirst(), dst);
                code.toBe(dst, 16);
                ex.convert(dst, Prim.INT, Prim.SHORT);
            }
            case INT_TO_UNSIGNED_LONG -> {
                ex.into(args.getFirst(), dst);
                code.mov32(dst, dst);
            }
            case INT_COMPARE_UNSIGNED, LONG_COMPARE_UNSIGNED -> compareUnsigned(i == Intrinsic.LONG_COMPARE_UNSIGNED, args, dst);
            case XDP_LENGTH -> {
                ExpressionEmitter.Val ctx = ex.register(args.getFirst());
                Register t = emit.temps.take();
                code.ldxw(t, ctx.reg(), 4);
                code.ldxw(dst, ctx.reg(), 0);
                code.sub64(t, dst);
                code.mov32(dst, t);
                emit.temps.free(t);
                ex.release(ctx);
            }
            case XDP_INGRESS_INTERFACE -> contextField(args, 12, dst);
            case XDP_RX_QUEUE -> contextField(args, 16, dst);
            case TC_LENGTH, SOCKET_LENGTH -> contextField(args, 0, dst);
            case TC_MARK -> contextField(args, 8, dst);
            case TC_VLAN_PRESENT -> contextField(args, 20, dst); // the kernel's conversion yields 0 or 1
            case XDP_ETHERNET, TC_ETHERNET -> views.ethernet(dst);
            case ETHERNET_IPV4, ETHERNET_IPV6 -> {
                ExpressionEmitter.Val eth = ex.register(args.getFirst());
                views.network(eth.reg(), i == Intrinsic.ETHERNET_IPV4 ? 0x0800 : 0x86DD, dst);
                ex.release(eth);
            }
            case IPV4_TCP, IPV4_UDP -> {
                ExpressionEmitter.Val ip = ex.register(args.getFirst());
                boolean tcp = i == Intrinsic.IPV4_TCP;
                views.ipv4Transport(ip.reg(), tcp ? 6 : 17, tcp ? 20 : 8, dst);
                ex.release(ip);
            }
            case IPV6_TCP, IPV6_UDP -> {
                ExpressionEmitter.Val ip = ex.register(args.getFirst());
                boolean tcp = i == Intrinsic.IPV6_TCP;
                views.ipv6Transport(ip.reg(), tcp ? 6 : 17, tcp ? 20 : 8, dst);
                ex.release(ip);
            }
            case IPV4_HEADER_LENGTH -> {
                ExpressionEmitter.Val p = ex.register(args.getFirst());
                code.ldxb(dst, p.reg(), 0).and32(dst, 0x0f).lsh32(dst, 2);
                ex.release(p);
            }
            case IPV4_FRAGMENT_OFFSET -> {
                ExpressionEmitter.Val p = ex.register(args.getFirst());
                code.ldxh(dst, p.reg(), 6).toBe(dst, 16).and32(dst, 0x1fff);
                ex.release(p);
            }
            case IPV6_TRAFFIC_CLASS -> {
                ExpressionEmitter.Val p = ex.register(args.getFirst());
                code.ldxh(dst, p.reg(), 0).toBe(dst, 16).rsh32(dst, 4).and32(dst, 0xff);
                ex.release(p);
            }
            case IPV6_FLOW_LABEL -> {
                ExpressionEmitter.Val p = ex.register(args.getFirst());
                code.ldxw(dst, p.reg(), 0).toBe(dst, 32).and32(dst, 0xfffff);
                ex.release(p);
            }
            case TCP_HEADER_LENGTH -> {
                ExpressionEmitter.Val p = ex.register(args.getFirst());
                code.ldxb(dst, p.reg(), 12).rsh32(dst, 4).lsh32(dst, 2);
                ex.release(p);
            }
            default -> throw new IllegalStateException("intrinsic " + i + " has no lowering");
        }
    }

    /** Conditions on a flag bit jump on the bit itself: {@code jset}. False if {@code c} is no flag. */
    boolean branch(Expr c, boolean when, String label) {
        if (!(c instanceof Expr.IntrinsicCall(var i, var args)) || flag(i) == null) return false;
        Flag flag = flag(i);
        ExpressionEmitter.Val p = exprs.register(args.getFirst());
        Register t = emit.temps.take();
        code.ldxb(t, p.reg(), flag.offset());
        if (when) code.jset32(t, flag.mask(), label);
        else code.and32(t, flag.mask()).jeq32(t, 0, label);
        emit.temps.free(t);
        exprs.release(p);
        return true;
    }

    private void readField(Register p, Field f, Register dst) {
        switch (f.width()) {
            case 1 -> code.ldxb(dst, p, f.offset());
            case 2 -> code.ldxh(dst, p, f.offset()).toBe(dst, 16);
            case 4 -> code.ldxw(dst, p, f.offset()).toBe(dst, 32);
            case 8 -> code.ldxdw(dst, p, f.offset()).toBe(dst, 64);
            case 6 -> {
                Register t = emit.temps.take();
                code.ldxh(dst, p, f.offset()).toBe(dst, 16).lsh64(dst, 32);
                code.ldxw(t, p, f.offset() + 2).toBe(t, 32);
                code.or64(dst, t);
                emit.temps.free(t);
            }
            default -> throw new IllegalStateException("field width " + f.width());
        }
    }

    private void contextField(List<Expr> args, int offset, Register dst) {
        ExpressionEmitter.Val ctx = exprs.register(args.getFirst());
        code.ldxw(dst, ctx.reg(), offset);
        exprs.release(ctx);
    }

    private void compareUnsigned(boolean wide, List<Expr> args, Register dst) {
        // The first operand is evaluated into dst itself, which is written only after both
        // comparisons: one scratch register fewer than a separate result.
        exprs.into(args.get(0), dst);
        ExpressionEmitter.Val b = exprs.operand(args.get(1), wide);
        String equal = emit.label("cmpu_eq");
        String less = emit.label("cmpu_lt");
        String done = emit.label("cmpu");
        code.jump(wide, dev.ebpf4j.asm.JumpOp.JEQ, dst, b.operand(), equal);
        code.jump(wide, dev.ebpf4j.asm.JumpOp.JLT, dst, b.operand(), less);
        code.mov32(dst, 1);
        code.ja(done);
        code.label(equal);
        code.mov32(dst, 0);
        code.ja(done);
        code.label(less);
        code.mov32(dst, -1);
        code.label(done);
        exprs.release(b);
    }

    /** A helper without arguments; its result in {@code dst}. */
    void helper(int number, Prim type, Register dst) {
        Emission.Saved saved = emit.saveAround(dst);
        code.call(number);
        emit.result(dst, type);
        emit.restore(saved);
    }
}
