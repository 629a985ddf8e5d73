package dev.ebpf4j.processor.c;

import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** {@code Bpf.trace} in C: {@code ebpf4j_trace("format", a, b)}, the header's macro over {@code bpf_trace_printk}. */
final class CTrace {
    private CTrace() {
    }

    static String call(Stmt.Trace trace, Function<Expr, String> render) {
        List<String> arguments = new ArrayList<>();
        arguments.add(literal(trace.format()));
        for (Expr argument : trace.arguments()) arguments.add(render.apply(argument));
        return "ebpf4j_trace(" + String.join(", ", arguments) + ")";
    }

    /** A C string literal of printable ASCII text (the front end allows nothing else in a format). */
    static String literal(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') out.append('\\');
            out.append(c);
        }
        return out.append('"').toString();
    }
}
