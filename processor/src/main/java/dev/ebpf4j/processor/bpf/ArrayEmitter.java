package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.processor.ir.ArrayType;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.StructField;
import dev.ebpf4j.processor.passes.ConstantFolder;

/**
 * Fixed-size arrays: a local array is a stack area of its own (its home's offset is its first
 * byte), zeroed or copied in when declared; elements are loads and stores at the area's offset
 * plus the index times the element size. A constant index is a constant offset. A variable index
 * (which the front end proved in range) into an array of up to {@link #CHAIN_LIMIT} elements
 * selects among the constant offsets by compares, as kernels before 5.12 refuse a stack access at
 * a variable offset; into a longer array it is bounded in its register before the pointer add
 * (masked when the length is a power of two, else clamped by a jump the proof says is never
 * taken), so a 5.12 or later verifier sees the access stay inside the area.
 */
final class ArrayEmitter {
    private final Emission emit;
    private final Homes homes;
    private final ExpressionEmitter exprs;
    private final CodeBuilder code;

    ArrayEmitter(Emission emit, Homes homes, ExpressionEmitter exprs) {
        this.emit = emit;
        this.homes = homes;
        this.exprs = exprs;
        this.code = emit.code;
    }

    /** The r10-relative offset of an array local's first byte. */
    int base(Local array) {
        Homes.Home home = homes.of(array);
        if (home.inRegister()) throw emit.error("array " + array.name() + " has no stack area");
        return home.offset();
    }

    /** {@code array = value}: zeroes the area for a new array, else copies the array value in. */
    void assign(Local array, Expr value) {
        copy(base(array), (ArrayType) array.type(), value);
    }

    /** Writes the array value {@code value} of {@code type} to the stack at {@code offset} (a local area or a struct field). */
    void copy(int offset, ArrayType type, Expr value) {
        switch (value) {
            case Expr.NewArray n -> {
                for (int at = 0; at < type.size(); ) {
                    int chunk = chunk(offset + at, 0, type.size() - at);
                    code.store(Size.ofBytes(chunk), Register.R10, offset + at, 0);
                    at += chunk;
                }
            }
            case Expr.Read(Local source) -> copyBytes(Register.R10, base(source), offset, type.size());
            case Expr.LoadField(Expr pointer, StructField field) -> {
                ExpressionEmitter.Val p = exprs.register(pointer);
                copyBytes(p.reg(), field.offset(), offset, type.size());
                exprs.release(p);
            }
            default -> throw emit.error("an array value here must be a new array, an array variable or a map value's field");
        }
    }

    /** {@code size} bytes from {@code from + fromOffset} to the stack at {@code to}, in the widest aligned pieces. */
    private void copyBytes(Register from, int fromOffset, int to, int size) {
        Register t = emit.temps.take();
        for (int at = 0; at < size; ) {
            int chunk = chunk(to + at, fromOffset + at, size - at);
            code.load(Size.ofBytes(chunk), t, from, fromOffset + at);
            code.store(Size.ofBytes(chunk), Register.R10, to + at, t);
            at += chunk;
        }
        emit.temps.free(t);
    }

    /** The widest of 8, 4, 2, 1 bytes that fits in {@code left} and keeps both addresses aligned. */
    private static int chunk(int to, int from, int left) {
        for (int chunk = 8; chunk > 1; chunk /= 2) {
            if (chunk <= left && Math.floorMod(to, chunk) == 0 && Math.floorMod(from, chunk) == 0) return chunk;
        }
        return 1;
    }

    /** {@code dst = array[index]}. */
    void load(Expr.ArrayElement element, Register dst) {
        if (!(element.array() instanceof Expr.Read(Local array))) throw emit.error("an array element must be read from an array variable");
        ArrayType type = (ArrayType) array.type();
        Expr index = ConstantFolder.fold(element.index());
        int base = base(array);
        if (index instanceof Expr.Constant(var t, long i)) {
            exprs.loadMemory(type.element(), dst, Register.R10, base + (int) i * type.element().size());
            return;
        }
        exprs.into(index, dst);
        if (chained(type)) {
            String end = emit.label("element");
            for (int k = 0; k < type.length(); k++) {
                String next = emit.label("not_" + k);
                if (k < type.length() - 1) code.jne32(dst, k, next);
                exprs.loadMemory(type.element(), dst, Register.R10, base + k * type.element().size());
                if (k < type.length() - 1) {
                    code.ja(end);
                    code.label(next);
                }
            }
            code.label(end);
            return;
        }
        address(dst, type);
        exprs.loadMemory(type.element(), dst, dst, base);
    }

    /**
     * True if a variable index into {@code type} is compiled to a chain of compares and constant
     * offsets: the kernels before 5.12 refuse a stack access at a variable offset, so every array
     * the chain keeps small (16 elements, 3 instructions each) is indexed that way; longer ones use
     * a bounded pointer add, which needs 5.12.
     */
    static boolean chained(ArrayType type) {
        return type.length() <= CHAIN_LIMIT;
    }

    static final int CHAIN_LIMIT = 16;

    /** {@code array[index] = value}. */
    void store(Local array, Expr indexExpr, Expr valueExpr) {
        ArrayType type = (ArrayType) array.type();
        Size size = Size.ofBytes(type.element().size());
        Expr index = ConstantFolder.fold(indexExpr);
        Expr value = ConstantFolder.fold(valueExpr);
        int base = base(array);
        if (index instanceof Expr.Constant(var t, long i)) {
            ExpressionEmitter.Val v = exprs.operand(value, type.element().wide());
            int at = base + (int) i * type.element().size();
            if (v.reg() != null) code.store(size, Register.R10, at, v.reg());
            else code.store(size, Register.R10, at, v.imm());
            exprs.release(v);
            return;
        }
        Register p = emit.temps.take();
        exprs.into(index, p);
        ExpressionEmitter.Val v = exprs.operand(value, type.element().wide());
        if (chained(type)) {
            String end = emit.label("stored");
            for (int k = 0; k < type.length(); k++) {
                String next = emit.label("not_" + k);
                if (k < type.length() - 1) code.jne32(p, k, next);
                int at = base + k * type.element().size();
                if (v.reg() != null) code.store(size, Register.R10, at, v.reg());
                else code.store(size, Register.R10, at, v.imm());
                if (k < type.length() - 1) {
                    code.ja(end);
                    code.label(next);
                }
            }
            code.label(end);
            emit.temps.free(p);
            exprs.release(v);
            return;
        }
        address(p, type);
        if (v.reg() != null) code.store(size, p, base, v.reg());
        else code.store(size, p, base, v.imm());
        emit.temps.free(p);
        exprs.release(v);
    }

    /** Turns the INT index in {@code r} into {@code r10 + index * element size}, bounded for the verifier. */
    private void address(Register r, ArrayType type) {
        int length = type.length();
        code.mov32(r, r); // zero-extended: the verifier knows the upper half is 0
        if (Integer.bitCount(length) == 1) {
            code.and64(r, length - 1);
        } else {
            String inRange = emit.label("in_range");
            code.jle(r, length - 1, inRange);
            code.mov64(r, 0); // never taken: the front end proved the index in range
            code.label(inRange);
        }
        int shift = Integer.numberOfTrailingZeros(type.element().size());
        if (shift > 0) code.lsh64(r, shift);
        code.add64(r, Register.R10);
    }

    /** True if {@code local} is an array, which lives in a stack area rather than a register or slot. */
    static boolean isArray(Local local) {
        return local.type() instanceof ArrayType;
    }
}
