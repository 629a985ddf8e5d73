package dev.ebpf4j.tcpinspect.source;

import java.time.Duration;
import java.util.List;

/** The TCP connections a flow tracker holds on one interface, both directions of each in one entry. */
public interface FlowSource {
    /**
     * One TCP connection as the tracker saw it.
     *
     * @param device the interface
     * @param client the address that opened it (sent the SYN without ACK)
     * @param server the address it was opened to
     * @param bytesToServer bytes the client sent (frame lengths, VLAN tags included)
     * @param bytesToClient bytes the server sent
     * @param state {@code syn_sent}, {@code established}, {@code closing}, {@code closed_fin} or {@code closed_rst}
     * @param ageMillis since its first segment
     * @param idleMillis since its latest segment
     */
    record Flow(String device, String client, int clientPort, String server, int serverPort, long bytesToServer,
                long bytesToClient, String state, long ageMillis, long idleMillis) {
        public long bytes() {
            return bytesToServer + bytesToClient;
        }
    }

    String device();

    /** The connections now. */
    List<Flow> flows();

    /** How many connections the table holds now: what a scrape reports, without reading every entry's value. */
    default int count() {
        return flows().size();
    }

    /** Removes the connections idle for longer than {@code idle}; returns how many. */
    int expire(Duration idle);
}
