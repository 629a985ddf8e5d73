package dev.ebpf4j.processor.skeleton;

import static dev.ebpf4j.asm.Register.R0;
import static dev.ebpf4j.asm.Register.R1;
import static dev.ebpf4j.asm.Register.R10;
import static dev.ebpf4j.asm.Register.R2;
import static dev.ebpf4j.asm.Register.R3;
import static dev.ebpf4j.asm.Register.R4;
import static dev.ebpf4j.asm.Register.R7;

import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.btf.Btf;
import dev.ebpf4j.object.BpfObject;
import dev.ebpf4j.object.MapDefinition;
import dev.ebpf4j.object.ProgramDefinition;
import dev.ebpf4j.processor.ir.ContextType;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapKind;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.processor.ir.SourcePosition;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.StructType;
import dev.ebpf4j.types.MapType;
import java.util.List;

/**
 * A hand-built program unit, "Demo", as the front end would give it (bodies left empty), and an
 * object that matches it, built with the runtime's pure layers:
 *
 * <ul>
 *   <li>{@code filter} (XDP) returns DROP if port 80 is in {@code blockedPorts}, else PASS, and
 *       stores 77 in {@code flows} under {@code FlowKey(0x0a000001, 443, 6)}, its key built on the
 *       stack as C lays out the struct;
 *   <li>{@code count} (tc) adds 1 to this CPU's {@code counters[0]} and returns 0;
 *   <li>{@code helper} is a subprogram, which gets no accessor.
 * </ul>
 */
public final class SkeletonFixtures {
    public static final String PACKAGE = "dev.ebpf4j.demo";
    private static final SourcePosition AT = new SourcePosition("Demo.java", 1, 1, "");

    /** A record key: {@code struct { __s32 address; __s16 port; __s8 protocol; } }, 8 bytes. */
    public record FlowKey(int address, short port, byte protocol) {}

    private SkeletonFixtures() {
    }

    static StructType flowKey() {
        return StructType.layout("FlowKey", FlowKey.class.getName(), List.of(
                new StructType.Component("address", Prim.INT),
                new StructType.Component("port", Prim.SHORT),
                new StructType.Component("protocol", Prim.BYTE)));
    }

    static ProgramUnit demo() {
        StructType flowKey = flowKey();
        return new ProgramUnit(PACKAGE, "Demo", "Demo.java", "GPL",
                List.of(new MapDecl("blockedPorts", MapKind.HASH, Prim.INT, Prim.LONG, 1024, 0, false),
                        new MapDecl("counters", MapKind.PERCPU_ARRAY, Prim.INT, Prim.LONG, 6, 0, false),
                        new MapDecl("flows", MapKind.HASH, flowKey, Prim.LONG, 64, 0, false),
                        new MapDecl("events", MapKind.RINGBUF, null, flowKey, 65536, 0, false)),
                List.of(flowKey),
                List.of(entry("filter", Hook.XDP), entry("count", Hook.TC_INGRESS),
                        new Function("helper", null, List.of(), Prim.INT, empty(), AT)));
    }

    static Function entry(String name, Hook hook) {
        return new Function(name, hook, List.of(new Local(0, "context", new ContextType(hook))), Prim.INT, empty(), AT);
    }

    static Stmt.Block empty() {
        return new Stmt.Block(null, List.of(), AT);
    }

    /** The source of the program class itself, which the skeleton names (its body does not matter here). */
    static String demoSource() {
        return "package " + PACKAGE + ";\n\npublic final class Demo {\n    private Demo() {\n    }\n}\n";
    }

    static BpfObject demoObject() {
        var filter = new CodeBuilder()
                .stw(R10, -4, 80)
                .ldMap(R1, "blockedPorts").mov64(R2, R10).add64(R2, -4)
                .call(1)
                .mov64(R7, 2)
                .jeq(R0, 0, "store")
                .mov64(R7, 1)
                .label("store")
                .stw(R10, -16, 0x0a000001)
                .sth(R10, -12, 443)
                .stb(R10, -10, 6)
                .stb(R10, -9, 0)
                .stdw(R10, -24, 77)
                .ldMap(R1, "flows").mov64(R2, R10).add64(R2, -16).mov64(R3, R10).add64(R3, -24).mov64(R4, 0)
                .call(2)
                .mov64(R0, R7)
                .exit()
                .build();
        var count = new CodeBuilder()
                .stw(R10, -4, 0)
                .ldMap(R1, "counters").mov64(R2, R10).add64(R2, -4)
                .call(1)
                .jeq(R0, 0, "out")
                .ldxdw(R1, R0, 0)
                .add64(R1, 1)
                .stxdw(R0, 0, R1)
                .label("out")
                .mov64(R0, 0)
                .exit()
                .build();
        return new BpfObject("GPL", 0,
                List.of(ProgramDefinition.entry("filter", "xdp", filter), ProgramDefinition.entry("count", "tc", count)),
                List.of(MapDefinition.of("blockedPorts", MapType.HASH, 4, 8, 1024),
                        MapDefinition.of("counters", MapType.PERCPU_ARRAY, 4, 8, 6),
                        MapDefinition.of("flows", MapType.HASH, 8, 8, 64),
                        MapDefinition.of("events", MapType.RINGBUF, 0, 0, 65536)),
                List.of(), Btf.builder().build());
    }
}
