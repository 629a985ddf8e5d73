package dev.ebpf4j.processor.c;

import dev.ebpf4j.processor.ir.ContextType;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.IrScanner;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapOp;
import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.processor.ir.StructType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The C back end: a program unit as readable C that {@code clang -target bpf -O2 -g -c} compiles
 * to an object equivalent to ours, including only {@link #HEADER_NAME}.
 *
 * <pre>{@code
 * Files.writeString(dir.resolve("Counter.bpf.c"), CRenderer.render(unit));
 * Files.writeString(dir.resolve(CRenderer.HEADER_NAME), CRenderer.header());
 * // clang-19 -target bpf -O2 -g -c Counter.bpf.c -o Counter.o
 * }</pre>
 *
 * <p>The layout of a rendering: structs, maps, one inline function per map operation used,
 * prototypes of the subprograms, the entry points ({@code SEC("xdp") int name(struct xdp_md *ctx)}),
 * the subprograms ({@code static __noinline}), and the license.
 */
public final class CRenderer {
    private CRenderer() {
    }

    /** The file name of the header every rendering includes. */
    public static final String HEADER_NAME = "ebpf4j.h";

    private static final String HEADER_RESOURCE = "/dev/ebpf4j/processor/c/" + HEADER_NAME;

    /** {@code unit} as C that clang compiles to an equivalent object. */
    public static String render(ProgramUnit unit) {
        CNames names = CNames.of(unit);
        Set<String> takesDataEnd = DataEnd.parameterFunctions(unit);
        Set<String> needsDataEnd = DataEnd.functions(unit);
        CExpressions expressions = new CExpressions(names, takesDataEnd);

        StringBuilder out = new StringBuilder();
        out.append("/* ").append(unit.sourceFile()).append(": ")
                .append(unit.packageName().isEmpty() ? "" : unit.packageName() + ".").append(unit.className())
                .append(", rendered as C by ebpf4j. */\n");
        out.append("#include \"").append(HEADER_NAME).append("\"\n");
        for (StructType struct : unit.structs()) out.append('\n').append(CDeclarations.struct(struct));
        for (MapDecl map : unit.maps()) out.append('\n').append(CDeclarations.map(map));
        if (!unit.globals().isEmpty()) out.append('\n');
        for (dev.ebpf4j.processor.ir.GlobalDecl global : unit.globals()) out.append(CDeclarations.global(global));
        for (MapUse use : MapUse.of(unit)) out.append('\n').append(CMapOperations.function(use.map(), use.op()));

        List<Function> subprograms = unit.functions().stream().filter(f -> !f.entry()).toList();
        if (!subprograms.isEmpty()) {
            out.append('\n');
            for (Function function : subprograms) {
                names.enter(function);
                out.append(signature(function, names, takesDataEnd)).append(";\n");
            }
        }
        for (Function function : unit.functions()) {
            out.append('\n').append(function(function, names, expressions, takesDataEnd, needsDataEnd));
        }
        out.append("\nchar LICENSE[] SEC(\"license\") = \"").append(escape(unit.license())).append("\";\n");
        return out.toString();
    }

    /** The text of {@link #HEADER_NAME}. */
    public static String header() {
        try (InputStream in = CRenderer.class.getResourceAsStream(HEADER_RESOURCE)) {
            if (in == null) throw new IllegalStateException("the resource " + HEADER_RESOURCE + " is missing");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String function(Function function, CNames names, CExpressions expressions,
                                   Set<String> takesDataEnd, Set<String> needsDataEnd) {
        names.enter(function);
        StringBuilder out = new StringBuilder();
        if (function.position() != null) {
            out.append("/* ").append(function.position().file()).append(':').append(function.position().line())
                    .append(": ").append(function.position().lineText().strip()).append(" */\n");
        }
        if (function.entry()) out.append("SEC(\"").append(function.hook().section()).append("\")\n");
        out.append(signature(function, names, takesDataEnd)).append("\n{\n");
        List<String> prologue = new ArrayList<>();
        if (needsDataEnd.contains(function.name()) && !takesDataEnd.contains(function.name())) {
            Local context = DataEnd.packetContext(function);
            prologue.add("void *" + CNames.DATA_END + " = (void *)(long)" + names.local(context) + "->data_end;");
        }
        out.append(new CStatements(names, expressions).body(function.body(), prologue));
        out.append("}\n");
        return out.toString();
    }

    private static String signature(Function function, CNames names, Set<String> takesDataEnd) {
        List<String> parameters = new ArrayList<>();
        for (Local parameter : function.parameters()) {
            parameters.add(CNames.declaration(CNames.type(parameter.type()), names.local(parameter)));
        }
        if (takesDataEnd.contains(function.name())) parameters.add("void *" + CNames.DATA_END);
        if (parameters.isEmpty()) parameters.add("void");
        String head = function.entry() ? "int" : "static __noinline " + CNames.type(function.returnType());
        return CNames.declaration(head, function.name()) + "(" + String.join(", ", parameters) + ")";
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20 || c > 0x7e) out.append(String.format("\\%03o", (int) c & 0xff));
            else out.append(c);
        }
        return out.toString();
    }

    /** A map and an operation on it that the unit uses, in order of first use. */
    private record MapUse(MapDecl map, MapOp op) {
        static Set<MapUse> of(ProgramUnit unit) {
            Set<MapUse> uses = new LinkedHashSet<>();
            for (MapDecl map : unit.maps()) {
                Set<MapOp> ops = new HashSet<>();
                for (Function function : unit.functions()) {
                    IrScanner.forEachExpression(function.body(), e -> {
                        if (e instanceof Expr.MapCall call && call.map().name().equals(map.name())) ops.add(call.op());
                    });
                }
                for (MapOp op : MapOp.values()) {
                    if (ops.contains(op)) uses.add(new MapUse(map, op));
                }
            }
            return uses;
        }
    }

    /** Which functions check packet bounds and so need the packet's end, and where it comes from. */
    static final class DataEnd {
        private DataEnd() {
        }

        /** The context parameter with a packet (xdp_md or a tc __sk_buff), or null. */
        static Local packetContext(Function function) {
            for (Local parameter : function.parameters()) {
                if (parameter.type() instanceof ContextType context
                        && (context.hook() == Hook.XDP || context.hook() == Hook.TC_INGRESS || context.hook() == Hook.TC_EGRESS)) {
                    return parameter;
                }
            }
            return null;
        }

        /** Functions that use the packet's end. */
        static Set<String> functions(ProgramUnit unit) {
            Set<String> needs = new HashSet<>();
            boolean changed = true;
            while (changed) {
                changed = false;
                for (Function function : unit.functions()) {
                    if (needs.contains(function.name())) continue;
                    boolean[] uses = {false};
                    IrScanner.forEachExpression(function.body(), e -> {
                        if (e instanceof Expr.IntrinsicCall call && CExpressions.needsDataEnd(call.intrinsic())) uses[0] = true;
                        if (e instanceof Expr.Call call && needs.contains(call.function())
                                && packetContext(unit.function(call.function())) == null) {
                            uses[0] = true;
                        }
                    });
                    if (uses[0]) {
                        needs.add(function.name());
                        changed = true;
                    }
                }
            }
            return needs;
        }

        /** Functions that use the packet's end but have no context to read it from: they take it as a parameter. */
        static Set<String> parameterFunctions(ProgramUnit unit) {
            Set<String> result = new HashSet<>();
            for (String name : functions(unit)) {
                Function function = unit.function(name);
                if (packetContext(function) == null) {
                    if (function.entry()) {
                        throw new IllegalArgumentException(name + ": a " + function.hook() + " program has no packet to view");
                    }
                    result.add(name);
                }
            }
            return result;
        }
    }
}
