package dev.ebpf4j.tcpinspect;

import com.google.gson.stream.JsonWriter;
import dev.ebpf4j.tcpinspect.source.EventSource;
import dev.ebpf4j.tcpinspect.source.FlagCombination;
import dev.ebpf4j.tcpinspect.source.FlowSource;
import dev.ebpf4j.tcpinspect.source.GuardControl;
import dev.ebpf4j.tcpinspect.source.TrafficSample;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Map;
import java.util.SequencedMap;

/**
 * {@code --json}: one JSON object per line, in the schema the README documents (version
 * {@value #SCHEMA}): one {@code "type": "event"} object per connection event as it is read, and
 * (except for {@code events}) one {@code "type": "counters"} object per interval and one at the end
 * ({@code "final": true}). Fields are only ever added within a version; a field changing meaning or
 * going away means a new version.
 */
final class JsonLines implements Output {
    static final int SCHEMA = 1;
    /** The flows in a counters object: the largest by bytes. */
    static final int TOP_FLOWS = 20;
    private final PrintWriter out;
    private final boolean counters;

    /** {@code counters}: whether to write the counters objects, or the events only. */
    JsonLines(PrintWriter out, boolean counters) {
        this.out = out;
        this.counters = counters;
    }

    @Override
    public void interval(Reading start, Reading previous, Reading now) {
        events(now);
        if (counters) {
            write(previous, now, false);
        }
    }

    @Override
    public void end(Reading start, Reading last) {
        events(last);
        if (counters) {
            write(start, last, true);
        }
    }

    private void events(Reading now) {
        for (EventSource.ConnectionEvent event : now.events()) {
            StringWriter text = new StringWriter();
            try (JsonWriter json = new JsonWriter(text)) {
                json.beginObject();
                json.name("type").value("event");
                json.name("schema").value(SCHEMA);
                json.name("time").value(event.time().toString());
                json.name("interface").value(event.device());
                json.name("event").value(event.kind());
                json.name("source").value(event.source());
                json.name("source_port").value(event.sourcePort());
                json.name("destination").value(event.destination());
                json.name("destination_port").value(event.destinationPort());
                if (event.kind().equals("end")) {
                    json.name("duration_ms").value(event.durationMillis());
                    json.name("bytes_from_source").value(event.bytesFromSource());
                    json.name("bytes_to_source").value(event.bytesToSource());
                    json.name("end").value(event.end());
                }
                json.endObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.println(text);
        }
        out.flush();
    }

    private void write(Reading previous, Reading now, boolean last) {
        StringWriter text = new StringWriter();
        try (JsonWriter json = new JsonWriter(text)) {
            json.beginObject();
            json.name("type").value("counters");
            json.name("schema").value(SCHEMA);
            json.name("time").value(now.time().toString());
            json.name("interval_seconds").value(Math.round((now.nanos() - previous.nanos()) / 1e6) / 1e3);
            json.name("final").value(last);
            json.name("interfaces").beginArray();
            for (TrafficSample sample : now.traffic()) {
                TrafficSample before = previous.sample(sample.device(), sample.direction());
                json.beginObject();
                json.name("interface").value(sample.device());
                json.name("direction").value(sample.direction());
                json.name("packets_total").value(sample.packets());
                json.name("bytes_total").value(sample.bytes());
                json.name("packets_per_second").value(rounded(now.rate(sample.packets(), before == null ? 0 : before.packets(), previous)));
                json.name("bytes_per_second").value(rounded(now.rate(sample.bytes(), before == null ? 0 : before.bytes(), previous)));
                json.name("syn_per_second").value(rounded(now.rate(sample.packets(FlagCombination.SYN),
                        before == null ? 0 : before.packets(FlagCombination.SYN), previous)));
                json.name("packets");
                flags(json, sample.packetsByFlags());
                json.name("bytes");
                flags(json, sample.bytesByFlags());
                json.name("ports").beginArray();
                for (Map.Entry<Integer, Long> port : sample.packetsByPort().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey()).toList()) {
                    json.beginObject().name("port").value(port.getKey()).name("packets").value(port.getValue())
                            .name("bytes").value(sample.bytesByPort().getOrDefault(port.getKey(), 0L)).endObject();
                }
                json.endArray();
                json.endObject();
            }
            json.endArray();
            json.name("firewall").beginArray();
            for (Reading.FirewallDrops drops : now.firewall()) {
                json.beginObject().name("interface").value(drops.device()).name("rule").value(drops.rule().toString())
                        .name("dropped").value(drops.dropped()).endObject();
            }
            json.endArray();
            json.name("guard").beginArray();
            for (Reading.GuardCounts guard : now.guards()) {
                json.beginObject().name("interface").value(guard.device()).name("syn_passed").value(guard.passed())
                        .name("syn_dropped").value(guard.dropped()).name("syn_allowlisted").value(guard.allowlisted())
                        .name("ipv6_source_prefix").value(guard.ipv6SourcePrefix());
                json.name("over_limit").beginArray();
                for (GuardControl.OverLimit source : guard.overLimit()) {
                    json.beginObject().name("source").value(source.source()).name("dropped").value(source.dropped()).endObject();
                }
                json.endArray();
                json.endObject();
            }
            json.endArray();
            json.name("flows_total").value(now.flows().size());
            json.name("flows").beginArray();
            for (FlowSource.Flow flow : now.flows().stream().sorted(Comparator.comparingLong(FlowSource.Flow::bytes).reversed())
                    .limit(TOP_FLOWS).toList()) {
                json.beginObject().name("interface").value(flow.device()).name("client").value(flow.client())
                        .name("client_port").value(flow.clientPort()).name("server").value(flow.server())
                        .name("server_port").value(flow.serverPort()).name("bytes_to_server").value(flow.bytesToServer())
                        .name("bytes_to_client").value(flow.bytesToClient()).name("state").value(flow.state())
                        .name("age_ms").value(flow.ageMillis()).name("idle_ms").value(flow.idleMillis()).endObject();
            }
            json.endArray();
            json.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println(text);
        out.flush();
    }

    private static void flags(JsonWriter json, SequencedMap<FlagCombination, Long> counts) throws IOException {
        json.beginObject();
        for (Map.Entry<FlagCombination, Long> e : counts.entrySet()) {
            json.name(e.getKey().label()).value(e.getValue());
        }
        json.endObject();
    }

    private static double rounded(double rate) {
        return Math.round(rate * 1000) / 1000.0;
    }
}
