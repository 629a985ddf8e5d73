package dev.ebpf4j.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --pin-dir}, shared by the commands that keep ebpf4j's own pins: where on bpffs they live. */
final class PinDirectoryOption {
    @Option(names = "--pin-dir", paramLabel = "DIR", defaultValue = EbpfPins.DEFAULT,
            description = "ebpf4j's directory on bpffs (default: ${DEFAULT-VALUE}).")
    Path directory;

    EbpfPins pins() {
        return new EbpfPins(directory);
    }
}
