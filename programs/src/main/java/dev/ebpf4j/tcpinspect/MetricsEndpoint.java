package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.tcpinspect.source.FlagCombination;
import dev.ebpf4j.tcpinspect.source.TrafficSample;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * {@code --prometheus [HOST:]PORT}: {@code /metrics} served by the Prometheus Java client, each
 * value read from the maps when it is scraped (callback metrics: no copy of the counters is kept in
 * between; connection events are counted as the run reads them from their ring buffers). Labels
 * take bounded values only: interface, direction, flag combination, firewall rule (as many as the
 * operator gives), event kind; addresses and ports stay in the view and the JSON lines.
 */
final class MetricsEndpoint implements AutoCloseable {
    private final HTTPServer server;

    private MetricsEndpoint(HTTPServer server) {
        this.server = server;
    }

    /**
     * Parses {@code [HOST:]PORT}.
     *
     * @throws IllegalArgumentException for a malformed value
     */
    static InetSocketAddress address(String value) {
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? null : value.substring(0, colon);
        String portText = value.substring(colon + 1);
        int port = portText.matches("\\d{1,5}") ? Integer.parseInt(portText) : -1;
        if (port < 0 || port > 65535 || (host != null && host.isEmpty())) {
            throw new IllegalArgumentException("--prometheus '" + value + "' is not [HOST:]PORT (for example 9435 or 127.0.0.1:9435)");
        }
        if (host != null && host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host == null ? new InetSocketAddress(port) : InetSocketAddress.createUnresolved(host, port);
    }

    /**
     * Registers the metrics over {@code sources} and starts serving them.
     *
     * @throws ToolFailure ({@link ExitCode#PORT_IN_USE}) if the port is taken
     */
    static MetricsEndpoint start(String value, Sources sources) {
        InetSocketAddress address = address(value);
        PrometheusRegistry registry = new PrometheusRegistry();
        CounterWithCallback.builder()
                .name("tcpinspect_tcp_packets_total")
                .help("TCP packets seen, by interface, direction and flag combination (syn, syn_ack, ack, fin, rst, other)")
                .labelNames("interface", "direction", "flags")
                .callback(callback -> {
                    for (TrafficSample sample : sources.traffic(false)) {
                        for (Map.Entry<FlagCombination, Long> e : sample.packetsByFlags().entrySet()) {
                            callback.call(e.getValue(), sample.device(), sample.direction(), e.getKey().label());
                        }
                    }
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("tcpinspect_tcp_bytes_total")
                .help("Bytes of TCP packets seen (frame lengths from the Ethernet header on, VLAN tags included), by interface, direction and flag combination")
                .labelNames("interface", "direction", "flags")
                .callback(callback -> {
                    for (TrafficSample sample : sources.traffic(false)) {
                        for (Map.Entry<FlagCombination, Long> e : sample.bytesByFlags().entrySet()) {
                            callback.call(e.getValue(), sample.device(), sample.direction(), e.getKey().label());
                        }
                    }
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("tcpinspect_firewall_dropped_total")
                .help("Packets the firewall dropped, by interface and rule")
                .labelNames("interface", "rule")
                .callback(callback -> {
                    for (Reading.FirewallDrops drops : sources.firewall()) {
                        callback.call(drops.dropped(), drops.device(), drops.rule().toString());
                    }
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("tcpinspect_syn_guard_dropped_total")
                .help("SYNs the guard dropped, their source over its limit, by interface")
                .labelNames("interface")
                .callback(callback -> sources.guards().forEach(g -> callback.call(g.dropped(), g.device())))
                .register(registry);
        CounterWithCallback.builder()
                .name("tcpinspect_syn_guard_passed_total")
                .help("SYNs the guard passed, by interface and why: within the limit, or allowlisted")
                .labelNames("interface", "reason")
                .callback(callback -> sources.guards().forEach(g -> {
                    callback.call(g.passed(), g.device(), "within_limit");
                    callback.call(g.allowlisted(), g.device(), "allowlisted");
                }))
                .register(registry);
        CounterWithCallback.builder()
                .name("tcpinspect_connections_total")
                .help("TCP connection events read, by interface and event: attempt (SYN), accepted (SYN-ACK), end (FIN or RST)")
                .labelNames("interface", "event")
                .callback(callback -> sources.connections().forEach((key, count) -> callback.call(count, key.get(0), key.get(1))))
                .register(registry);
        GaugeWithCallback.builder()
                .name("tcpinspect_flows")
                .help("TCP connections in the flow table, by interface")
                .labelNames("interface")
                .callback(callback -> sources.flowCounts().forEach((device, count) -> callback.call(count, device)))
                .register(registry);
        try {
            HTTPServer.Builder builder = HTTPServer.builder().port(address.getPort()).registry(registry);
            if (address.isUnresolved()) {
                builder.hostname(address.getHostString());
            }
            return new MetricsEndpoint(builder.buildAndStart());
        } catch (BindException e) {
            throw new ToolFailure(ExitCode.PORT_IN_USE, "--prometheus " + value + ": port " + address.getPort()
                    + " is in use (" + e.getMessage() + "); choose another port, e.g. --prometheus 9435", e);
        } catch (IOException e) {
            throw new ToolFailure(ExitCode.PORT_IN_USE, "--prometheus " + value + ": cannot serve there: " + e.getMessage(), e);
        }
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
