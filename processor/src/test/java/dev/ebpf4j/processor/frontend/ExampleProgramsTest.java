package dev.ebpf4j.processor.frontend;

import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.MapKind;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.ProgramUnit;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two example programs compile to IR without errors. */
class ExampleProgramsTest {
    static String resource(String name) throws IOException {
        try (InputStream in = ExampleProgramsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void tcpFlagCounter() throws IOException {
        Compiler.Result result = Compiler.compile("dev.ebpf4j.examples.TcpFlagCounter", resource("TcpFlagCounter.java"));
        ProgramUnit unit = result.unit();
        assertEquals("TcpFlagCounter.java", unit.sourceFile());
        assertEquals("dev.ebpf4j.examples", unit.packageName());
        assertEquals(2, unit.maps().size());
        assertEquals(MapKind.PERCPU_ARRAY, unit.maps().get(0).kind());
        assertEquals(Prim.LONG, unit.maps().get(0).value());
        assertEquals(MapKind.PERCPU_HASH, unit.maps().get(1).kind());
        assertEquals(Prim.INT, unit.maps().get(1).key());
        assertEquals(1, unit.functions().size());
        assertEquals(Hook.XDP, unit.functions().getFirst().hook());
        String ir = result.ir("count");
        System.out.println(ir);
        assertTrue(ir.contains("eval byFlags.INCREMENT(category_result, 1L)"), ir);
        assertTrue(ir.contains("eval byPort.INCREMENT(TCP_DESTINATION_PORT(tcp_1), 1L)"), ir);
    }

    @Test
    void portFilter() throws IOException {
        Compiler.Result result = Compiler.compile("dev.ebpf4j.examples.PortFilter", resource("PortFilter.java"));
        ProgramUnit unit = result.unit();
        assertEquals("Dual MIT/GPL", unit.license());
        assertEquals(Prim.BOOLEAN, unit.maps().getFirst().value());
        String ir = result.ir("filter");
        System.out.println(ir);
        assertTrue(ir.contains("boolean found = blockedPorts.CONTAINS_KEY(port)"), ir);
        assertTrue(ir.contains("return 1"), ir);
    }

    @Test
    void flowTrackerWithRecordsSwitchAndRingBuffer() throws IOException {
        Compiler.Result result = Compiler.compile("dev.ebpf4j.examples.FlowTracker", resource("FlowTracker.java"));
        ProgramUnit unit = result.unit();
        assertEquals(Hook.TC_INGRESS, unit.functions().getFirst().hook());
        assertEquals(List.of("FlowTracker_Flow", "FlowTracker_Stats", "FlowTracker_NewFlow"),
                unit.structs().stream().map(s -> s.name()).toList());
        String ir = result.ir("track");
        System.out.println(ir);
        assertTrue(ir.contains("eval newFlows.OUTPUT(FlowTracker_NewFlow{flow_source, flow_destination, ((sport << 16) | dport), now})"), ir);
        assertTrue(ir.contains("return ((IPV4_DESTINATION(ip) >=u -536870912) ? 2 : 0)"), ir);
    }
}
