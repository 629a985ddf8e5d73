package dev.ebpf4j.tcpinspect.source;

import java.util.List;

/**
 * The connections a flow tracker holds on one interface. No program of this build tracks flows:
 * FlowTracker (issue 15) will implement this; until then the tool says that the flow table needs it.
 */
public interface FlowSource {
    /** One TCP connection as the tracker saw it, both directions in one entry. */
    record Flow(String client, int clientPort, String server, int serverPort, long bytesToServer, long bytesToClient,
                String state, long ageMillis) {}

    List<Flow> flows();
}
