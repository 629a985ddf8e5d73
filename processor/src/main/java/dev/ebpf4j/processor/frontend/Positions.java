package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import dev.ebpf4j.processor.ir.SourcePosition;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** Source positions of trees: file name, 1-based line and column, and the line's text for line info. */
final class Positions {
    private final SourceUnits units;
    private final SourcePositions positions;
    private final String fileName;
    /** The lines of each unit's text, read when a position in it is first asked for. */
    private final Map<CompilationUnitTree, String[]> lines = new HashMap<>();

    Positions(Trees trees, CompilationUnitTree unit) {
        this(trees, new SourceUnits(unit), unit);
    }

    Positions(Trees trees, SourceUnits units, CompilationUnitTree program) {
        this.units = units;
        this.positions = trees.getSourcePositions();
        this.fileName = fileName(program);
    }

    /** The simple name of the unit's file, as line info shows it. */
    static String fileName(CompilationUnitTree unit) {
        String name = unit.getSourceFile().toUri().getPath();
        if (name == null) name = unit.getSourceFile().getName();
        return name.substring(name.lastIndexOf('/') + 1);
    }

    private static String text(CompilationUnitTree unit) {
        try {
            return unit.getSourceFile().getCharContent(true).toString();
        } catch (IOException e) {
            return ""; // line texts are for display only; positions still come from the tree
        }
    }

    String fileName() {
        return fileName;
    }

    /** Where {@code tree} starts, in the file of the unit that holds it. */
    SourcePosition of(Tree tree) {
        CompilationUnitTree unit = units.unitOf(tree);
        long start = positions.getStartPosition(unit, tree);
        if (start < 0) return new SourcePosition(fileName, 0, 0, "");
        LineMap map = unit.getLineMap();
        int line = (int) map.getLineNumber(start);
        int column = (int) map.getColumnNumber(start);
        String[] text = lines.computeIfAbsent(unit, u -> text(u).split("\r\n|\r|\n", -1));
        return new SourcePosition(fileName(unit), line, column, line - 1 < text.length ? text[line - 1].strip() : "");
    }
}
