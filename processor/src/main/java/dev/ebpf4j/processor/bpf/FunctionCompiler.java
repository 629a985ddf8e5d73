package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.Code;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.processor.passes.BranchOnResults;
import dev.ebpf4j.processor.passes.EarlyTransportReads;
import dev.ebpf4j.processor.passes.InlineCleanup;
import dev.ebpf4j.processor.passes.LazyValueCopies;
import dev.ebpf4j.processor.passes.ShortCircuitBranches;
import java.util.List;

/**
 * The code of one function: sets up its {@link Emission} and {@link Locals}, wires the emitters
 * to the collaborators each one uses, and runs them over the body.
 */
final class FunctionCompiler {
    private FunctionCompiler() {
    }

    /** A function's instructions and the bytes of stack its frame uses. */
    record Compiled(Code code, int stackDepth) {}

    /** The instructions of {@code function}, with line marks. */
    static Code compile(ProgramUnit unit, Function function) {
        return compileFunction(unit, function).code();
    }

    /** The instructions of {@code function} and its frame's depth (the verifier sums the frames of a call chain). */
    static Compiled compileFunction(ProgramUnit unit, Function function) {
        if (function.parameters().size() > 5) {
            throw new CompileException(function.position(), "function " + function.name() + " has "
                    + function.parameters().size() + " parameters; a bpf-to-bpf call passes at most 5");
        }
        Function cleaned = LazyValueCopies.apply(EarlyTransportReads.apply(BranchOnResults.apply(ShortCircuitBranches.apply(InlineCleanup.apply(function)))));
        // Locals that no call outlives may also live in caller-saved registers, which the
        // temporaries then do without: fewer spills of what calls outlive, though an expression
        // that needs more temporaries is split or refused. Each offer is compiled; the shortest
        // code is kept.
        Compiled best = null;
        for (List<Register> offer : CALLER_SAVED_OFFERS) {
            try {
                Compiled other = compileFunction(unit, cleaned, offer);
                if (best == null || other.code().instructions().size() < best.code().instructions().size()) best = other;
            } catch (CompileException tooFewTemporaries) {
                if (offer.isEmpty()) throw tooFewTemporaries;
                // this function's expressions need more temporaries: it keeps another offer
            }
        }
        return best;
    }

    /** The caller-saved registers offered to locals no call outlives, in the order tried (the first offers none). */
    private static final List<List<Register>> CALLER_SAVED_OFFERS = List.of(
            List.of(),
            List.of(Register.R5, Register.R4),
            List.of(Register.R5, Register.R4, Register.R3));

    private static Compiled compileFunction(ProgramUnit unit, Function cleaned, List<Register> callerSaved) {
        Emission emit = new Emission(cleaned.name(), cleaned.position(), unit.sourceFile());
        // Before the locals' homes: a call that finds its key in its area reads none of the key's locals.
        KeyAreas keys = new KeyAreas(cleaned, emit.frame);
        Locals locals = new Locals(cleaned, emit, keys, callerSaved);
        ExpressionEmitter exprs = new ExpressionEmitter(emit, locals, unit);
        ViewEmitter views = new ViewEmitter(emit, locals, exprs);
        ArrayEmitter arrays = new ArrayEmitter(emit, locals.homes, exprs);
        exprs.connect(new IntrinsicEmitter(emit, locals, exprs, views), new MapEmitter(emit, locals.homes, exprs, arrays, keys), arrays);
        prologue(cleaned, emit, locals);
        new StatementEmitter(emit, locals, cleaned, exprs, views, arrays).body(cleaned.body());
        boolean returnsValue = cleaned.entry() || cleaned.returnType() != Prim.VOID;
        return new Compiled(CodeCleanup.clean(emit.code.build(), returnsValue), emit.frame.maxDepth());
    }

    /** Moves the parameters from r1–r5 to their homes, unless the context may stay in r1. */
    private static void prologue(Function function, Emission emit, Locals locals) {
        if (function.position() != null) emit.mark(function.position());
        List<Local> params = function.parameters();
        if (locals.packetEnd.contextOnlyInR1()) return;
        for (int i = 0; i < params.size(); i++) {
            locals.store(params.get(i), Register.of(i + 1));
        }
    }
}
