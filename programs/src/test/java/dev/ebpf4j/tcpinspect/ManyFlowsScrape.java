package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.inspect.FlowTracker;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.NetworkNamespace;
import dev.ebpf4j.maps.KernelMap;
import dev.ebpf4j.maps.KernelMaps;
import dev.ebpf4j.tcpinspect.source.FlowTrackerProbe;
import dev.ebpf4j.testing.VethPair;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

/**
 * A harness, not a test: the time of a {@code /metrics} scrape while FlowTracker's table holds N
 * flows (issue 16: under 50 ms with 10,000). FlowTracker is attached to a veth in namespaces of its
 * own, as {@code watch} attaches it, its table filled with N flows through its map, and the
 * endpoint {@code --prometheus} starts scraped over HTTP; prints the median and the slowest of the
 * scrapes. {@code bin/bench-tcpinspect --flows N} runs it.
 */
public final class ManyFlowsScrape {
    private ManyFlowsScrape() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int scrapes = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        VethPair veth = VethPair.create();
        try {
            NetworkDevice device = NetworkDevice.named(veth.inner(), new NetworkNamespace(veth.innerNamespace()));
            try (FlowTrackerProbe probe = FlowTrackerProbe.attach(device)) {
                KernelMap<FlowTracker.FlowKey, FlowTracker.Flow> flows =
                        KernelMaps.of(probe.object().map("flows"), FlowTracker.FlowKey.class, FlowTracker.Flow.class);
                long now = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    flows.put(new FlowTracker.FlowKey(0, 0x0a000001L, 0, 0x0a010000L + i, 8080, 40000 + (i & 0x3fff)),
                            new FlowTracker.Flow(now, now, 3, 180, 2, 120, 0x12, 0x10, 2));
                }
                Sources sources = new Sources();
                sources.add(probe);
                int port;
                try (ServerSocket free = new ServerSocket(0)) {
                    port = free.getLocalPort();
                }
                try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1:" + port, sources);
                     HttpClient client = HttpClient.newHttpClient()) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
                    double[] millis = new double[scrapes];
                    String body = "";
                    for (int i = -5; i < scrapes; i++) {   // five to warm up
                        long start = System.nanoTime();
                        body = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
                        if (i >= 0) millis[i] = (System.nanoTime() - start) / 1e6;
                    }
                    if (!body.contains("tcpinspect_flows{interface=\"" + device.name() + "\"} " + count + ".0")) {
                        throw new IllegalStateException("the scrape does not show " + count + " flows:\n" + body);
                    }
                    Arrays.sort(millis);
                    System.out.printf("/metrics with %d flows in the table: median %.1f ms, slowest %.1f ms (%d scrapes)%n",
                            count, millis[scrapes / 2], millis[scrapes - 1], scrapes);
                }
            }
        } finally {
            veth.close();
        }
    }
}
