package dev.ebpf4j.features;

import static org.junit.jupiter.api.Assertions.*;

import dev.ebpf4j.sys.BpfAvailable;
import dev.ebpf4j.sys.KernelVersion;
import dev.ebpf4j.types.MapType;
import dev.ebpf4j.types.ProgramType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The probes asked of the running kernel, checked against the release that brought each feature. */
@Tag("kernel")
class FeaturesTest {
    private final Features features = Features.get();

    @BeforeEach
    void kernel() {
        BpfAvailable.assumeBpf();
    }

    @Test
    void everyProgramTypeOfThisKernelIsThere() {
        String config = kernelConfig();
        for (ProgramType type : ProgramType.values()) {
            if (type == ProgramType.TRACING || type == ProgramType.EXT || type == ProgramType.LSM) {
                assertThrows(UnsupportedOperationException.class, () -> features.programType(type), type.name());
                continue;
            }
            if (type == ProgramType.LIRC_MODE2 && config == null) {
                System.out.println("not checking LIRC_MODE2: no /proc/config.gz tells whether CONFIG_BPF_LIRC_MODE2 is built");
                continue;
            }
            // LIRC_MODE2 is the one type behind a config option of its own, off in some kernels.
            boolean expected = KernelHistory.has(KernelHistory.since(type))
                    && (type != ProgramType.LIRC_MODE2 || config.contains("CONFIG_BPF_LIRC_MODE2=y"));
            assertEquals(expected, features.programType(type), type.name());
        }
    }

    private static String kernelConfig() {
        Path config = Path.of("/proc/config.gz");
        if (!Files.isReadable(config)) {
            return null;
        }
        try (var in = new GZIPInputStream(Files.newInputStream(config))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyMapTypeOfThisKernelIsThere() {
        for (MapType type : MapType.values()) {
            assertEquals(KernelHistory.has(KernelHistory.since(type)), features.mapType(type), type.name());
        }
    }

    @Test
    void helpersAreTellingKnownFromUnknownAndFromTheWrongProgramType() {
        assertTrue(features.helper(ProgramType.XDP, 1));            // map_lookup_elem: argument complaints still mean "there"
        assertTrue(features.helper(ProgramType.XDP, 44));           // xdp_adjust_head
        assertTrue(features.helper(ProgramType.SOCKET_FILTER, 5));  // ktime_get_ns
        assertFalse(features.helper(ProgramType.SOCKET_FILTER, 44)); // xdp_adjust_head is not for sockets
        assertFalse(features.helper(ProgramType.XDP, 100_000));     // no such helper
    }

    @Test
    void theInstructionSetLevelIsTheKernels() {
        InstructionSetLevel expected = KernelHistory.instructionSetLevel(KernelVersion.running());
        assertEquals(expected, features.instructionSetLevel());
        for (InstructionSetLevel level : InstructionSetLevel.values()) {
            assertEquals(level.compareTo(expected) <= 0, features.supports(level), level.name());
        }
    }

    @Test
    void arraysAreMmapableAndEveryBtfKindLoads() {
        assertTrue(features.mmapableArrays());
        for (BtfFeature feature : EnumSet.allOf(BtfFeature.class)) {
            assertEquals(KernelHistory.has(KernelHistory.since(feature)), features.btf(feature), feature.name());
        }
    }

    @Test
    void answersAreCachedForTheProcess() {
        features.programType(ProgramType.SCHED_CLS);
        features.mapType(MapType.LRU_HASH);
        features.helper(ProgramType.SCHED_CLS, 2);
        features.instructionSetLevel();
        features.mmapableArrays();
        int probes = features.probesRun();
        assertTrue(probes > 0);
        for (int i = 0; i < 3; i++) {
            assertTrue(features.programType(ProgramType.SCHED_CLS));
            assertTrue(features.mapType(MapType.LRU_HASH));
            assertTrue(features.helper(ProgramType.SCHED_CLS, 2));
            assertEquals(KernelHistory.instructionSetLevel(KernelVersion.running()), features.instructionSetLevel());
            assertTrue(features.mmapableArrays());
        }
        assertEquals(probes, features.probesRun());
        assertSame(features, Features.get());
    }
}
