package dev.ebpf4j.tcpinspect;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code tcpinspect stop DEV…}: detaches what a {@code --persist} run left on DEV and removes exactly its pins. */
@Command(name = "stop", description = "Detaches what 'tcpinspect … --persist' left attached on DEV… and removes its pins.")
final class StopCommand implements Callable<Integer> {
    @ParentCommand
    Tcpinspect tool;

    @Parameters(arity = "1..*", paramLabel = "DEV", description = "The interfaces.")
    List<String> devices;

    @Option(names = "--netns", paramLabel = "NAME", description = "As given to the run that persisted.")
    String netns;

    @Option(names = "--pin-dir", paramLabel = "DIR", description = "As given to the run that persisted (default: ${DEFAULT-VALUE}).",
            defaultValue = PinLayout.DEFAULT_DIR)
    Path pinDir;

    @Override
    public Integer call() {
        Capabilities.require();
        PinLayout pins = new PinLayout(pinDir, netns);
        for (String device : devices) {
            List<Path> removed = pins.remove(device);
            tool.out().println("stop " + device + ": detached; removed " + removed.size() + " pins under " + pins.device(device));
        }
        tool.out().flush();
        return ExitCode.OK;
    }
}
