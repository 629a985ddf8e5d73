package dev.ebpf4j.tcpinspect;

/** Picks a run's output: JSON lines when asked, the live view on a terminal, plain lines otherwise. */
final class Outputs {
    private Outputs() {
    }

    static Output choose(CommonOptions options, Tcpinspect tool, String what) {
        if (options.json) {
            return new JsonLines(tool.out(), true);
        }
        if (tool.terminal()) {
            return LiveView.open(tool.stop(), what);
        }
        return new PlainLines(tool.out());
    }
}
