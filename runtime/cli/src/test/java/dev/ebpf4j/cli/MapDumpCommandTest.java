package dev.ebpf4j.cli;

import dev.ebpf4j.testing.TestClassPath;
import static dev.ebpf4j.cli.CommandLineTest.assertOneLineError;
import static dev.ebpf4j.cli.CommandLineTest.ebpf4j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.loader.ObjectLoader;
import dev.ebpf4j.object.ObjectReader;
import dev.ebpf4j.sys.PossibleCpus;
import dev.ebpf4j.testing.ChildJvm;
import dev.ebpf4j.testing.ExternalTool;
import dev.ebpf4j.testing.RequiresBpf;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ebpf4j map dump} on maps clang-19 compiled and our loader created, pinned on a private
 * bpffs this test mounts on a temporary directory (and unmounts afterwards): the output is compared
 * with {@code bpftool map dump pinned} on the same pins, and checked for the values written.
 */
@RequiresBpf
class MapDumpCommandTest {
    private Path mount;
    private Path dir;
    private Path scratch;

    @BeforeEach
    void mountPrivateBpffs() throws Exception {
        scratch = Files.createTempDirectory("ebpf4j-mapdump");
        mount = Files.createTempDirectory("ebpf4j-mapdump-bpffs");
        int status = new ProcessBuilder("mount", "-t", "bpf", "bpf", mount.toString()).inheritIO().start().waitFor();
        if (status != 0) {
            Files.delete(mount);
            mount = null;
            System.out.println("skipping: mounting a private bpffs failed");
            Assumptions.abort("no bpffs");
        }
        dir = mount.resolve("mapdump");
    }

    @AfterEach
    void unmount() throws Exception {
        try {
            if (mount != null) {
                try {
                    deleteTree(dir);
                } finally {
                    new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
                    Files.delete(mount);
                }
            }
        } finally {
            deleteTree(scratch);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Compiles the fixture, loads it, writes known entries and pins everything under {@code dir}. */
    private void loadAndPin() throws IOException {
        ExternalTool clang = ExternalTool.require("clang-19");
        Path source = scratch.resolve("mapdump.c");
        try (InputStream in = getClass().getResourceAsStream("/fixtures/object/mapdump.c")) {
            Files.copy(in, source);
        }
        Path object = scratch.resolve("mapdump.o");
        clang.run("-g", "-O2", "-target", "bpf", "-c", source.toString(), "-o", object.toString());
        try (LoadedObject loaded = ObjectLoader.load(ObjectReader.read(object), LoadOptions.defaults().withObjectName("mapdump"))) {
            loaded.map("flows").update(u32(1), flow(42, "hi", 5, (byte) 0xfd, (byte) -3, true, 0x10, 7));
            loaded.map("flows").update(u32(2), flow(7, "abcdefgh", 9, (byte) 0, (byte) 0, false, 0, -1));
            loaded.map("totals").update(u32(1), le(8).putLong(0, 42).array());
            loaded.map("totals").update(u32(2), le(8).putLong(0, -1).array());
            int cpus = PossibleCpus.count();
            ByteBuffer perCpu = le(8 * cpus);
            for (int cpu = 0; cpu < cpus; cpu++) {
                perCpu.putInt(8 * cpu, 100 + cpu);
            }
            loaded.map("per_cpu").update(u32(1), perCpu.array());
            loaded.map("untyped").update(u32(1), new byte[] {1, 2, 3, 4, 5, 6});
            loaded.program("count").testRun(new byte[64], 1);
            loaded.pinAll(dir);
        }
    }

    private static byte[] u32(int value) {
        return le(4).putInt(0, value).array();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** struct flow: packets@0, name[8]@4, color@12, low:3 high:5 @16, delta@17, seen@18, cookie@24, bytes[2]@32, either@48. */
    private static byte[] flow(int packets, String name, int color, byte bits, byte delta, boolean seen, long cookie, long bytes1) {
        ByteBuffer b = le(56);
        b.putInt(0, packets);
        byte[] text = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        b.put(4, text, 0, Math.min(8, text.length));
        b.putInt(12, color);
        b.put(16, bits);
        b.put(17, delta);
        b.put(18, (byte) (seen ? 1 : 0));
        b.putLong(24, cookie);
        b.putLong(32, 1);
        b.putLong(40, bytes1);
        b.putInt(48, 7);
        return b.array();
    }

    private static String bpftool(Path pin) {
        return ExternalTool.require("bpftool").run("map", "dump", "pinned", pin.toString()).stdout();
    }

    private static String dump(Path pin) {
        CommandLineTest.Run run = ebpf4j("map", "dump", pin.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        return run.out();
    }

    @Test
    void everyMapPrintsWhatBpftoolPrints() throws IOException {
        loadAndPin();
        ExternalTool.require("bpftool");
        for (String name : List.of("flows", "totals", "per_cpu", "untyped", "mapdump_data", "mapdump_bss")) {
            Path pin = dir.resolve("maps").resolve(name);
            assertEquals(bpftool(pin), dump(pin), name);
        }
    }

    @Test
    void aStructValueShowsItsFieldsByName() throws IOException {
        loadAndPin();
        String out = dump(dir.resolve("maps/flows"));
        // A hash map's order is the kernel's (5.10 walks it differently from 6.x): look for the entry, not its place.
        assertTrue(out.startsWith("[{\n") && out.contains("{\n        \"key\": 1,\n        \"value\": {\n            \"packets\": 42,\n"
                + "            \"name\": \"hi\",\n            \"color\": \"GREEN\",\n            \"low\": 0x5,\n"
                + "            \"high\": 0x1f,\n            \"delta\": -3,\n            \"seen\": true,\n"
                + "            \"cookie\": 0x10,\n            \"bytes\": [1,7\n            ],\n"), out);
        assertTrue(out.contains("\"name\": [97,98,99,100,101,102,103,104\n"), out);  // no NUL: not a string
        assertTrue(out.contains("\"color\": 9,"), out);                               // no enumerator 9
        assertTrue(out.contains("\"cookie\": (nil),"), out);
        assertTrue(out.contains("\"bytes\": [1,18446744073709551615\n"), out);
        assertTrue(out.endsWith("    }\n]\n"), out);
    }

    @Test
    void perCpuAndUntypedMapsShowEveryCpuAndHexBytes() throws IOException {
        loadAndPin();
        String perCpu = dump(dir.resolve("maps/per_cpu"));
        for (int cpu = 0; cpu < PossibleCpus.count(); cpu++) {
            assertTrue(perCpu.contains("\"cpu\": " + cpu + ",\n                \"value\": " + (100 + cpu) + "\n"), perCpu);
        }
        assertEquals("key: 01 00 00 00  value: 01 02 03 04 05 06\nFound 1 element\n", dump(dir.resolve("maps/untyped")));
        assertTrue(dump(dir.resolve("maps/totals")).contains("\"key\": 2,\n        \"value\": 18446744073709551615\n"));
    }

    /**
     * In a child JVM with no capabilities at all (still uid 0, so the pin's owner): the map and its
     * entries are open to it, the map's BTF is not (fetching BTF by id needs CAP_SYS_ADMIN).
     */
    @Test
    void withoutCapabilitiesAMapWhoseBtfIsRefusedIsDumpedAsHexWithANote() throws Exception {
        loadAndPin();
        ExternalTool setpriv = ExternalTool.require("setpriv");
        List<String> command = new ArrayList<>(List.of("--inh-caps=-all", "--bounding-set=-all", "--"));
        // the class path: the command line and every module below it
        command.addAll(ChildJvm.command(List.of("-Xshare:off"), TestClassPath.of(), Ebpf4j.class.getName(),
                List.of("map", "dump", dir.resolve("maps/totals").toString())));
        ExternalTool.Result run = setpriv.runAllowingFailure(command);
        if (run.exitCode() != 0 && run.stderr().contains("BPF_OBJ_GET") && run.stderr().contains("EPERM")) {
            // Kernels that refuse bpf() to unprivileged processes altogether (Debian's 5.10 with
            // unprivileged_bpf_disabled) have no process that may read the map but not its BTF.
            String reason = "a process without capabilities may not open the pinned map here: " + run.stderr().strip();
            System.out.println("skipping: " + reason);
            org.junit.jupiter.api.Assumptions.abort(reason);
        }
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains("key: 02 00 00 00  value: ff ff ff ff ff ff ff ff\n"), run.stdout());
        assertTrue(run.stdout().endsWith("Found 3 elements\n"), run.stdout());
        assertEquals(1, run.stderr().lines().count(), run.stderr());
        assertTrue(run.stderr().startsWith("ebpf4j: note: map 'totals': its BTF (id ") && run.stderr().contains("CAP_SYS_ADMIN")
                && run.stderr().contains("showing raw hex"), run.stderr());
    }

    @Test
    void aPinnedProgramIsNotAMap() throws IOException {
        loadAndPin();
        assertOneLineError(ebpf4j("map", "dump", dir.resolve("count").toString()),
                "mapdump/count: not a pinned map (it is a pinned program)");
    }

    @Test
    void pathsThatHoldNoPinSaySo() throws IOException {
        assertOneLineError(ebpf4j("map", "dump", mount.resolve("absent").toString()), "absent: no such file");
        Path plain = Files.writeString(scratch.resolve("plain"), "x");
        assertOneLineError(ebpf4j("map", "dump", plain.toString()), "plain: not a pinned map", "not on bpffs");
        assertOneLineError(ebpf4j("map", "dump", mount.toString()), "is a directory, not a pinned map");
    }
}
