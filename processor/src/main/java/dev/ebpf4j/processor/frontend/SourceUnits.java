package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;

import java.util.ArrayList;
import java.util.List;

/**
 * The compilation units whose trees a program's lowering reads: the program class's own, then
 * those of the classes compiled with it whose static methods it inlines. A tree is looked up in
 * the unit it belongs to, so names, positions and errors inside an inlined method of another class
 * are that class's.
 */
final class SourceUnits {
    private final List<CompilationUnitTree> units = new ArrayList<>();

    SourceUnits(CompilationUnitTree program) {
        units.add(program);
    }

    /** Makes the trees of {@code unit} findable (once). */
    void add(CompilationUnitTree unit) {
        if (!units.contains(unit)) units.add(unit);
    }

    /** The path to {@code tree} in the unit that holds it, or null if none of the units does. */
    TreePath path(Tree tree) {
        for (CompilationUnitTree unit : units) {
            TreePath path = TreePath.getPath(unit, tree);
            if (path != null) return path;
        }
        return null;
    }

    /** The unit that holds {@code tree}; the program's own when none does (positions are then unknown). */
    CompilationUnitTree unitOf(Tree tree) {
        if (tree instanceof CompilationUnitTree unit) return unit;
        TreePath path = path(tree);
        return path == null ? units.getFirst() : path.getCompilationUnit();
    }
}
