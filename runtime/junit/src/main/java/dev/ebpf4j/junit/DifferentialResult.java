package dev.ebpf4j.junit;

import java.util.List;

/**
 * What a {@link Differential} run found: where the JVM and the kernel parted, one line each (a
 * frame's verdict or packet, a map's entry), empty when they agree.
 *
 * @param entry the program and entry method, as {@code PortFilter.filter}
 * @param frames how many frames ran on each side
 * @param disagreements one line per difference
 */
public record DifferentialResult(String entry, int frames, List<String> disagreements) {
    private static final int SHOWN = 20;

    public DifferentialResult {
        disagreements = List.copyOf(disagreements);
    }

    /** Whether the two sides agree on every verdict, packet and map. */
    public boolean agrees() {
        return disagreements.isEmpty();
    }

    /** Fails, listing the first differences, unless the two sides agree. */
    public void assertAgree() {
        if (!agrees()) throw new AssertionError(this);
    }

    @Override
    public String toString() {
        if (agrees()) return entry + ": the JVM and the kernel agree on " + frames + " frames and every map";
        StringBuilder text = new StringBuilder(entry + ": the JVM and the kernel disagree in " + disagreements.size() + " places over "
                + frames + " frames");
        disagreements.stream().limit(SHOWN).forEach(line -> text.append("\n  ").append(line));
        if (disagreements.size() > SHOWN) text.append("\n  ... and ").append(disagreements.size() - SHOWN).append(" more");
        return text.toString();
    }
}
