package dev.ebpf4j.sys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The number of possible CPUs, which sizes every per-CPU map value: the kernel copies one value slot
 * per possible CPU (not per online CPU), each rounded up to 8 bytes.
 */
public final class PossibleCpus {
    private static final Path POSSIBLE = Path.of("/sys/devices/system/cpu/possible");

    private static final class Count {
        static final int VALUE = read();
    }

    private PossibleCpus() {}

    /** The number of possible CPUs on this machine, read once. */
    public static int count() {
        return Count.VALUE;
    }

    private static int read() {
        try {
            return parse(Files.readString(POSSIBLE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + POSSIBLE + " to size per-CPU values", e);
        }
    }

    /**
     * Counts the CPUs in a kernel cpu list such as {@code 0-3,8,10-11}.
     *
     * @throws IllegalArgumentException if the text is not a cpu list
     */
    public static int parse(String cpuList) {
        String text = cpuList.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty cpu list");
        }
        int count = 0;
        for (String range : text.split(",")) {
            try {
                int dash = range.indexOf('-');
                if (dash < 0) {
                    Integer.parseInt(range);
                    count++;
                } else {
                    int from = Integer.parseInt(range.substring(0, dash));
                    int to = Integer.parseInt(range.substring(dash + 1));
                    if (to < from) {
                        throw new IllegalArgumentException("bad cpu range '" + range + "' in cpu list '" + text + "'");
                    }
                    count += to - from + 1;
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad cpu range '" + range + "' in cpu list '" + text + "'");
            }
        }
        return count;
    }
}
