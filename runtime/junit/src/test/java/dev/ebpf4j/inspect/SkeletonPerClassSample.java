package dev.ebpf4j.inspect;

import dev.ebpf4j.junit.KernelTest;
import dev.ebpf4j.junit.LoadedPerClass;
import dev.ebpf4j.junit.SamplesOnly;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** As {@link SkeletonPerTestSample}, with the skeleton loaded once for the class. */
@SamplesOnly
@KernelTest
@LoadedPerClass
public class SkeletonPerClassSample {
    public static final List<Integer> PROGRAM_IDS = new CopyOnWriteArrayList<>();

    @BeforeEach
    void blockTelnet() {
        PortFilter.blockedPorts.put(23, (byte) 1);
    }

    @Test
    void first(PortFilterSkeleton filter) {
        PROGRAM_IDS.add(filter.filter().id());
        SkeletonPerTestSample.dropsOnceOnBothSides(filter);
    }

    @Test
    void second(PortFilterSkeleton filter) {
        PROGRAM_IDS.add(filter.filter().id());
        SkeletonPerTestSample.dropsOnceOnBothSides(filter);
    }
}
