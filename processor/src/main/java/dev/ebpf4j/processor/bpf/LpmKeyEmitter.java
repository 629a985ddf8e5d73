package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Intrinsic;
import dev.ebpf4j.processor.ir.IrPrinter;
import dev.ebpf4j.processor.ir.LpmKeys;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.StructField;
import dev.ebpf4j.processor.ir.StructType;

import dev.ebpf4j.processor.passes.ConstantFolder;
import java.util.List;

/**
 * The key of an LPM trie built on the stack ({@link LpmKeys}): the prefix length in host order,
 * then each address field converted to big-endian ({@code BPF_END TO_BE}, a v1 instruction) and
 * stored in the widest pieces its packed offset allows, since the verifier wants stack accesses
 * aligned: a {@code long} at offset 4 is two 4-byte stores. An IP address read from the packet is
 * big-endian already and is copied piece by piece instead.
 */
final class LpmKeyEmitter {
    private final Emission emit;
    private final ExpressionEmitter exprs;
    private final CodeBuilder code;

    LpmKeyEmitter(Emission emit, ExpressionEmitter exprs) {
        this.emit = emit;
        this.exprs = exprs;
        this.code = emit.code;
    }

    /** Evaluates the key struct value {@code e} into a fresh stack area; its r10-relative offset. */
    int store(StructType key, Expr e) {
        if (!(ConstantFolder.fold(e) instanceof Expr.StructValue value)) {
            throw emit.error("an LPM trie key must be built in place, not computed as " + IrPrinter.expression(e));
        }
        List<Expr> fields = value.fields();
        int area = emit.frame.allocate(key.size());
        List<StructField> layout = key.fields();
        for (int i = 0; i < layout.size(); i++) {
            StructField field = layout.get(i);
            Expr part = ConstantFolder.fold(fields.get(i));
            if (i == 0) {
                prefixLength(area, part);
            } else {
                bigEndian((Prim) field.type(), area, field.offset(), part);
            }
        }
        return area;
    }

    private void prefixLength(int area, Expr value) {
        if (value instanceof Expr.Constant constant) {
            code.store(Size.W, Register.R10, area, (int) constant.value());
            return;
        }
        Register t = emit.temps.take();
        exprs.into(value, t);
        code.store(Size.W, Register.R10, area, t);
        emit.temps.free(t);
    }

    /** {@code value} of {@code type} stored big-endian at {@code offset} of the 8-aligned {@code area}. */
    private void bigEndian(Prim type, int area, int offset, Expr value) {
        int size = type.size();
        if (value instanceof Expr.IntrinsicCall call && packetAddress(call.intrinsic()) instanceof Integer at
                && ((Prim) call.intrinsic().type()).size() == size) {
            copyFromPacket(call, at, size, area + offset);
            return;
        }
        Register t = emit.temps.take();
        exprs.into(value, t);
        if (size > 1) code.toBe(t, size * 8);
        // t's low bytes are now the first bytes in memory: store them, then shift the rest down
        int at = 0;
        while (at < size) {
            int piece = piece(offset + at, size - at);
            code.store(Size.ofBytes(piece), Register.R10, area + offset + at, t);
            at += piece;
            if (at < size) {
                if (size == 8) code.rsh64(t, piece * 8);
                else code.rsh32(t, piece * 8);
            }
        }
        emit.temps.free(t);
    }

    /**
     * The offset in its header of an address field that the packet holds big-endian, as the key
     * wants it; null for other intrinsics.
     */
    private static Integer packetAddress(Intrinsic intrinsic) {
        return switch (intrinsic) {
            case IPV4_SOURCE -> 12;
            case IPV4_DESTINATION -> 16;
            case IPV6_SOURCE_HIGH -> 8;
            case IPV6_SOURCE_LOW -> 16;
            case IPV6_DESTINATION_HIGH -> 24;
            case IPV6_DESTINATION_LOW -> 32;
            default -> null;
        };
    }

    /**
     * An address read from the packet copied into the key as it is: already big-endian, so no
     * swap into a register's order and back (the view is non-null here, as the front end guarantees).
     */
    private void copyFromPacket(Expr.IntrinsicCall call, int at, int size, int to) {
        ExpressionEmitter.Val header = exprs.register(call.arguments().getFirst());
        Register t = emit.temps.take();
        for (int done = 0; done < size; ) {
            int piece = piece(to + done, size - done);
            code.load(Size.ofBytes(piece), t, header.reg(), at + done);
            code.store(Size.ofBytes(piece), Register.R10, to + done, t);
            done += piece;
        }
        emit.temps.free(t);
        exprs.release(header);
    }

    /** The widest store of at most {@code remaining} bytes aligned at {@code offset}. */
    private static int piece(int offset, int remaining) {
        for (int size = 8; size > 1; size /= 2) {
            if (size <= remaining && offset % size == 0) return size;
        }
        return 1;
    }
}
