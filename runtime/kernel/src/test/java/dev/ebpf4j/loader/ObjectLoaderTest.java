package dev.ebpf4j.loader;

import dev.ebpf4j.linking.TestObjects;
import static org.junit.jupiter.api.Assertions.*;

import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.object.BpfObject;
import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.VerifierException;
import dev.ebpf4j.testing.RequiresBpf;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

@RequiresBpf
class ObjectLoaderTest {
    private static final byte[] FRAME = new byte[64];

    @Test
    void theEntryProgramRunsItsSubprogramsAgainstTheMapsAndGlobals() {
        try (LoadedObject loaded = ObjectLoader.load(TestObjects.counter(), LoadOptions.defaults())) {
            assertEquals(105, loaded.program("entry").testRun(FRAME, 1).retval());

            assertEquals(1, loaded.variable("calls").getLong());
            assertEquals(105, TestObjects.u64(loaded.map("counts").lookup(new byte[] {7, 0, 0, 0}).orElseThrow(), 0));
            assertEquals(11, TestObjects.u64(loaded.map("slots").lookup(new byte[] {1, 0, 0, 0}).orElseThrow(), 0));
            MapHandle percpu = loaded.map("percpu");
            long sum = percpu.perCpuValues(percpu.lookup(new byte[4]).orElseThrow()).stream()
                    .mapToLong(v -> TestObjects.u64(v, 0)).sum();
            assertEquals(3, sum);

            loaded.variable("limit").setLong(20);
            assertEquals(120, loaded.program("entry").testRun(FRAME, 3).retval());
            assertEquals(4, loaded.variable("calls").getLong());
            assertEquals(List.of("entry"), List.copyOf(loaded.programs().keySet()));
        }
    }

    @Test
    void globalsAreMappedSoJavaSeesTheProgramsWritesWithoutASystemCall() {
        try (LoadedObject loaded = ObjectLoader.load(TestObjects.counter(), LoadOptions.defaults())) {
            Globals bss = loaded.globals(".bss");
            assertTrue(bss.isMapped(), bss.toString());
            var memory = bss.memory().orElseThrow();
            assertEquals(0, memory.get(ValueLayout.JAVA_LONG, 0));
            loaded.program("entry").testRun(FRAME, 2);
            assertEquals(2, memory.get(ValueLayout.JAVA_LONG, 0));
            // and the map agrees, through the system call path
            assertEquals(2, TestObjects.u64(bss.map().lookup(new byte[4]).orElseThrow(), 0));
        }
    }

    @Test
    void rodataIsWrittenBeforeLoadThenFrozen() {
        LoadOptions options = LoadOptions.defaults().withGlobal("bonus", TestObjects.u64(1000));
        try (LoadedObject loaded = ObjectLoader.load(TestObjects.counter(), options)) {
            assertEquals(1005, loaded.program("entry").testRun(FRAME, 1).retval());
            GlobalVariable bonus = loaded.variable("bonus");
            assertEquals(1000, bonus.getLong());
            assertTrue(bonus.section().isFrozen());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> bonus.setLong(1));
            assertTrue(e.getMessage().contains(".rodata") && e.getMessage().contains("frozen"), e.getMessage());
            assertTrue(bonus.section().memory().orElseThrow().isReadOnly());
            assertThrows(BpfException.class, () -> bonus.section().map().update(new byte[4], TestObjects.u64(1)));
            assertEquals(1000, bonus.getLong());
        }
    }

    @Test
    void globalsTheOptionsNameMustExistAndFit() {
        LoadException unknown = assertThrows(LoadException.class,
                () -> ObjectLoader.load(TestObjects.counter(), LoadOptions.defaults().withGlobal("nope", new byte[8])));
        assertTrue(unknown.getMessage().contains("nope"), unknown.getMessage());
        LoadException size = assertThrows(LoadException.class,
                () -> ObjectLoader.load(TestObjects.counter(), LoadOptions.defaults().withGlobal("limit", new byte[4])));
        assertTrue(size.getMessage().contains("limit") && size.getMessage().contains("8 bytes"), size.getMessage());
    }

    @Test
    void anObjectWithoutALicenseIsRefusedNamingItAndHowToAddOne() {
        BpfObject counter = TestObjects.counter();
        BpfObject unlicensed = new BpfObject("", counter.kernelVersion(), counter.programs(), counter.maps(),
                counter.dataSections(), counter.btf());
        LoadException e = assertThrows(LoadException.class,
                () -> ObjectLoader.load(unlicensed, LoadOptions.defaults().withObjectName("counter")));
        for (String part : List.of("object counter has no license section", "char LICENSE[] SEC(\"license\") = \"GPL\";",
                "@BpfProgram(license = \"GPL\")", "--license GPL")) {
            assertTrue(e.getMessage().contains(part), "missing '" + part + "' in " + e.getMessage());
        }
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void btfGivesMapsTheirTypesAndProgramsTheirFuncInfo() {
        try (LoadedObject loaded = ObjectLoader.load(TestObjects.counter(), LoadOptions.defaults())) {
            assertEquals(new LoadedObject.BtfStatus(true, java.util.Optional.empty()), loaded.btf());
            var counts = loaded.map("counts").info();
            assertNotEquals(0, counts.btfId());
            assertNotEquals(0, counts.btfValueTypeId());
            assertNotEquals(0, loaded.globals(".data").map().info().btfValueTypeId());
            assertNotEquals(0, loaded.program("entry").info().btfId());
            assertEquals(List.of(), loaded.warnings());
        }
    }

    @Test
    void btfTheKernelRefusesIsDroppedAndTheReasonKept() {
        try (LoadedObject loaded = ObjectLoader.load(TestObjects.counter(List.of(), true), LoadOptions.defaults())) {
            assertFalse(loaded.btf().loaded());
            assertTrue(loaded.btf().refusal().orElseThrow().contains("refused"), loaded.btf().refusal().toString());
            assertEquals(105, loaded.program("entry").testRun(FRAME, 1).retval());
            assertEquals(0, loaded.program("entry").info().btfId());
            assertEquals(0, loaded.map("counts").info().btfId());
            assertTrue(loaded.warnings().getFirst().contains("without it"), loaded.warnings().toString());
        }
    }

    @Test
    void aVerifierRejectionNamesTheSourceLine() {
        BpfObject object = TestObjects.counter(List.of(TestObjects.refused()), false);
        VerifierException e = assertThrows(VerifierException.class, () -> ObjectLoader.load(object, LoadOptions.defaults()));
        assertTrue(e.getMessage().contains("Refused.java:41"), e.getMessage());
        assertEquals(java.util.Optional.of("Refused.java:41"), e.sourceLocation());
        // the kernel printed our line info in its log, so it took the records
        assertTrue(e.log().contains("int x = unset;"), e.log());
    }

    @Test
    void aVerifierRejectionNamesTheSourceLineWithoutBtfToo() {
        BpfObject object = TestObjects.counter(List.of(TestObjects.refused()), false);
        VerifierException e = assertThrows(VerifierException.class,
                () -> ObjectLoader.load(object, LoadOptions.defaults().withoutBtf()));
        assertEquals(java.util.Optional.of("Refused.java:41"), e.sourceLocation());
    }

    @Test
    void closeReleasesEveryFileDescriptor() throws IOException {
        ObjectLoader.load(TestObjects.counter(), LoadOptions.defaults()).close(); // warm up classes and probes
        long before = openFds();
        LoadedObject loaded = ObjectLoader.load(TestObjects.counter(List.of(TestObjects.second()), false), LoadOptions.defaults());
        assertTrue(openFds() >= before + 8, "6 maps and 2 programs are open");
        loaded.close();
        assertEquals(before, openFds());
        loaded.close(); // a second close does nothing
    }

    @Test
    void aFailureMidwayLeavesNoFileDescriptorBehind() throws IOException {
        BpfObject object = TestObjects.counter(List.of(TestObjects.second(), TestObjects.refused()), false);
        assertThrows(VerifierException.class, () -> ObjectLoader.load(object, LoadOptions.defaults()));
        long before = openFds();
        assertThrows(VerifierException.class, () -> ObjectLoader.load(object, LoadOptions.defaults()));
        assertEquals(before, openFds());
    }

    @Test
    void theDataSectionMapsAreNamedLikeLibbpfs() {
        try (LoadedObject loaded = ObjectLoader.load(TestObjects.counter(), LoadOptions.defaults().withObjectName("counter-object"))) {
            assertEquals("counter_.rodata", loaded.globals(".rodata").map().info().name());
            assertEquals("counter_.bss", loaded.globals(".bss").map().info().name());
        }
    }

    static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
