package dev.ebpf4j.tcpinspect;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every running command shares: outputs, how long, where and how to attach. */
final class CommonOptions {
    enum Mode { NATIVE, GENERIC }

    @Option(names = "--json", description = "JSON lines on standard output (schema in the README), instead of the view or plain lines.")
    boolean json;

    @Option(names = "--prometheus", paramLabel = "[HOST:]PORT", description = "Serve /metrics on PORT (all addresses, or HOST), read from the maps at each scrape.")
    String prometheus;

    @Option(names = "--duration", paramLabel = "S", description = "End by itself after S seconds (default: run until q, SIGINT or SIGTERM).")
    Double duration;

    @Option(names = "--persist", description = "Pin links and maps under --pin-dir: the programs stay attached after exit until 'tcpinspect stop DEV'.")
    boolean persist;

    @Option(names = "--mode", paramLabel = "native|generic",
            description = "The XDP mode of the guard and the firewall (default: native where the driver has it, else generic); watch and events attach at tc.")
    Mode mode;

    @Option(names = "--netns", paramLabel = "NAME", description = "The interfaces are in network namespace NAME (as 'ip netns' lists them).")
    String netns;

    @Option(names = "--pin-dir", paramLabel = "DIR", description = "Where --persist pins, and where a running guard or firewall pins its maps (default: ${DEFAULT-VALUE}).",
            defaultValue = PinLayout.DEFAULT_DIR)
    Path pinDir;
}
