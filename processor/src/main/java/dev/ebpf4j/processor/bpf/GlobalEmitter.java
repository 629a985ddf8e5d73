package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.GlobalDecl;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.passes.ConstantFolder;

/**
 * Loads, stores and atomic adds of global variables: the variable's address comes from an
 * {@code ld_imm64} of its symbol (a {@code BPF_PSEUDO_MAP_VALUE} the loader points into the
 * section's array map), as clang emits it, and the access goes through that pointer. A load of a
 * frozen {@code .rodata} variable is one the verifier reads as a known constant.
 */
final class GlobalEmitter {
    private final Emission emit;
    private final ExpressionEmitter exprs;
    private final CodeBuilder code;

    GlobalEmitter(Emission emit, ExpressionEmitter exprs) {
        this.emit = emit;
        this.exprs = exprs;
        this.code = emit.code;
    }

    /** {@code dst = global}. */
    void load(GlobalDecl global, Register dst) {
        code.ldGlobal(dst, global.name(), 0);
        exprs.loadMemory(global.type(), dst, dst, 0);
    }

    /** {@code global = value}: a store of an immediate when the value is a small constant. */
    void store(GlobalDecl global, Expr value) {
        Size size = Size.ofBytes(global.type().size());
        Expr folded = ConstantFolder.fold(value);
        Register address = emit.temps.take();
        if (folded instanceof Expr.Constant(var t, long v) && v == (int) v) {
            code.ldGlobal(address, global.name(), 0);
            code.store(size, address, 0, (int) v);
        } else {
            ExpressionEmitter.Val v = exprs.register(folded);
            code.ldGlobal(address, global.name(), 0);
            code.store(size, address, 0, v.reg());
            exprs.release(v);
        }
        emit.temps.free(address);
    }

    /**
     * {@code global += delta} in one atomic step. With {@code dst} the old value lands there (an
     * atomic fetch-and-add, kernel 5.12); without, it is the {@code lock xadd} every kernel has.
     */
    void add(GlobalDecl global, Expr delta, Register dst) {
        Size size = global.type() == Prim.LONG ? Size.DW : Size.W;
        Register value = dst != null ? dst : emit.temps.take();
        exprs.into(delta, value);
        Register address = emit.temps.take();
        code.ldGlobal(address, global.name(), 0);
        code.atomic(size, dev.ebpf4j.asm.AtomicOp.ADD, dst != null, address, 0, value);
        emit.temps.free(address);
        if (dst == null) emit.temps.free(value);
    }
}
