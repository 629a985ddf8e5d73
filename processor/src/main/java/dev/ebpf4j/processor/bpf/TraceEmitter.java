package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Stmt;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code Bpf.trace}: {@code bpf_trace_printk(format, size, a, b, c)} with the format's bytes,
 * NUL-terminated, stored on the stack by immediate stores (no read-only data section to load),
 * and the arguments evaluated into stack slots first, as their evaluation may call helpers too.
 */
final class TraceEmitter {
    private static final int TRACE_PRINTK = 6;

    private final Emission emit;
    private final ExpressionEmitter exprs;
    private final CodeBuilder code;

    TraceEmitter(Emission emit, ExpressionEmitter exprs) {
        this.emit = emit;
        this.exprs = exprs;
        this.code = emit.code;
    }

    void lower(Stmt.Trace trace) {
        List<Integer> slots = new ArrayList<>();
        for (Expr argument : trace.arguments()) {
            Register t = emit.temps.take();
            exprs.into(argument, t);
            int slot = emit.frame.allocate(8);
            code.stxdw(Register.R10, slot, t);
            emit.temps.free(t);
            slots.add(slot);
        }
        byte[] text = trace.format().getBytes(StandardCharsets.US_ASCII);
        int size = text.length + 1;
        int format = emit.frame.allocate((size + 7) & ~7);
        for (int at = 0; at < size; at += 4) {
            int word = 0;
            for (int b = 0; b < 4; b++) {
                int i = at + b;
                word |= (i < text.length ? text[i] & 0xff : 0) << (8 * b);
            }
            code.stw(Register.R10, format + at, word);
        }
        Emission.Saved saved = emit.saveAround(null);
        code.mov64(Register.R1, Register.R10).add64(Register.R1, format);
        code.mov64(Register.R2, size);
        for (int i = 0; i < slots.size(); i++) code.ldxdw(Register.of(3 + i), Register.R10, slots.get(i));
        code.call(TRACE_PRINTK);
        emit.restore(saved);
    }
}
