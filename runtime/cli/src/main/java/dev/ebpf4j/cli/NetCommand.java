package dev.ebpf4j.cli;

import dev.ebpf4j.links.AttachedProgram;
import dev.ebpf4j.links.NetworkAttachments;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ebpf4j net [DEV]}: what is attached to one interface or all of them, whoever attached it, like {@code bpftool net}. */
@Command(name = "net", description = "Lists the XDP and tc programs attached to DEV, or to every interface.")
final class NetCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DEV", description = "The interface (default: all).")
    String device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<AttachedProgram> found = device == null ? NetworkAttachments.all(Optional.empty())
                : NetworkAttachments.on(AttachCommand.device(device));
        PrintWriter out = spec.commandLine().getOut();
        if (found.isEmpty()) {
            out.println(device == null ? "no XDP or tc programs attached" : device + ": no XDP or tc programs attached");
        }
        found.forEach(p -> out.println(p.describe()));
        return 0;
    }
}
