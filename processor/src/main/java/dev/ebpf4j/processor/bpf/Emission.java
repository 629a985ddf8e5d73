package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.SourcePosition;
import dev.ebpf4j.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;

/**
 * The instructions of one function as they are emitted, with the scratch state every emitter
 * shares: the builder, the temporaries, the stack frame, fresh labels, and where in the Java
 * source the code comes from (for line info and errors). It knows nothing of locals or of the
 * other emitters; those are passed to each emitter on their own.
 */
final class Emission {
    final CodeBuilder code = new CodeBuilder();
    final Temps temps = new Temps(() -> this.position);
    final StackFrame frame;
    private final String sourceFile;
    private int labels;
    private SourcePosition position;
    /** The statement being compiled (its first level: the lowering of a declaration's value sees the declaration). */
    Stmt statement;

    Emission(String function, SourcePosition position, String sourceFile) {
        this.frame = new StackFrame(function, position);
        this.position = position;
        this.sourceFile = sourceFile;
    }

    /** Marks the code from here on as {@code p}'s, in the line info and in errors. */
    void mark(SourcePosition p) {
        position = p;
        if (p != null && p.line() > 0) {
            code.line(p.file() == null ? sourceFile : p.file(), p.line(), Math.max(0, p.column()),
                    p.lineText() == null ? "" : p.lineText());
        }
    }

    String label(String hint) {
        return hint + "_" + labels++;
    }

    CompileException error(String problem) {
        return new CompileException(position, problem);
    }

    /** Temporaries saved to the stack around a call. */
    record Saved(List<Register> registers, List<Integer> offsets) {}

    /** Saves every live temporary but {@code except} before a call clobbers them. */
    Saved saveAround(Register except) {
        List<Register> live = temps.live(except);
        List<Integer> offsets = new ArrayList<>();
        for (Register r : live) {
            int off = frame.allocate(8);
            code.stxdw(Register.R10, off, r);
            offsets.add(off);
            temps.free(r);
        }
        return new Saved(live, offsets);
    }

    void restore(Saved saved) {
        for (int i = 0; i < saved.registers().size(); i++) {
            Register r = saved.registers().get(i);
            temps.take(r);
            temps.filled(r);
            code.ldxdw(r, Register.R10, saved.offsets().get(i));
        }
    }

    /** {@code dst = r0} after a call whose result has {@code type}. */
    void result(Register dst, Prim type) {
        if (dst == Register.R0) return;
        if (type.wide()) code.mov64(dst, Register.R0);
        else code.mov32(dst, Register.R0);
    }
}
