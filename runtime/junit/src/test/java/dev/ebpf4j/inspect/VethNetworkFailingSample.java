package dev.ebpf4j.inspect;

import static org.junit.jupiter.api.Assertions.fail;

import dev.ebpf4j.junit.KernelTest;
import dev.ebpf4j.junit.SamplesOnly;
import dev.ebpf4j.junit.VethNetwork;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A user's network test that fails with a program attached: {@code VethNetworkTest} checks nothing of it is left. */
@SamplesOnly
@KernelTest
public class VethNetworkFailingSample {
    public static final List<String> NAMESPACES = new CopyOnWriteArrayList<>();
    public static final List<Integer> PROGRAM_IDS = new CopyOnWriteArrayList<>();

    @RegisterExtension
    final VethNetwork network = VethNetwork.create();

    @Test
    void failsWithAProgramAttached(PortFilterSkeleton filter) {
        NAMESPACES.add(network.inner().name());
        NAMESPACES.add(network.outer().name());
        network.attachXdp(filter.filter());
        PROGRAM_IDS.add(filter.filter().id());
        fail("failing on purpose with " + network);
    }
}
