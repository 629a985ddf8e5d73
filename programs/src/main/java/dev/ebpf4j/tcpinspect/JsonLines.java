package dev.ebpf4j.tcpinspect;

import com.google.gson.stream.JsonWriter;
import dev.ebpf4j.tcpinspect.source.FlagCombination;
import dev.ebpf4j.tcpinspect.source.TrafficSample;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.SequencedMap;

/**
 * {@code --json}: one JSON object per line, per interval and one at the end ({@code "final": true}),
 * in the schema the README documents (version {@value #SCHEMA}). Fields are only ever added within
 * a version; a field changing meaning or going away means a new version.
 */
final class JsonLines implements Output {
    static final int SCHEMA = 1;
    private final PrintWriter out;

    JsonLines(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void interval(Reading start, Reading previous, Reading now) {
        write(previous, now, false);
    }

    @Override
    public void end(Reading start, Reading last) {
        write(start, last, true);
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
                json.name("packets_per_second").value(rounded(now.rate(sample.packets(), before == null ? 0 : before.packets(), previous)));
                json.name("syn_per_second").value(rounded(now.rate(sample.packets(FlagCombination.SYN),
                        before == null ? 0 : before.packets(FlagCombination.SYN), previous)));
                json.name("packets");
                flags(json, sample.packetsByFlags());
                if (sample.countsBytes()) {
                    json.name("bytes");
                    flags(json, sample.bytesByFlags());
                }
                json.name("ports").beginArray();
                for (Map.Entry<Integer, Long> port : sample.packetsByPort().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey()).toList()) {
                    json.beginObject().name("port").value(port.getKey()).name("packets").value(port.getValue()).endObject();
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
