package dev.ebpf4j.features;

import dev.ebpf4j.testing.TestClassPath;
import static org.junit.jupiter.api.Assertions.*;

import dev.ebpf4j.testing.ChildJvm;
import dev.ebpf4j.testing.ExternalTool;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.types.MapType;
import dev.ebpf4j.types.ProgramType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The probes run again in a child JVM whose capabilities are this process's minus a few
 * (dropped from the bounding and effective sets with {@code setpriv}), and are compared with this
 * process's answers: fewer capabilities turn answers into refusals with a reason, never into
 * "unsupported", never into an exception while bpf() itself is allowed. Nothing here assumes which
 * capabilities this process holds; the kernel facts used are which capability each type needs
 * (kernel/bpf/syscall.c: map_create, bpf_prog_load).
 */
@RequiresBpf
class FeaturesWithFewerCapabilitiesTest {
    /** Map types the kernel creates only for CAP_NET_ADMIN. */
    private static final List<MapType> NET_ADMIN_MAPS =
            List.of(MapType.DEVMAP, MapType.DEVMAP_HASH, MapType.SOCKMAP, MapType.SOCKHASH, MapType.XSKMAP);
    /** Program types the kernel loads only for CAP_NET_ADMIN, and only for CAP_PERFMON. */
    private static final List<ProgramType> NET_ADMIN_PROGRAMS = List.of(ProgramType.XDP, ProgramType.SCHED_CLS, ProgramType.SCHED_ACT);
    private static final List<ProgramType> PERFMON_PROGRAMS =
            List.of(ProgramType.KPROBE, ProgramType.TRACEPOINT, ProgramType.PERF_EVENT, ProgramType.RAW_TRACEPOINT);

    private Map<String, String> own;

    @BeforeEach
    void ownAnswers() {
        own = FeaturesReport.answers();
    }

    @Test
    void withoutAdminPerfmonNetAdminAndResourceCapabilitiesTypesAreRefusedWithTheReasonNotUnsupported() throws Exception {
        Map<String, String> child = runChild("sys_admin", "perfmon", "net_admin", "sys_resource");
        List<String> problems = new ArrayList<>();
        child.forEach((key, answer) -> {
            if (answer.startsWith("error")) {
                problems.add(key + " threw in the child, which may use bpf(): " + answer);
            }
        });
        problems.addAll(contradictions(child));
        assertEquals(List.of(), problems, () -> "child answers:\n" + lines(child));

        for (MapType type : NET_ADMIN_MAPS) {
            assertRefusedFor(child, "map " + type, "CAP_NET_ADMIN");
        }
        for (ProgramType type : NET_ADMIN_PROGRAMS) {
            assertRefusedFor(child, "program " + type, "CAP_NET_ADMIN");
        }
        for (ProgramType type : PERFMON_PROGRAMS) {
            assertRefusedFor(child, "program " + type, "CAP_PERFMON");
        }
        // bpf_trace_printk and bpf_probe_read_kernel are CAP_PERFMON's; the kernel's words for the
        // refusal are the ones for a helper the program type lacks.
        assertRefusedFor(child, "helper SOCKET_FILTER 6", "CAP_PERFMON");
        assertRefusedFor(child, "helper SOCKET_FILTER 113", "CAP_PERFMON");
        assertRefusedFor(child, "helper XDP 1", "CAP_NET_ADMIN");

        // What needs no dropped capability answers as in this process.
        for (String key : List.of("map ARRAY", "map HASH", "map PERCPU_ARRAY", "map RINGBUF", "map LRU_HASH", "map LPM_TRIE",
                "program SOCKET_FILTER", "program CGROUP_SKB", "program SK_REUSEPORT",
                "helper SOCKET_FILTER 1", "helper SOCKET_FILTER 5", "helper SOCKET_FILTER 44", "helper SOCKET_FILTER 100000",
                "level V2", "level V3", "level V4", "btf FUNC", "btf DATASEC", "btf ENUM64", "mmapable-arrays")) {
            assertEquals(own.get(key), child.get(key), key);
        }
    }

    @Test
    void withoutBpfAndAdminCapabilitiesProbesThrowExactlyWhenEvenAnArrayMapIsRefused() throws Exception {
        Map<String, String> child = runChild("bpf", "sys_admin", "perfmon", "net_admin", "sys_resource");
        boolean bpfRefused = child.get("array-map").startsWith("refused");
        List<String> problems = new ArrayList<>();
        child.forEach((key, answer) -> {
            if (key.equals("array-map") || key.equals("capabilities") || key.equals("level V1")) {
                return;
            }
            boolean threw = answer.startsWith("error: BpfException EPERM: bpf() is refused to this process");
            boolean answered = answer.startsWith("supported") || answer.startsWith("unsupported") || answer.startsWith("refused");
            if (bpfRefused ? !threw && !answer.startsWith("unsupported") : !answered) {
                problems.add(key + ": " + answer);
            }
        });
        problems.addAll(contradictions(child));
        assertEquals(List.of(), problems, () -> "array map " + child.get("array-map") + "; child answers:\n" + lines(child));
        if (bpfRefused) {
            // Unknown types are turned down before any capability check; everything else throws.
            assertTrue(child.get("map HASH").startsWith("error"), lines(child));
            assertTrue(child.get("program SOCKET_FILTER").startsWith("error"), lines(child));
        }
    }

    /**
     * Answers of the child that contradict this process's: fewer capabilities may turn
     * "supported" into "refused", never into "unsupported", and never turn anything into
     * "supported" that was not.
     */
    private List<String> contradictions(Map<String, String> child) {
        List<String> problems = new ArrayList<>();
        own.forEach((key, mine) -> {
            String theirs = child.get(key);
            if (key.equals("array-map") || key.equals("capabilities")) {
                return; // facts about the process, not answers
            }
            if (theirs == null) {
                problems.add(key + ": no answer from the child");
            } else if (theirs.startsWith("supported") && !mine.startsWith("supported")) {
                problems.add(key + ": supported in the child but " + mine + " here");
            } else if (theirs.startsWith("unsupported") && !mine.startsWith("unsupported") && !mine.startsWith("error")) {
                problems.add(key + ": unsupported in the child (" + theirs + ") but " + mine + " here");
            } else if (theirs.startsWith("refused") && theirs.length() < "refused: ".length() + 20) {
                problems.add(key + ": refused without a reason: " + theirs);
            }
        });
        return problems;
    }

    /** Refused in the child with a reason naming {@code capability}, unless this kernel lacks the feature. */
    private void assertRefusedFor(Map<String, String> child, String key, String capability) {
        if (own.get(key).startsWith("unsupported")) {
            return; // not in this kernel: nothing to refuse
        }
        String answer = child.get(key);
        assertTrue(answer.startsWith("refused: ") && answer.contains(capability), key + ": " + answer);
    }

    private Map<String, String> runChild(String... drop) throws Exception {
        String setpriv = ExternalTool.require("setpriv").executable().toString();
        String caps = "-" + String.join(",-", drop);
        List<String> command = new ArrayList<>(List.of(setpriv, "--inh-caps=" + caps, "--bounding-set=" + caps, "--"));
        command.addAll(ChildJvm.command(TestClassPath.of(), FeaturesReport.class.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        child.getOutputStream().close();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the child did not finish");
        if (out.startsWith("setpriv:")) {
            // No CAP_SETPCAP here, or an old setpriv: this process cannot drop capabilities for a child.
            System.out.println("skipping: cannot drop capabilities: " + out.strip());
            Assumptions.abort("cannot drop capabilities: " + out.strip());
        }
        assertEquals(0, child.exitValue(), out);
        Map<String, String> answers = FeaturesReport.parse(out);
        long effective = Long.parseUnsignedLong(answers.getOrDefault("capabilities", "0"), 16);
        for (String capability : drop) {
            Privileges.Capability dropped = Privileges.Capability.valueOf(capability.toUpperCase());
            assertEquals(0, effective & (1L << dropped.bit), "the child still holds " + dropped + ": " + out);
        }
        return answers;
    }

    private static String lines(Map<String, String> answers) {
        StringBuilder text = new StringBuilder();
        answers.forEach((key, answer) -> text.append(key).append(": ").append(answer).append('\n'));
        return text.toString();
    }
}
