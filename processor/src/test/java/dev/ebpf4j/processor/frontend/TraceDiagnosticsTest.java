package dev.ebpf4j.processor.frontend;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.processor.ir.IrPrinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code Bpf.trace}: what the front end refuses, at the format's position, and what it accepts. */
class TraceDiagnosticsTest {
    private static final String MEMBERS = "static final String FORMAT = \"port %u\";";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Bpf.trace(ctx.length() > 0 ? \"a\" : \"b\"); return XdpAction.PASS;  | 9 | 28 | must be a constant string",
            "Bpf.trace(\"%s\", 1); return XdpAction.PASS;                         | 9 | 11 | use %d %i %u %x",
            "Bpf.trace(\"100%%\"); return XdpAction.PASS;                         | 9 | 11 | \"%%\", which bpf_trace_printk does not print",
            "Bpf.trace(\"%c\", 65); return XdpAction.PASS;                        | 9 | 11 | \"%c\"",
            "Bpf.trace(\"%d %d\", 1); return XdpAction.PASS;                      | 9 | 11 | has 2 conversions but 1 argument is given",
            "Bpf.trace(\"%d\"); return XdpAction.PASS;                            | 9 | 11 | has 1 conversion but 0 arguments are given",
            "Bpf.trace(\"tab\\there\"); return XdpAction.PASS;                    | 9 | 11 | printable ASCII only",
    })
    void rejected(String body, long line, long column, String message) {
        Compiler.xdp(MEMBERS, body).assertError(line, column, message);
    }

    @Test
    void aConstantFieldIsAFormatAndIntArgumentsWidenToLong() {
        var result = Compiler.xdp(MEMBERS, "Bpf.trace(FORMAT, ctx.length()); Bpf.trace(\"end\"); return XdpAction.PASS;");
        String ir = IrPrinter.body(result.unit().function("run"));
        assertTrue(ir.contains("trace \"port %u\", "), ir);
        assertTrue(ir.contains("trace \"end\""), ir);
    }
}
