package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;

import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The classes compiled with a program whose methods it calls, directly or through one another.
 * javac attributes one top-level class after another, so when a program class is analysed, a class
 * whose static methods it inlines may not be yet: the program waits for it.
 */
public final class CalledClasses {
    private CalledClasses() {
    }

    /**
     * A top-level class compiled with {@code program} whose methods it calls (directly, or through
     * methods of classes already analysed) and that {@code ready} does not accept yet, or null when
     * every such class is ready and the program can be compiled. A class counts as compiled with
     * the program when javac has its trees, or when {@code lowered} says javac wrote it already
     * (and dropped its trees).
     */
    public static TypeElement awaited(TypeElement program, Trees trees, Predicate<TypeElement> ready, Predicate<TypeElement> lowered) {
        Deque<TreePath> todo = new ArrayDeque<>();
        todo.push(trees.getPath(program));
        Set<Element> seen = new HashSet<>();
        TypeElement[] awaited = {null};
        while (!todo.isEmpty() && awaited[0] == null) {
            new TreePathScanner<Void, Void>() {
                @Override
                public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
                    Element method = trees.getElement(getCurrentPath());
                    if (method instanceof ExecutableElement && seen.add(method)) {
                        TreePath callee = trees.getPath(method);
                        TypeElement owner = topLevel(method);
                        if (callee != null && ready.test(owner)) todo.push(callee);
                        else if (callee != null || lowered.test(owner)) awaited[0] = owner;
                    }
                    return super.visitMethodInvocation(node, unused);
                }
            }.scan(todo.pop(), null);
        }
        return awaited[0];
    }

    /** The top-level class {@code element} is declared in. */
    public static TypeElement topLevel(Element element) {
        Element at = element;
        while (!(at instanceof TypeElement type && type.getNestingKind() == javax.lang.model.element.NestingKind.TOP_LEVEL)) {
            at = at.getEnclosingElement();
        }
        return (TypeElement) at;
    }
}
