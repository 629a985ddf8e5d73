package dev.ebpf4j.sys;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Looks a test oracle up on the PATH; skips the test with a printed reason when it is absent. */
public final class ExternalTool {
    private ExternalTool() {}

    public static String require(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        System.out.println("skipping: " + tool + " is not on the PATH");
        Assumptions.abort(tool + " is not on the PATH");
        return null;
    }
}
