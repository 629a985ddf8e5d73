package dev.ebpf4j.features;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.sys.MapCalls;
import dev.ebpf4j.sys.OwnedFd;
import dev.ebpf4j.types.MapType;
import dev.ebpf4j.types.ProgramType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs every feature probe and prints one line per answer, {@code KEY<TAB>ANSWER}: what the
 * capability tests run in a child process with fewer capabilities than their own, and compare
 * with the answers of their own process. An answer is {@code supported}, {@code unsupported: …},
 * {@code refused: …}, or {@code error: …} for a probe that threw.
 */
final class FeaturesReport {
    /** Helpers asked of every program type in {@link #HELPER_TYPES}: ones every type has, tracing-only, packet-only, unknown. */
    static final List<Integer> HELPERS = List.of(1, 5, 6, 35, 36, 44, 93, 113, 118, 137, 100_000);
    static final List<ProgramType> HELPER_TYPES = List.of(ProgramType.SOCKET_FILTER, ProgramType.XDP, ProgramType.KPROBE);

    private FeaturesReport() {}

    /** The answers of this process, keyed like the lines the child prints. */
    static Map<String, String> answers() {
        Features features = Features.get();
        Map<String, String> answers = new LinkedHashMap<>();
        answers.put("array-map", arrayMap());
        answers.put("capabilities", status("CapEff:"));
        for (ProgramType type : ProgramType.values()) {
            if (type != ProgramType.TRACING && type != ProgramType.EXT && type != ProgramType.LSM) {
                answers.put("program " + type, answer(() -> features.programTypeSupport(type)));
            }
        }
        for (MapType type : MapType.values()) {
            answers.put("map " + type, answer(() -> features.mapTypeSupport(type)));
        }
        for (ProgramType type : HELPER_TYPES) {
            for (int helper : HELPERS) {
                answers.put("helper " + type + " " + helper, answer(() -> features.helperSupport(type, helper)));
            }
        }
        for (InstructionSetLevel level : InstructionSetLevel.values()) {
            answers.put("level " + level, answer(() -> features.levelSupport(level)));
        }
        for (BtfFeature feature : BtfFeature.values()) {
            answers.put("btf " + feature, answer(() -> features.btfSupport(feature)));
        }
        answers.put("mmapable-arrays", answer(features::mmapableArraysSupport));
        return answers;
    }

    private static String answer(Supplier<Support> probe) {
        try {
            return probe.get().toString();
        } catch (RuntimeException e) {
            String errno = e instanceof BpfException bpf ? " " + bpf.errno().name() : "";
            return "error: " + e.getClass().getSimpleName() + errno + ": " + e.getMessage();
        }
    }

    private static String arrayMap() {
        try (OwnedFd fd = MapCalls.create(new MapCalls.CreateRequest(MapType.ARRAY.number(), 4, 4, 1, 0, "report"))) {
            return "created";
        } catch (BpfException e) {
            return "refused: " + e.errno().name();
        }
    }

    private static String status(String field) {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith(field)).map(line -> line.substring(field.length()).strip())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Parses what {@link #main} printed. */
    static Map<String, String> parse(String output) {
        Map<String, String> answers = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                answers.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return answers;
    }

    public static void main(String[] args) {
        answers().forEach((key, answer) -> System.out.println(key + "\t" + answer.replace('\n', ' ')));
    }
}
