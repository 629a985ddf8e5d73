package dev.ebpf4j.inspect;

import dev.ebpf4j.junit.KernelTest;
import dev.ebpf4j.junit.SamplesOnly;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * A user's jqwik property with the skeleton as a parameter beside the generated ones: one load for
 * the property, and each try sees the JVM maps empty but for what {@code @BeforeTry} put there.
 */
@SamplesOnly
public class SkeletonJqwikSample {
    public static final List<Integer> PROGRAM_IDS = SkeletonPerTestSample.PROGRAM_IDS;

    @BeforeTry
    void blockTelnet() {
        PortFilter.blockedPorts.put(23, (byte) 1);
    }

    @Property(tries = 5)
    @KernelTest
    void dropsOnceOnBothSidesOnEveryTry(@ForAll @IntRange(min = 1, max = 100) int unused, PortFilterSkeleton filter) {
        SkeletonPerTestSample.dropsOnceOnBothSides(filter);
    }
}
