package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.ebpf4j.processor.ir.GlobalDecl;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.program.Config;
import dev.ebpf4j.program.Shared;
import java.util.function.BiConsumer;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.VariableElement;

/**
 * Reads a {@code @Config} or {@code @Shared} static field as a global variable: its role, type and
 * constant initial value, reporting a declaration the kernel or javac would make mean something
 * else (a {@code final} configuration javac would inline, an atomic that is not final, a type no
 * global can have) with what to write instead.
 */
final class GlobalDeclarations {
    static final String ATOMIC_LONG = "java.util.concurrent.atomic.AtomicLong";
    static final String ATOMIC_INTEGER = "java.util.concurrent.atomic.AtomicInteger";

    private final Trees trees;
    private final BiConsumer<Element, String> sink;

    GlobalDeclarations(Trees trees, BiConsumer<Element, String> sink) {
        this.trees = trees;
        this.sink = sink;
    }

    /** True if {@code field} is declared as a global (whether or not correctly). */
    static boolean isGlobal(VariableElement field) {
        return field.getAnnotation(Config.class) != null || field.getAnnotation(Shared.class) != null;
    }

    /** The global {@code field} declares, or null after reporting why it cannot be one. */
    GlobalDecl read(VariableElement field) {
        String name = field.getSimpleName().toString();
        boolean config = field.getAnnotation(Config.class) != null;
        if (config && field.getAnnotation(Shared.class) != null) {
            return error(field, "field '" + name + "' is both @Config and @Shared: configuration is set before load and"
                    + " frozen, shared state changes while the program runs; choose one");
        }
        String what = config ? "@Config field '" + name + "'" : "@Shared field '" + name + "'";
        if (!field.getModifiers().contains(Modifier.STATIC)) {
            return error(field, what + " must be static: a program has no objects, its globals are static fields");
        }
        if (!dev.ebpf4j.btf.CIdentifiers.isValid(name) || name.contains("$")) {
            return error(field, what + ": the global's name in the object and the C rendering must be a C identifier"
                    + " that is no C keyword; rename it");
        }
        String typeName = JavaTypes.qualifiedName(field.asType());
        boolean atomic = typeName.equals(ATOMIC_LONG) || typeName.equals(ATOMIC_INTEGER);
        boolean isFinal = field.getModifiers().contains(Modifier.FINAL);
        if (atomic) {
            if (config) {
                return error(field, what + " is an " + simple(typeName) + ": configuration is a plain value the program only"
                        + " reads; declare it as e.g. '@Config static long " + name + " = 0;', or make it @Shared");
            }
            if (!isFinal) {
                return error(field, what + " must be static final: the " + simple(typeName) + " object is the variable,"
                        + " and neither the program nor a test may replace it; write '@Shared static final "
                        + simple(typeName) + " " + name + " = new " + simple(typeName) + "();'");
            }
            Prim type = typeName.equals(ATOMIC_LONG) ? Prim.LONG : Prim.INT;
            Long initial = atomicInitial(field, type, what);
            return initial == null ? null : new GlobalDecl(name, GlobalDecl.Role.ATOMIC, type, initial);
        }
        Prim type = field.asType().getKind().isPrimitive() ? JavaTypes.primitive(field.asType().getKind()) : null;
        if (type == null) {
            return error(field, what + " has type " + field.asType() + ": a global is a primitive (int, long, short, byte, char,"
                    + " boolean)" + (config ? "" : ", or an AtomicLong or AtomicInteger for a counter updated atomically"));
        }
        if (isFinal) {
            return error(field, what + " must not be final: javac copies the value of a static final constant into every"
                    + " place that reads it, so " + (config ? "the value set before load" : "a value user space writes")
                    + " would never be seen; write '" + (config ? "@Config" : "@Shared") + " static " + type.javaName() + " "
                    + name + " = ...;'");
        }
        VariableTree tree = tree(field);
        long initial = 0;
        if (tree != null && tree.getInitializer() != null) {
            Long value = constant(field, tree.getInitializer(), type);
            if (value == null) {
                return error(field, what + ": its initial value must be a constant expression (a literal, a static final"
                        + " constant, arithmetic on them): it is written into the object, not computed when the class loads");
            }
            initial = value;
        }
        return new GlobalDecl(name, config ? GlobalDecl.Role.CONFIG : GlobalDecl.Role.SHARED, type, initial);
    }

    private Long atomicInitial(VariableElement field, Prim type, String what) {
        VariableTree tree = tree(field);
        String simple = type == Prim.LONG ? "AtomicLong" : "AtomicInteger";
        if (tree == null) return 0L;
        if (!(tree.getInitializer() instanceof NewClassTree creation) || creation.getArguments().size() > 1
                || creation.getClassBody() != null) {
            error(field, what + " must be initialised with 'new " + simple + "()' or 'new " + simple + "(constant)':"
                    + " its initial value is written into the object");
            return null;
        }
        if (creation.getArguments().isEmpty()) return 0L;
        Long value = constant(field, creation.getArguments().getFirst(), type);
        if (value == null) {
            error(field, what + ": the initial value of the " + simple + " must be a constant expression: it is written"
                    + " into the object, not computed when the class loads");
        }
        return value;
    }

    private Long constant(VariableElement field, ExpressionTree initializer, Prim type) {
        TreePath fieldPath = trees.getPath(field);
        if (fieldPath == null) return null;
        return new ConstantInitialiser(e -> trees.getElement(TreePath.getPath(fieldPath.getCompilationUnit(), e)))
                .of(initializer, type);
    }

    private VariableTree tree(VariableElement field) {
        return trees.getTree(field) instanceof VariableTree v ? v : null;
    }

    private GlobalDecl error(VariableElement field, String message) {
        sink.accept(field, message);
        return null;
    }

    private static String simple(String qualified) {
        return qualified.substring(qualified.lastIndexOf('.') + 1);
    }
}
