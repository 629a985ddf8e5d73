package dev.ebpf4j.tcpinspect;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ebpf4j.links.AttachedProgram;
import dev.ebpf4j.links.NetworkAttachments;
import dev.ebpf4j.links.NetworkDevice;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs tcpinspect for the tests: in this JVM through picocli, or as a process through bin/tcpinspect. */
final class ToolRuns {
    /** What a run printed and its exit code. */
    record Result(int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }

        /** The JSON lines on standard output, each parsed. */
        List<JsonObject> json() {
            return out.lines().map(line -> JsonParser.parseString(line).getAsJsonObject()).toList();
        }
    }

    /** A run in this JVM, in progress: its output so far and its result when it ends. */
    record Running(StringWriter out, StringWriter err, StopRequest stop, CompletableFuture<Result> result) {
        /** The JSON lines printed so far (whole lines only). */
        List<JsonObject> jsonSoFar() {
            String text;
            synchronized (out) {
                text = out.toString();
            }
            List<JsonObject> lines = new ArrayList<>();
            for (String line : text.split("\n", -1)) {
                if (!line.isBlank() && text.contains(line + "\n")) {
                    lines.add(JsonParser.parseString(line).getAsJsonObject());
                }
            }
            return lines;
        }
    }

    private ToolRuns() {
    }

    static Result inProcess(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Tcpinspect.run(args, new PrintWriter(out, true), new PrintWriter(err, true), new StopRequest());
        return new Result(code, out.toString(), err.toString());
    }

    static Running startInProcess(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        StopRequest stop = new StopRequest();
        CompletableFuture<Result> result = CompletableFuture.supplyAsync(() -> {
            int code = Tcpinspect.run(args, new PrintWriter(out, true), new PrintWriter(err, true), stop);
            return new Result(code, out.toString(), err.toString());
        }, runnable -> Thread.ofPlatform().name("tcpinspect-under-test").start(runnable));
        return new Running(out, err, stop, result);
    }

    /** {@code bin/tcpinspect} of this checkout (the tests run in programs/). */
    static Path launcher() {
        Path launcher = Path.of("..", "bin", "tcpinspect").toAbsolutePath().normalize();
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException(launcher + " is missing or not executable");
        }
        return launcher;
    }

    /** {@code command}, run with {@code prefix} before the launcher (e.g. ip netns exec NS). */
    static ProcessBuilder process(List<String> prefix, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(launcher().toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    static Result finish(Process process) throws IOException, InterruptedException {
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bin/tcpinspect did not end within 60 s");
        }
        return new Result(process.exitValue(), out.join(), err.join());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The XDP programs on {@code device}. */
    static List<AttachedProgram> xdp(NetworkDevice device) {
        return NetworkAttachments.on(device).stream().filter(p -> p.hook() == dev.ebpf4j.links.Hook.XDP).toList();
    }

    /** The tc programs on {@code device}, both directions. */
    static List<AttachedProgram> tc(NetworkDevice device) {
        return NetworkAttachments.on(device).stream().filter(p -> p.hook() != dev.ebpf4j.links.Hook.XDP).toList();
    }

    /** Waits up to {@code millis} until {@code device} carries at least {@code count} tc programs (exactly 0 for 0); fails the test otherwise. */
    static void awaitTc(NetworkDevice device, int count, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        java.util.function.BooleanSupplier reached = () -> count == 0 ? tc(device).isEmpty() : tc(device).size() >= count;
        while (!reached.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(reached.getAsBoolean(), (count == 0 ? "no" : "at least " + count) + " tc programs on " + device + ": " + tc(device));
    }

    /** Waits up to {@code millis} until a run has printed its first JSON line (it has attached everything then). */
    static List<JsonObject> awaitFirstLine(Running run, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (run.jsonSoFar().isEmpty() && System.currentTimeMillis() < deadline && !run.result().isDone()) {
            Thread.sleep(50);
        }
        List<JsonObject> lines = run.jsonSoFar();
        if (lines.isEmpty()) {
            throw new AssertionError("no JSON line within " + millis + " ms" + (run.result().isDone() ? ": " + run.result().join() : ""));
        }
        return lines;
    }

    /** Waits up to {@code millis} until {@code device} carries {@code count} XDP programs; fails the test otherwise. */
    static void awaitXdp(NetworkDevice device, int count, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (xdp(device).size() != count && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(count, xdp(device).size(), "XDP programs on " + device + ": " + xdp(device));
    }
}
