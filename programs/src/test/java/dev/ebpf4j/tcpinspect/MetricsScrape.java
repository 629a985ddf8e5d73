package dev.ebpf4j.tcpinspect;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Scrapes {@code /metrics} as Prometheus does (Accept: the text format) and parses it with a
 * scraper-side parser, the official Python client's ({@code prometheus_client.parser}): the Java
 * client writes the format but has no parser of it.
 */
final class MetricsScrape {
    /** One sample: its name, its labels, its value. */
    record Sample(String name, Map<String, String> labels, double value) {}

    private static final String PARSER = """
            import sys, json
            from prometheus_client.parser import text_string_to_metric_families
            print(json.dumps([[s.name, s.labels, s.value] for f in text_string_to_metric_families(sys.stdin.read()) for s in f.samples]))
            """;

    private MetricsScrape() {
    }

    static List<Sample> scrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try (HttpClient client = HttpClient.newHttpClient()) {
            response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .header("Accept", "text/plain;version=0.0.4").build(), HttpResponse.BodyHandlers.ofString());
        }
        assertEquals(200, response.statusCode(), "GET /metrics");
        return parse(response.body());
    }

    static List<Sample> parse(String text) throws IOException, InterruptedException {
        // Debian's interpreter, where bin/install-test-deps puts the parser (python3-prometheus-client);
        // a python3 earlier on the PATH (pyenv, a virtualenv) would not see it.
        String python = "/usr/bin/python3";
        if (!java.nio.file.Files.isExecutable(java.nio.file.Path.of(python))) {
            String reason = "skipped: " + python + " is missing (bin/install-test-deps installs it with python3-prometheus-client)";
            System.err.println(reason);
            org.junit.jupiter.api.Assumptions.abort(reason);
        }
        Process process = new ProcessBuilder(python, "-c", PARSER).start();
        process.getOutputStream().write(text.getBytes());
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes());
        String err = new String(process.getErrorStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("the Prometheus text parser refused /metrics: " + err + "\n" + text);
        }
        List<Sample> samples = new ArrayList<>();
        for (JsonElement element : JsonParser.parseString(out).getAsJsonArray()) {
            JsonArray sample = element.getAsJsonArray();
            Map<String, String> labels = new TreeMap<>();
            sample.get(1).getAsJsonObject().entrySet().forEach(e -> labels.put(e.getKey(), e.getValue().getAsString()));
            samples.add(new Sample(sample.get(0).getAsString(), labels, sample.get(2).getAsDouble()));
        }
        return samples;
    }
}
