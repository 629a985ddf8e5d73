package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;

import javax.tools.Diagnostic;

/** Reports errors at the exact position of a tree, in the compilation unit that holds it, and counts them. */
final class Reporter {
    private final Trees trees;
    private final SourceUnits units;
    private int errors;
    /** The errors printed, as tree and message: a callee's error is found once per call and printed once. */
    private final java.util.Set<java.util.Map.Entry<Tree, String>> printed = new java.util.HashSet<>();

    Reporter(Trees trees, SourceUnits units) {
        this.trees = trees;
        this.units = units;
    }

    /** Reports {@code message} at {@code tree}. */
    void error(Tree tree, String message) {
        errors++;
        if (printed.add(java.util.Map.entry(tree, message))) trees.printMessage(Diagnostic.Kind.ERROR, message, tree, units.unitOf(tree));
    }

    /** Reports {@code message} at {@code tree} and returns the exception that abandons the statement. */
    Rejected reject(Tree tree, String message) {
        error(tree, message);
        return new Rejected();
    }

    int errors() {
        return errors;
    }
}
