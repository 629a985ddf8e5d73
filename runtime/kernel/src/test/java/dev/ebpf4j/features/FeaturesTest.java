package dev.ebpf4j.features;

import static org.junit.jupiter.api.Assertions.*;

import dev.ebpf4j.sys.KernelVersion;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.types.MapType;
import dev.ebpf4j.types.ProgramType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The probes asked of the running kernel, checked against the release that brought each feature.
 * This process may lack capabilities, or be under a policy that refuses some types: a feature the
 * kernel has may then be refused to it, with a reason, but is never reported missing.
 */
@RequiresBpf
class FeaturesTest {
    private final Features features = Features.get();

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
            assertKernelHas(expected, features.programTypeSupport(type), type.name());
        }
    }

    /** Supported exactly when the kernel has the feature, unless refused to this process (then it has it). */
    private static void assertKernelHas(boolean expected, Support support, String what) {
        switch (support) {
            case Support.Refused refused -> {
                System.out.println(what + " " + refused);
                assertTrue(expected, what + " is not in this kernel, yet " + refused);
                assertTrue(refused.reason().contains("EPERM") || refused.reason().contains("EACCES"), refused.toString());
            }
            case Support.Unsupported unsupported -> {
                assertFalse(expected, what + " is in this kernel, yet " + unsupported);
                assertFalse(unsupported.reason().isBlank(), what);
            }
            case Support.Supported supported -> assertTrue(expected, what + " is not in this kernel, yet supported");
        }
    }

    /** Supported, or refused to this process with a reason (this test does not know its capabilities). */
    private static void assertSupportedOrRefused(Support support, String what) {
        assertTrue(support.isSupported() || support instanceof Support.Refused, what + ": " + support);
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
    void everyMapTypeOfThisKernelIsThereOrRefusedToThisProcessWithTheReason() {
        for (MapType type : MapType.values()) {
            Support support = features.mapTypeSupport(type);
            assertKernelHas(KernelHistory.has(KernelHistory.since(type)), support, type.name());
            assertEquals(support.isSupported(), features.mapType(type), type.name());
        }
    }

    @Test
    void helpersAreTellingKnownFromUnknownAndFromTheWrongProgramType() {
        assertSupportedOrRefused(features.helperSupport(ProgramType.XDP, 1), "XDP map_lookup_elem"); // argument complaints still mean "there"
        assertSupportedOrRefused(features.helperSupport(ProgramType.XDP, 44), "XDP xdp_adjust_head");
        assertSupportedOrRefused(features.helperSupport(ProgramType.SOCKET_FILTER, 5), "SOCKET_FILTER ktime_get_ns");
        assertFalse(features.helper(ProgramType.SOCKET_FILTER, 44)); // xdp_adjust_head is not for sockets
        assertFalse(features.helper(ProgramType.XDP, 100_000));     // no such helper
        if (features.programType(ProgramType.SOCKET_FILTER)) {
            assertInstanceOf(Support.Unsupported.class, features.helperSupport(ProgramType.SOCKET_FILTER, 44));
            assertInstanceOf(Support.Unsupported.class, features.helperSupport(ProgramType.SOCKET_FILTER, 100_000));
        }
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
        assertSupportedOrRefused(features.mmapableArraysSupport(), "mmap-able arrays");
        for (BtfFeature feature : EnumSet.allOf(BtfFeature.class)) {
            assertKernelHas(KernelHistory.has(KernelHistory.since(feature)), features.btfSupport(feature), feature.name());
        }
    }

    @Test
    void answersAreCachedForTheProcessRefusalsToo() {
        Support program = features.programTypeSupport(ProgramType.SCHED_CLS);
        List<Support> maps = Stream.of(MapType.values()).map(features::mapTypeSupport).toList();
        Support helper = features.helperSupport(ProgramType.SCHED_CLS, 2);
        InstructionSetLevel level = features.instructionSetLevel();
        Support mmapable = features.mmapableArraysSupport();
        int probes = features.probesRun();
        assertTrue(probes > 0);
        for (int i = 0; i < 3; i++) {
            assertSame(program, features.programTypeSupport(ProgramType.SCHED_CLS));
            assertEquals(maps, Stream.of(MapType.values()).map(features::mapTypeSupport).toList());
            assertSame(helper, features.helperSupport(ProgramType.SCHED_CLS, 2));
            assertEquals(level, features.instructionSetLevel());
            assertSame(mmapable, features.mmapableArraysSupport());
        }
        assertEquals(probes, features.probesRun());
        assertSame(features, Features.get());
    }
}
