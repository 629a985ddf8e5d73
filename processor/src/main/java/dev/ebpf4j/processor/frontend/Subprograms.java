package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.passes.LookupReuse;

import javax.lang.model.element.ExecutableElement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The methods of one program class compiled as real functions (bpf-to-bpf callees): each is lowered
 * once, the first time a call of it is lowered, with a {@link FunctionLowering} of its own, and
 * shared by every caller and entry point. A method whose lowering failed is not lowered (nor
 * reported) again; a call of a method still being lowered is recursion, which the verifier refuses.
 */
final class Subprograms {
    private final Trees trees;
    private final SourceUnits units;
    private final Reporter reporter;
    private final Positions positions;
    private final Declarations declarations;
    final InliningPolicy policy;
    private final Map<ExecutableElement, Function> lowered = new LinkedHashMap<>();
    private final Map<ExecutableElement, String> names = new HashMap<>();
    private final Set<String> taken = new HashSet<>();
    private final Set<ExecutableElement> lowering = new HashSet<>();
    private final Set<ExecutableElement> failed = new HashSet<>();

    Subprograms(Trees trees, SourceUnits units, Reporter reporter, Positions positions, Declarations declarations) {
        this.trees = trees;
        this.units = units;
        this.reporter = reporter;
        this.positions = positions;
        this.declarations = declarations;
        this.policy = new InliningPolicy(trees, declarations.type());
        for (ExecutableElement entry : declarations.entries().keySet()) taken.add(entry.getSimpleName().toString());
    }

    /** The function {@code method} is compiled to, lowered now if it was not yet; {@code call} is where errors point. */
    Function function(ExecutableElement method, Tree call) {
        Function done = lowered.get(method);
        if (done != null) return done;
        if (failed.contains(method)) throw new Rejected();
        String javaName = method.getSimpleName().toString();
        if (lowering.contains(method)) throw reporter.reject(call, Messages.recursion(javaName));
        String why = InliningPolicy.whyNotCallable(method);
        if (why != null) {
            failed.add(method);
            Tree declaration = trees.getTree(method);
            throw reporter.reject(declaration == null ? call : declaration,
                    "'" + javaName + "' is marked @NoInline but cannot be compiled as a function: " + why);
        }
        lowering.add(method);
        try {
            FunctionLowering f = new FunctionLowering(trees, units, reporter, positions, declarations, this);
            Function function = LookupReuse.apply(f.lowerSubprogram(method, name(method)));
            lowered.put(method, function);
            return function;
        } catch (RuntimeException e) {
            failed.add(method);
            throw e;
        } finally {
            lowering.remove(method);
        }
    }

    /** Every function lowered, in the order their lowering finished (callees before their callers). */
    List<Function> functions() {
        return new ArrayList<>(lowered.values());
    }

    /** The symbol of {@code method}'s function: its Java name, numbered if an overload or an entry point has it. */
    private String name(ExecutableElement method) {
        return names.computeIfAbsent(method, m -> {
            String base = m.getSimpleName().toString();
            String name = base;
            for (int i = 2; !taken.add(name); i++) name = base + "_" + i;
            return name;
        });
    }
}
