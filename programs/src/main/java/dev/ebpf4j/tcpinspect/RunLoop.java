package dev.ebpf4j.tcpinspect;

import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * One run of a command that attaches and watches: serve {@code /metrics} if asked (before
 * attaching, so that a taken port costs nothing), attach, then a reading each second to the output
 * until {@code --duration} is over, the person quits, or a stop is requested (SIGINT, SIGTERM);
 * then the last reading, and everything detached (or left pinned with {@code --persist}).
 */
final class RunLoop {
    private static final long INTERVAL_MILLIS = 1_000;

    private RunLoop() {
    }

    /**
     * Runs: {@code attach} attaches the programs into {@code deployment} and fills {@code sources};
     * {@code output} is made after attaching (the live view takes the terminal over only when there
     * is something to show). Returns the exit code.
     */
    static int run(CommonOptions options, Tcpinspect tool, Consumer<Deployment> attach, Sources sources,
                   java.util.function.Supplier<Output> output) {
        PrintWriter err = tool.err();
        // Closed in reverse: /metrics stops before the maps it reads are closed.
        try (Deployment deployment = tool.deployment(new Deployment(err));
             MetricsEndpoint metrics = options.prometheus == null ? null : MetricsEndpoint.start(options.prometheus, sources)) {
            attach.accept(deployment);
            if (metrics != null) {
                err.println("tcpinspect: serving /metrics on port " + metrics.port());
                err.flush();
            }
            long end = options.duration == null ? Long.MAX_VALUE : System.nanoTime() + Math.round(options.duration * 1e9);
            try (Output out = output.get()) {
                Reading start = sources.read();
                Reading previous = start;
                while (true) {
                    long left = Math.min(INTERVAL_MILLIS, (end - System.nanoTime()) / 1_000_000);
                    boolean stop = out.pause(left, tool.stop());
                    Reading now = sources.read();
                    if (stop || System.nanoTime() >= end) {
                        out.end(start, now);
                        break;
                    }
                    out.interval(start, previous, now);
                    previous = now;
                }
            }
        }
        return ExitCode.OK;
    }
}
