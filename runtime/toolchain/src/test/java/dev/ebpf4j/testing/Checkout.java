package dev.ebpf4j.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files of the checkout that tests read, found from the working directory up, since modules sit
 * at different depths (processor/, runtime/cli/) and the VM guests start in yet another one.
 */
public final class Checkout {
    private Checkout() {}

    /** The checkout's root: the nearest directory up from the working directory with bin/test in it. */
    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("bin/test"))) return dir;
        }
        throw new IllegalStateException("no checkout of ebpf4j (a directory with bin/test) above " + Path.of("").toAbsolutePath());
    }

    /** {@code first/more…} under the checkout's root. */
    public static Path path(String first, String... more) {
        return root().resolve(Path.of(first, more));
    }
}
