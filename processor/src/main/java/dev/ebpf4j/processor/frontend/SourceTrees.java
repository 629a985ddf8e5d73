package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import javax.lang.model.element.Element;
import javax.lang.model.type.TypeMirror;

/**
 * The attributed trees of the program's compilation unit, and of the units of other classes whose
 * methods it inlines: what javac decided each tree names and has as its type.
 */
final class SourceTrees {
    final Trees trees;
    final SourceUnits units;

    SourceTrees(Trees trees, SourceUnits units) {
        this.trees = trees;
        this.units = units;
    }

    TreePath path(Tree tree) {
        return units.path(tree);
    }

    TypeMirror typeOf(Tree tree) {
        TreePath path = path(tree);
        return path == null ? null : trees.getTypeMirror(path);
    }

    Element elementOf(Tree tree) {
        TreePath path = path(tree);
        return path == null ? null : trees.getElement(path);
    }
}
