package dev.ebpf4j.processor.c;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.processor.fixture.Golden;
import dev.ebpf4j.processor.ir.ProgramUnit;
import java.io.IOException;
import java.nio.file.Files;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The C of each construct family, checked in under {@code golden/<name>.bpf.c}, and compiled by
 * clang. After an intended change of the rendering, regenerate the files with
 * {@code -Debpf4j.golden.update=true} and review the diff.
 */
class CRendererGoldenTest {
    record Family(String name, Supplier<ProgramUnit> unit) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Family> families() {
        return Stream.of(
                new Family("TcpFlagCounter", ExamplePrograms::tcpFlagCounter),
                new Family("PortFilter", ExamplePrograms::portFilter),
                new Family("Arithmetic", ConstructPrograms::arithmetic),
                new Family("ControlFlow", ConstructPrograms::controlFlow),
                new Family("Maps", ConstructPrograms::maps),
                new Family("Views", ConstructPrograms::views),
                new Family("Calls", ConstructPrograms::calls));
    }

    @ParameterizedTest
    @MethodSource("families")
    void theRenderingIsTheGoldenFile(Family family) throws IOException {
        String rendered = CRenderer.render(family.unit().get());
        Golden.assertMatches(CRendererGoldenTest.class, "golden/" + family.name() + ".bpf.c", rendered);
    }

    @ParameterizedTest
    @MethodSource("families")
    void clangCompilesTheRenderingWithoutAWarning(Family family) {
        assertTrue(Files.isRegularFile(Clang.compile(family.unit().get())));
    }
}
