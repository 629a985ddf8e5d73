package dev.ebpf4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.junit.KernelTest;
import dev.ebpf4j.junit.SamplesOnly;
import dev.ebpf4j.junit.VethNetwork;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A user's test through a VLAN sub-interface: frames on the veth carry the 802.1Q tag, which PortFilter steps over. */
@SamplesOnly
@KernelTest
public class VethNetworkVlanSample {
    public static final List<String> NAMESPACES = new CopyOnWriteArrayList<>();

    @RegisterExtension
    final VethNetwork network = VethNetwork.create().withVlan(100);

    @Test
    void taggedSynsToABlockedPortAreDroppedAndOtherPortsPass(PortFilterSkeleton filter) {
        NAMESPACES.add(network.inner().name());
        filter.blockedPorts().put(23, (byte) 1);
        network.attachXdp(filter.filter());
        network.synOnly(VethNetwork.INNER_VLAN_IPV4, 23, 4);
        assertEquals(Map.of(23, 4L), filter.droppedByPort().entries());
        assertEquals(5_000, network.sendTcp(VethNetwork.INNER_VLAN_IPV6, 8080, 5_000));
        assertEquals(5_000, network.sendTcp(VethNetwork.INNER_VLAN_IPV4, 8080, 5_000));
    }
}
