package dev.ebpf4j.processor.skeleton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.ebpf4j.processor.fixture.Golden;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapKind;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.ProgramUnit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkeletonGeneratorTest {
    private static final String GOLDEN = "DemoSkeleton.java.golden";

    @TempDir
    Path dir;

    /**
     * The generated source, byte for byte. After an intended change, run with
     * {@code -Debpf4j.golden.update=true} to rewrite the golden file, and review the diff.
     */
    @Test
    void theDemoSkeletonIsTheGoldenSource() throws IOException {
        String actual = SkeletonGenerator.generate(SkeletonFixtures.demo()).toString();
        Golden.assertMatches(SkeletonGeneratorTest.class, GOLDEN, actual);
    }

    @Test
    void theDemoSkeletonCompilesWithoutWarnings() throws IOException {
        InTestCompiler.compile(dir, List.of(SkeletonGenerator.generate(SkeletonFixtures.demo())),
                Map.of("dev/ebpf4j/demo/Demo.java", SkeletonFixtures.demoSource()));
    }

    @Test
    void namesTakenByTheSkeletonOrByAMapGetASuffix() throws IOException {
        ProgramUnit unit = new ProgramUnit("", "Clash", "Clash.java", "GPL",
                List.of(map("object"), map("load"), map("filter"), map("toString"), map("filterProgram")),
                List.of(), List.of(SkeletonFixtures.entry("filter", Hook.XDP), SkeletonFixtures.entry("close", Hook.TC_EGRESS)));
        SkeletonNames names = SkeletonNames.of(unit);
        assertEquals(List.of("objectMap", "loadMap", "filter", "toStringMap", "filterProgram"), List.copyOf(names.maps().values()));
        assertEquals(List.of("filterProgram2", "closeProgram"), List.copyOf(names.programs().values()));

        JavaFile file = SkeletonGenerator.generate(unit);
        assertTrue(file.toString().contains("this.filterProgram2 = object.program(\"filter\");"), file.toString());
        InTestCompiler.compile(dir, List.of(file), Map.of("Clash.java", "public final class Clash {\n}\n"));
    }

    @Test
    void globalsGetTypedAccessorsAndConfigurationABuilderThatCompile() throws IOException {
        List<dev.ebpf4j.processor.ir.GlobalDecl> globals = List.of(
                new dev.ebpf4j.processor.ir.GlobalDecl("limit", dev.ebpf4j.processor.ir.GlobalDecl.Role.CONFIG, Prim.INT, 100),
                new dev.ebpf4j.processor.ir.GlobalDecl("verbose", dev.ebpf4j.processor.ir.GlobalDecl.Role.CONFIG, Prim.BOOLEAN, 0),
                new dev.ebpf4j.processor.ir.GlobalDecl("letter", dev.ebpf4j.processor.ir.GlobalDecl.Role.CONFIG, Prim.CHAR, 'a'),
                new dev.ebpf4j.processor.ir.GlobalDecl("enforcing", dev.ebpf4j.processor.ir.GlobalDecl.Role.SHARED, Prim.BOOLEAN, 1),
                new dev.ebpf4j.processor.ir.GlobalDecl("level", dev.ebpf4j.processor.ir.GlobalDecl.Role.SHARED, Prim.SHORT, 0),
                new dev.ebpf4j.processor.ir.GlobalDecl("tag", dev.ebpf4j.processor.ir.GlobalDecl.Role.SHARED, Prim.BYTE, 0),
                new dev.ebpf4j.processor.ir.GlobalDecl("packets", dev.ebpf4j.processor.ir.GlobalDecl.Role.ATOMIC, Prim.LONG, 0),
                new dev.ebpf4j.processor.ir.GlobalDecl("builder", dev.ebpf4j.processor.ir.GlobalDecl.Role.ATOMIC, Prim.INT, 0));
        ProgramUnit unit = new ProgramUnit("dev.ebpf4j.globals", "Globals", "Globals.java", "GPL", List.of(), List.of(),
                List.of(SkeletonFixtures.entry("run", Hook.XDP)), globals);
        String source = SkeletonGenerator.generate(unit).toString();
        for (String line : List.of(
                "public int limit()", "public boolean verbose()", "public char letter()",
                "public boolean enforcing()", "public void enforcing(boolean value)",
                "public short level()", "public void level(short value)", "public byte tag()",
                "public long packets()", "public void packets(long value)",
                "public int builderGlobal()",
                "public static Builder builder()",
                "public Builder limit(int value)", "public Builder verbose(boolean value)", "public Builder letter(char value)",
                "public GlobalsSkeleton load()")) {
            assertTrue(source.contains(line), () -> line + " missing from\n" + source);
        }
        assertTrue(!source.contains("public Builder enforcing("), "shared state is no configuration");
        InTestCompiler.compile(dir, List.of(SkeletonGenerator.generate(unit)),
                Map.of("dev/ebpf4j/globals/Globals.java", "package dev.ebpf4j.globals;\n\npublic final class Globals {\n}\n"));
    }

    @Test
    void everyPrimitiveIsItsBoxedTypeAndEveryKindItsInterface() throws IOException {
        List<MapDecl> maps = List.of(
                new MapDecl("flags", MapKind.HASH, Prim.BOOLEAN, Prim.BYTE, 2, 0, false),
                new MapDecl("letters", MapKind.LRU_HASH, Prim.CHAR, Prim.SHORT, 4, 0, false),
                new MapDecl("slots", MapKind.ARRAY, Prim.INT, Prim.INT, 4, 0, false),
                new MapDecl("bytesByPort", MapKind.PERCPU_HASH, Prim.SHORT, Prim.LONG, 4, 1, false),
                new MapDecl("seen", MapKind.PERCPU_ARRAY, Prim.INT, SkeletonFixtures.flowKey(), 4, 0, true));
        ProgramUnit unit = new ProgramUnit("dev.ebpf4j.kinds", "Kinds", "Kinds.java", "GPL", maps,
                List.of(SkeletonFixtures.flowKey()), List.of(SkeletonFixtures.entry("socket", Hook.SOCKET_FILTER)));
        String source = SkeletonGenerator.generate(unit).toString();
        for (String line : List.of(
                "public KernelMap<Boolean, Byte> flags()",
                "public KernelMap<Character, Short> letters()",
                "public KernelMap<Integer, Integer> slots()",
                "public KernelPerCpuMap<Short, Long> bytesByPort()",
                "public KernelPerCpuMap<Integer, SkeletonFixtures.FlowKey> seen()",
                "KernelMaps.perCpu(object.map(\"seen\"), Integer.class, SkeletonFixtures.FlowKey.class)",
                "public Program socket()")) {
            assertTrue(source.contains(line), () -> line + " missing from\n" + source);
        }
        InTestCompiler.compile(dir, List.of(SkeletonGenerator.generate(unit)),
                Map.of("dev/ebpf4j/kinds/Kinds.java", "package dev.ebpf4j.kinds;\n\npublic final class Kinds {\n}\n"));
    }

    private static MapDecl map(String name) {
        return new MapDecl(name, MapKind.HASH, Prim.INT, Prim.LONG, 8, 0, false);
    }
}
