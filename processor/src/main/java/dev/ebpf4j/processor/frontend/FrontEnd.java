package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.processor.passes.LookupReuse;

import javax.lang.model.element.ExecutableElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The front end's entry point: the attributed trees of a program class (after javac's analysis)
 * to a {@link ProgramUnit}, every entry method lowered with its callees inlined or, where
 * {@link InliningPolicy} says so, compiled once as real functions ({@link Subprograms}). Errors are
 * reported through {@link Trees#printMessage} at their exact positions; nothing is thrown.
 *
 * <pre>{@code
 * Declarations declarations = DeclarationReader.read(type, trees, sink);
 * FrontEnd.Result result = FrontEnd.compile(declarations, trees);
 * if (result.errors() == 0) write(result.unit());
 * }</pre>
 */
public final class FrontEnd {
    private FrontEnd() {
    }

    /**
     * The lowered unit and the number of errors reported; the unit is only meaningful without errors.
     *
     * @param unit   the program unit
     * @param errors how many errors were reported
     */
    public record Result(ProgramUnit unit, int errors) {
    }

    /** Lowers every entry method of the class {@code declarations} describes. */
    public static Result compile(Declarations declarations, Trees trees) {
        TreePath path = trees.getPath(declarations.type());
        CompilationUnitTree unit = path.getCompilationUnit();
        SourceUnits units = new SourceUnits(unit);
        Reporter reporter = new Reporter(trees, units);
        Positions positions = new Positions(trees, units, unit);
        List<Function> functions = new ArrayList<>();
        Subprograms subprograms = new Subprograms(trees, units, reporter, positions, declarations);
        for (Map.Entry<ExecutableElement, Hook> entry : declarations.entries().entrySet()) {
            FunctionLowering lowering = new FunctionLowering(trees, units, reporter, positions, declarations, subprograms);
            try {
                functions.add(LookupReuse.apply(lowering.lowerEntry(entry.getKey(), entry.getValue())));
            } catch (Rejected rejected) {
                // reported where it happened
            } catch (RuntimeException | StackOverflowError e) {
                reporter.error(trees.getTree(entry.getKey()), Messages.internal("the front end", e));
            }
        }
        functions.addAll(subprograms.functions()); // entry points first, then the functions they call
        return new Result(declarations.unit(functions), reporter.errors() + declarations.errors());
    }
}
