package dev.ebpf4j.processor.ir;

import java.util.List;

/**
 * A function of the program: an entry point ({@code hook} non-null; one parameter, the context;
 * returns the verdict's INT code) or a subprogram called by bpf-to-bpf calls.
 *
 * @param name       the symbol name (the Java method's name; C identifier)
 * @param hook       the hook of an entry point, null for a subprogram
 * @param parameters the parameters in order
 * @param returnType INT for entry points; a primitive or VOID for subprograms
 * @param body       the statements
 * @param position   the method's declaration
 */
public record Function(String name, Hook hook, List<Local> parameters, Prim returnType, Stmt.Block body, SourcePosition position) {
    public Function {
        parameters = List.copyOf(parameters);
    }

    /** True for an entry point. */
    public boolean entry() {
        return hook != null;
    }

    /** The signature and body, as {@link IrPrinter} prints them. */
    @Override
    public String toString() {
        return IrPrinter.function(this);
    }
}
