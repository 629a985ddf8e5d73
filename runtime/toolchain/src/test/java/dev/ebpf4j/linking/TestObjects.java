package dev.ebpf4j.linking;

import static dev.ebpf4j.asm.Register.*;

import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.btf.Btf;
import dev.ebpf4j.btf.BtfType;
import dev.ebpf4j.object.BpfObject;
import dev.ebpf4j.object.DataSection;
import dev.ebpf4j.object.MapDefinition;
import dev.ebpf4j.object.ProgramDefinition;
import dev.ebpf4j.types.MapType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Objects built in Java for the loader tests: a socket filter "entry" that calls "bump", which
 * counts its calls in .bss, stores limit (.data) + bonus (.rodata) in the hash map "counts" at
 * key 7, stores 11 in the array "slots" at 1, stores three() in the per-CPU array "percpu" and
 * returns limit + bonus.
 */
public final class TestObjects {
    public static final String FILE = "Counter.java";

    private TestObjects() {}

    public static BpfObject counter() {
        return counter(List.of(), false);
    }

    /** With {@code extraPrograms} appended, and optionally a FUNC the kernel refuses (extern linkage). */
    public static BpfObject counter(List<ProgramDefinition> extraPrograms, boolean btfTheKernelRefuses) {
        Btf.Builder b = Btf.builder();
        int u32 = b.add(new BtfType.Int("unsigned int", 4, BtfType.IntEncoding.NONE, 0, 32));
        int u64 = b.add(new BtfType.Int("unsigned long long", 8, BtfType.IntEncoding.NONE, 0, 64));
        int proto = b.add(new BtfType.FuncProto(u32, List.of()));
        for (String f : List.of("entry", "bump", "three", "refuse", "second")) {
            b.add(new BtfType.Func(f, proto, f.equals("entry") || f.equals("second") || f.equals("refuse")
                    ? BtfType.FuncLinkage.GLOBAL : BtfType.FuncLinkage.STATIC));
        }
        if (btfTheKernelRefuses) {
            b.add(new BtfType.Func("elsewhere", proto, BtfType.FuncLinkage.EXTERN));
        }
        dev.ebpf4j.btf.DatasecLayout.add(b, ".data", List.of(new dev.ebpf4j.btf.DatasecLayout.Variable("limit", u64, BtfType.VarLinkage.GLOBAL)));
        dev.ebpf4j.btf.DatasecLayout.add(b, ".rodata", List.of(new dev.ebpf4j.btf.DatasecLayout.Variable("bonus", u64, BtfType.VarLinkage.GLOBAL)));
        dev.ebpf4j.btf.DatasecLayout.add(b, ".bss", List.of(
                new dev.ebpf4j.btf.DatasecLayout.Variable("calls", u64, BtfType.VarLinkage.GLOBAL),
                new dev.ebpf4j.btf.DatasecLayout.Variable("spare", u32, BtfType.VarLinkage.GLOBAL)));
        Btf btf = b.build();

        var entry = new CodeBuilder()
                .line(FILE, 10, 5, "return bump();")
                .callFunction("bump")
                .exit()
                .build();
        var bump = new CodeBuilder()
                .line(FILE, 20, 9, "calls++;")
                .ldGlobal(R1, "calls", 0)
                .mov64(R2, 1)
                .atomicAdd(Size.DW, R1, 0, R2)
                .line(FILE, 21, 9, "long sum = limit + bonus;")
                .ldGlobal(R1, "limit", 0)
                .ldxdw(R6, R1, 0)
                .ldGlobal(R1, ".rodata", 0)
                .ldxdw(R2, R1, 0)
                .add64(R6, R2)
                .line(FILE, 22, 9, "counts.put(7, sum);")
                .stw(R10, -4, 7)
                .stxdw(R10, -16, R6)
                .ldMap(R1, "counts").mov64(R2, R10).add64(R2, -4).mov64(R3, R10).add64(R3, -16).mov64(R4, 0)
                .call(2)
                .line(FILE, 23, 9, "slots.put(1, 11);")
                .stw(R10, -4, 1)
                .stdw(R10, -16, 11)
                .ldMap(R1, "slots").mov64(R2, R10).add64(R2, -4).mov64(R3, R10).add64(R3, -16).mov64(R4, 0)
                .call(2)
                .line(FILE, 24, 9, "percpu.put(0, three());")
                .callFunction("three")
                .stw(R10, -4, 0)
                .stxdw(R10, -16, R0)
                .ldMap(R1, "percpu").mov64(R2, R10).add64(R2, -4).mov64(R3, R10).add64(R3, -16).mov64(R4, 0)
                .call(2)
                .line(FILE, 25, 9, "return sum;")
                .mov64(R0, R6)
                .exit()
                .build();
        var three = new CodeBuilder().line(FILE, 30, 9, "return 3;").mov64(R0, 3).exit().build();

        List<ProgramDefinition> programs = new ArrayList<>(List.of(
                ProgramDefinition.entry("entry", "socket", entry),
                ProgramDefinition.subprogram("bump", bump),
                ProgramDefinition.subprogram("three", three)));
        programs.addAll(extraPrograms);
        return new BpfObject("GPL", 0, programs,
                List.of(MapDefinition.of("counts", MapType.HASH, 4, 8, 16).withTypes(u32, u64),
                        MapDefinition.of("slots", MapType.ARRAY, 4, 8, 4).withTypes(u32, u64),
                        MapDefinition.of("percpu", MapType.PERCPU_ARRAY, 4, 8, 1)),
                List.of(DataSection.of(".data", u64(5), new DataSection.Variable("limit", 0, 8, u64)),
                        DataSection.of(".rodata", u64(100), new DataSection.Variable("bonus", 0, 8, u64)),
                        DataSection.bss(".bss", 12, new DataSection.Variable("calls", 0, 8, u64),
                                new DataSection.Variable("spare", 8, 4, u32))),
                btf);
    }

    /** An entry program the verifier refuses at line 41 (slot 3): it reads r9, which nothing wrote. */
    public static ProgramDefinition refused() {
        return ProgramDefinition.entry("refuse", "socket", new CodeBuilder()
                .line("Refused.java", 40, 5, "long y = 0; three();")
                .ldImm64(R1, 0)
                .callFunction("three")
                .line("Refused.java", 41, 5, "int x = unset;")
                .mov64(R0, R9)
                .line("Refused.java", 42, 5, "return x;")
                .exit()
                .build());
    }

    /** A second entry program that loads fine. */
    public static ProgramDefinition second() {
        return ProgramDefinition.entry("second", "socket", new CodeBuilder()
                .line(FILE, 50, 5, "return 2;").mov64(R0, 2).exit().build());
    }

    public static byte[] u64(long value) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    public static long u64(byte[] bytes, int offset) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(offset);
    }
}
