package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.ebpf4j.program.Inline;
import dev.ebpf4j.program.NoInline;

import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Decides, per static method of the program class, whether its calls are inlined or compiled as
 * bpf-to-bpf calls of one real function. Inlining lets the caller's constants and checked views
 * into the body and costs nothing per call; a call costs the argument moves and the
 * {@code call}/{@code exit} pair but the body comes once. So a method becomes a function when the
 * user asks ({@link NoInline}), or when it is called from at least {@link #MIN_CALL_SITES} places
 * and weighs at least {@link #MIN_WEIGHT} tree nodes (its body plus the bodies inlined into it, a
 * map operation counted as {@link #MAP_OPERATION_WEIGHT}),
 * and in both cases only if its signature is one a function can have ({@link #whyNotCallable});
 * on its own only where the body indexes no array ({@link #mayNeedCallersConstants}).
 * Call sites are counted in the source: a call inside a method that is itself inlined twice
 * counts once.
 */
final class InliningPolicy {
    /** Fewer call sites than this: one copy of the body is what a call would cost anyway. */
    static final int MIN_CALL_SITES = 2;
    /**
     * Lighter bodies than this (tree nodes, about two per eBPF instruction) fold into their callers
     * for less than a call's argument moves, spills and the lost constant propagation cost.
     */
    static final int MIN_WEIGHT = 60;
    /**
     * What a map operation adds to a body's weight: a few tree nodes, but a dozen instructions or
     * more (the key on the stack, the map's address, the helper call, its null test; an increment
     * falls back to an update). {@code PortFilter.verdict}, a lookup and an increment called from
     * two places, is 198 xlated instructions inlined and 162 as a function.
     */
    static final int MAP_OPERATION_WEIGHT = 24;

    private final Trees trees;
    private final TypeElement program;
    private final Map<ExecutableElement, Integer> callSites = new HashMap<>();
    private final Map<ExecutableElement, Integer> weights = new HashMap<>();
    private final Set<ExecutableElement> weighing = new HashSet<>();

    InliningPolicy(Trees trees, TypeElement program) {
        this.trees = trees;
        this.program = program;
        ClassTree tree = trees.getTree(program);
        TreePath path = trees.getPath(program);
        new TreePathScanner<Void, Void>() {
            private ExecutableElement enclosing;

            @Override
            public Void visitMethod(MethodTree node, Void unused) {
                ExecutableElement outer = enclosing;
                enclosing = (ExecutableElement) trees.getElement(getCurrentPath());
                try {
                    return super.visitMethod(node, unused);
                } finally {
                    enclosing = outer;
                }
            }

            @Override
            public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
                Element callee = trees.getElement(getCurrentPath());
                if (callee instanceof ExecutableElement method && isProgramMethod(method) && !method.equals(enclosing)) {
                    callSites.merge(method, 1, Integer::sum);
                }
                return super.visitMethodInvocation(node, unused);
            }
        }.scan(new TreePath(path.getParentPath(), tree), null);
    }

    /** True for a static method of the program class itself (the only methods a program calls of its own). */
    boolean isProgramMethod(ExecutableElement method) {
        return method.getEnclosingElement().equals(program);
    }

    /** True if calls of {@code method} are compiled as bpf-to-bpf calls; the caller has checked {@link #whyNotCallable} for {@link NoInline}. */
    boolean callsAsFunction(ExecutableElement method) {
        if (trees.getTree(method) == null) return false; // no source: the inliner says why it cannot be called
        if (method.getAnnotation(Inline.class) != null) return false;
        if (method.getAnnotation(NoInline.class) != null) return true;
        return whyNotCallable(method) == null && callSites.getOrDefault(method, 0) >= MIN_CALL_SITES
                && weight(method) >= MIN_WEIGHT && !mayNeedCallersConstants(method, new HashSet<>());
    }

    /**
     * True if {@code method}'s body (or a body inlined into it) indexes an array: the front end
     * accepts an index only where it knows its range, and inlined, a caller's constant argument
     * gives the parameter one (a parameter bound to {@code 2} indexes {@code t[parts]}); in a
     * function the parameter is unknown and the same code would be refused. The processor does
     * not choose a function there on its own ({@link NoInline} still does). Loop bounds and
     * divisors need constants in the method itself either way, so they do not count.
     */
    private boolean mayNeedCallersConstants(ExecutableElement method, Set<ExecutableElement> seen) {
        MethodTree tree = trees.getTree(method);
        if (tree == null || tree.getBody() == null || !seen.add(method)) return false;
        boolean[] found = {false};
        new TreePathScanner<Void, Void>() {
            @Override
            public Void scan(Tree node, Void unused) {
                if (node == null || found[0]) return null;
                if (node.getKind() == Tree.Kind.ARRAY_ACCESS) found[0] = true;
                return found[0] ? null : super.scan(node, unused);
            }

            @Override
            public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
                if (trees.getElement(getCurrentPath()) instanceof ExecutableElement callee && isProgramMethod(callee)
                        && !callsAsFunction(callee) && mayNeedCallersConstants(callee, seen)) {
                    found[0] = true;
                }
                return found[0] ? null : super.visitMethodInvocation(node, unused);
            }
        }.scan(new TreePath(trees.getPath(method), tree.getBody()), null);
        return found[0];
    }

    /** How many calls of {@code method} the program class's source has (outside the method itself). */
    int callSites(ExecutableElement method) {
        return callSites.getOrDefault(method, 0);
    }

    /**
     * Why {@code method} cannot be a function, as the end of a sentence ("... because ..."), or null if it can:
     * at most five parameters, each a primitive or the context, and a primitive, verdict or void result.
     */
    static String whyNotCallable(ExecutableElement method) {
        if (!method.getModifiers().contains(javax.lang.model.element.Modifier.STATIC)) {
            return "it is not static (a program has no objects); make it static";
        }
        if (method.isVarArgs()) return "it takes varargs, an array; give it fixed parameters";
        if (method.getParameters().size() > 5) {
            return "a bpf-to-bpf call passes at most five arguments (in r1 to r5) and it has " + method.getParameters().size()
                    + "; group them in fewer parameters or remove @NoInline";
        }
        for (VariableElement parameter : method.getParameters()) {
            switch (JavaTypes.category(parameter.asType())) {
                case PRIMITIVE, CONTEXT -> {
                }
                case VIEW -> {
                    return "its parameter '" + parameter.getSimpleName() + "' is a header view: the kernel would accept the packet"
                            + " pointer, but a function re-checks a view against the packet's end, which it reads from the context;"
                            + " pass the context instead and get the header inside the method, or remove @NoInline";
                }
                default -> {
                    return "its parameter '" + parameter.getSimpleName() + "' is not a primitive or the context (a function's"
                            + " arguments travel in registers, records and arrays are kept as locals of their caller);"
                            + " pass the fields it needs as primitives, or remove @NoInline";
                }
            }
        }
        return switch (JavaTypes.category(method.getReturnType())) {
            case PRIMITIVE, VERDICT, VOID -> null;
            default -> "it returns a " + method.getReturnType() + ", and a function returns a primitive, a verdict or"
                    + " nothing in r0; return a primitive, or remove @NoInline";
        };
    }

    /** The size of {@code method}'s body in tree nodes, with the bodies of the program methods it inlines. */
    private int weight(ExecutableElement method) {
        Integer known = weights.get(method);
        if (known != null) return known;
        MethodTree tree = trees.getTree(method);
        if (tree == null || tree.getBody() == null || !weighing.add(method)) return 0; // recursion: an error reported where it is lowered
        int[] nodes = {0};
        TreePath root = trees.getPath(method);
        new TreePathScanner<Void, Void>() {
            @Override
            public Void scan(Tree tree, Void unused) {
                if (tree != null) nodes[0]++;
                return super.scan(tree, unused);
            }

            @Override
            public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
                if (trees.getElement(getCurrentPath()) instanceof ExecutableElement callee) {
                    if (isProgramMethod(callee) && !callsAsFunction(callee)) nodes[0] += weight(callee);
                    if (callee.getEnclosingElement() instanceof TypeElement owner
                            && owner.getQualifiedName().toString().startsWith(JavaTypes.MAPS + ".")) {
                        nodes[0] += MAP_OPERATION_WEIGHT;
                    }
                }
                return super.visitMethodInvocation(node, unused);
            }
        }.scan(new TreePath(root, tree.getBody()), null);
        weighing.remove(method);
        weights.put(method, nodes[0]);
        return nodes[0];
    }
}
